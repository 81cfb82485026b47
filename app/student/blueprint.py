"""The student blueprint: every page under /student, each needing a student's login."""

from flask import Blueprint

from app.access import require_role
from app.models import ROLE_STUDENT

bp = Blueprint("student", __name__, url_prefix="/student")
bp.before_request(require_role(ROLE_STUDENT))
