"""The session cookie: Flask's signed cookie, whose expiry slides with use at a lower cost.

Flask re-signs and re-sends a permanent session's cookie with every response, so that its
lifetime (PERMANENT_SESSION_LIFETIME) counts from the last request. That costs every request a
serialisation, a compression and an HMAC. Re-sending it only once the cookie is a minute old
slides the expiry all the same (at most a minute of twelve hours is lost) and costs nothing on
the other requests. A changed session (log-in, log-out, a new CSRF token) is sent at once, and
the signature's age is still checked against the lifetime on every request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

# How old a cookie may get before an unchanged session is signed and sent again.
REFRESH_AFTER = timedelta(minutes=1)


class SignedSession(SecureCookieSession):
    """A cookie session that knows when its cookie was signed (None: not from a cookie)."""

    signed_at: datetime | None = None


def utc_now() -> datetime:
    """The current time, aware, in UTC (as the cookie's signature states it)."""
    return datetime.now(UTC)


class SlidingSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, refreshed once a minute instead of on every request."""

    session_class = SignedSession

    def __init__(self) -> None:
        self._made: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer for the app's keys, made once rather than twice per request."""
        # Making one is not free: itsdangerous serialises a trial value to learn its output type.
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = self._made
        if made is None or made[0] != keys:
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        """The session in the request's cookie if its signature is valid and within its lifetime."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SignedSession) -> bool:
        """Send a changed session; re-send a permanent one once its cookie is a minute old."""
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or utc_now() - signed_at >= REFRESH_AFTER


def init_app(app: Flask) -> None:
    """Keep sessions in signed cookies that are refreshed once a minute."""
    app.session_interface = SlidingSessionInterface()
