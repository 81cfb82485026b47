"""Per-request account checks: loading the user and the forced password change."""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask_login import current_user

from app.db import get_session
from app.extensions import login_manager
from app.services.accounts import load_for_session

# Pages a student with a one-time password may still open.
OPEN_DURING_PASSWORD_CHANGE = {"auth.change_password", "auth.logout", "static", "main.healthz"}


@login_manager.user_loader
def _load_user(identity: str):
    return load_for_session(get_session(), identity)


def _require_new_password():
    # The endpoint first: the health check and static files never need the user loaded.
    if (
        request.endpoint not in OPEN_DURING_PASSWORD_CHANGE
        and current_user.is_authenticated
        and current_user.must_change_password
    ):
        return redirect(url_for("auth.change_password"))
    return None


def init_app(app: Flask) -> None:
    """Send people who logged in with a one-time password to choose their own first."""
    app.before_request(_require_new_password)
