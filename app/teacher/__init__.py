"""Teachers' pages: classes, rosters and students."""

from flask import Blueprint

from app.access import require_role
from app.models import ROLE_TEACHER

bp = Blueprint("teacher", __name__, url_prefix="/teacher")
bp.before_request(require_role(ROLE_TEACHER))

from app.teacher import assignments, classes, lessons, marking, results  # noqa: E402,F401  (registers the views)
