"""Authorization by role: the before_request check each blueprint installs."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, request, url_for
from flask import redirect as http_redirect
from flask_login import current_user


def require_role(role: str) -> Callable[[], object]:
    """A before_request hook: anonymous visitors go to log-in, the wrong role gets 403."""

    def check():
        if not current_user.is_authenticated:
            return http_redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if current_user.role != role:
            abort(403)
        return None

    return check
