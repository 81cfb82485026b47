"""The front page, the "How to check a claim" page and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template
from flask_login import current_user
from sqlalchemy import text

from app import lesson_vocabulary
from app.auth.sessions import home_for
from app.db import get_engine
from app.throttle import get_throttle

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """What the app is, for visitors; everyone else goes to their start page."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return render_template("main/index.html")


@bp.route("/how-to-check")
def how_to_check():
    """The verdict scheme every lesson uses, for students and teachers, logged in or not."""
    return render_template(
        "main/how_to_check.html",
        verdicts=lesson_vocabulary.VERDICT_PRECEDENCE,
        definitions=lesson_vocabulary.VERDICT_DEFINITIONS,
    )


@bp.route("/healthz")
def healthz():
    """503 when the database does not answer; else 200, "degraded" if rate limits count apart.

    Without Redis the host still serves everyone (counts fall back to each process's memory),
    so the load balancer must keep it: the problem is in the body, not the status.
    """
    try:
        # A connection of its own: no ORM session to open and close for one statement.
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"
        return jsonify(status="error", database="unreachable"), 503
    storage = get_throttle().storage_state()
    status = "degraded" if storage == "unreachable" else "ok"
    return jsonify(status=status, database="ok", ratelimit_storage=storage)
