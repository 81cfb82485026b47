"""Starting a logged-in session and where it lands (for the log-in, sign-up and join views)."""

from __future__ import annotations

import secrets
import unicodedata
from urllib.parse import urlsplit

from flask import session, url_for
from flask_login import login_user

from app.models import User


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    # A line break in the Location header is refused by werkzeug (a 500), browsers drop tabs
    # and line breaks from URLs, and no link of ours holds any of these characters.
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def home_for(user: User) -> str:
    """The start page for this person's role."""
    return url_for("teacher.dashboard" if user.is_teacher else "student.home")


def start_session(user: User) -> None:
    """Log in with a brand-new session, so nothing from before log-in carries over."""
    session.clear()
    login_user(user)
    session["sid"] = secrets.token_urlsafe(16)
    session.permanent = True
