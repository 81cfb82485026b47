"""Error pages in the app's own look, each with a way back."""

from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
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
    _rollback_quietly()
    return _render(500)


# Form fields never written back into a page: a retry asks for them again.
SECRET_FIELDS = ("password", "current_password", "confirm")
UNSAVED = (
    "We could not save just now: the database is not answering. Your answers are kept on this "
    "page. Try again in a moment."
)


def _rollback_quietly() -> None:
    session = g.get("db_session")
    if session is None:
        return
    try:
        session.rollback()
    except DBAPIError:  # the connection is gone; the pool replaces it on next use
        session.close()


def _database_unavailable(error: DBAPIError):
    """503 when the database cannot be reached (restart, failover, full disk): nothing is lost.

    A form is offered again with what was sent, so a student's answers survive the outage;
    autosave gets a short JSON answer and the browser keeps its copy.
    """
    if not _is_unavailable(error):
        current_app.logger.error("database error", exc_info=error)
        return _server_error(error)
    current_app.logger.warning("database unavailable: %s", error.orig)
    _rollback_quietly()
    if "_login_user" not in g:  # the failure may have been loading the user itself
        g._login_user = AnonymousUserMixin()
    headers = {"Retry-After": "5"}
    if request.args.get("auto") == "1" or request.accept_mimetypes.best == "application/json":
        return jsonify(saved=False, message=UNSAVED), 503, headers
    fields = [
        (name, value)
        for name, values in request.form.lists()
        if name not in SECRET_FIELDS
        for value in values
    ]
    retyped = any(name in SECRET_FIELDS for name in request.form)
    page = render_template(
        "errors/unavailable.html",
        fields=fields if request.method == "POST" else [],
        retyped=retyped,
        files=bool(request.files),
    )
    return page, 503, headers


def _is_unavailable(error: DBAPIError) -> bool:
    """Whether the error means "no database right now" rather than a bug in a statement."""
    return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
