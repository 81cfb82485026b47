"""Students' pages."""

from flask import Blueprint

from app.access import require_role
from app.models import ROLE_STUDENT

bp = Blueprint("student", __name__, url_prefix="/student")
bp.before_request(require_role(ROLE_STUDENT))

from app.student import quiz, routes  # noqa: E402,F401  (registers the views)
