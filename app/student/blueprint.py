"""The student blueprint: every page under /student, each needing a student's login."""

from flask import Blueprint, request

from app.access import require_role
from app.models import ROLE_STUDENT

bp = Blueprint("student", __name__, url_prefix="/student")
bp.before_request(require_role(ROLE_STUDENT))


def wants_json() -> bool:
    """Autosave (fetch or a beacon as the tab closes) wants a short answer, not a page."""
    return request.args.get("auto") == "1" or request.accept_mimetypes.best == "application/json"
