"""The front page and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template
from flask_login import current_user
from sqlalchemy import text

from app.auth.sessions import home_for
from app.db import get_session

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """What the app is, for visitors; everyone else goes to their start page."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return render_template("main/index.html")


@bp.route("/healthz")
def healthz():
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        get_session().execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
