"""Error pages in the app's own look, each with a way back."""

from __future__ import annotations

from flask import Flask, g, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: ("Something in that request was not right", "Go back, check the form and try again."),
    403: ("You can't open this page", "Your account does not have access to it."),
    404: ("Page not found", "The address may be mistyped, or the page was removed."),
    405: ("That action isn't allowed here", "Use the buttons on the page instead."),
    413: ("That upload is too large", "Upload a smaller file (at most 2 MB)."),
    429: ("Too many attempts", "Wait a minute, then try again."),
    500: ("Something went wrong on our side", "Nothing you did caused this. Try again shortly."),
}


def _render(code: int, detail: str | None = None):
    title, hint = MESSAGES.get(code, MESSAGES[400])
    return render_template("errors/error.html", code=code, title=title, hint=detail or hint), code


def _http_error(error: HTTPException):
    code = error.code or 500
    # Only messages we wrote ourselves (abort(403, description=...)) are shown.
    detail = error.description if code == 403 and error.description else None
    if detail == type(error).description:
        detail = None
    return _render(code, detail)


def _csrf_error(_error: CSRFError):
    hint = (
        "This form was open too long or was sent twice, so it was refused to keep your "
        "account safe. Go back, reload the page and try again."
    )
    return render_template("errors/error.html", code=400, title="The form expired", hint=hint), 400


def _server_error(_error: InternalServerError):
    # The failed request's transaction is unusable; the error page must not reuse it.
    session = g.get("db_session")
    if session is not None:
        session.rollback()
    return _render(500)


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
