"""The teacher blueprint: every page under /teacher, each needing a teacher's login."""

from flask import Blueprint

from app.access import require_role
from app.models import ROLE_TEACHER

bp = Blueprint("teacher", __name__, url_prefix="/teacher")
bp.before_request(require_role(ROLE_TEACHER))
