"""Sign-up, log-in, log-out and passwords."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import join, routes  # noqa: E402,F401  (registers the views)
