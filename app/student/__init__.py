"""Students' pages: their classes and assignments, taking a quiz, and results.

Importing a view module adds its routes to the blueprint, so the package imports them all.
"""

from app.student import check_ins, quiz, routes
from app.student.blueprint import bp

__all__ = ["bp", "check_ins", "quiz", "routes"]
