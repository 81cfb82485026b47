"""Sign-up, log-in, log-out, passwords, and joining a class by its code.

Importing a view module adds its routes to the blueprint, so the package imports them all.
"""

from app.auth import join, routes
from app.auth.blueprint import bp

__all__ = ["bp", "join", "routes"]
