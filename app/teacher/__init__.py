"""Teachers' pages: classes and rosters, lessons, assignments, results and marking.

Importing a view module adds its routes to the blueprint, so the package imports them all.
"""

from app.teacher import assignments, check_ins, classes, control, lessons, marking, results
from app.teacher.blueprint import bp

__all__ = ["assignments", "bp", "check_ins", "classes", "control", "lessons", "marking", "results"]
