"""Password hashing, secret generation and HTTP security headers."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, Response, current_app, request
from werkzeug.security import check_password_hash, generate_password_hash

# No 0/O, 1/l/I and no U/V pair: codes are read aloud and typed by students.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
JOIN_CODE_LENGTH = 6
# One-time passwords are copied from a printed card: lower case, no look-alikes.
OTP_ALPHABET = "abcdefghjkmnpqrstwxyz23456789"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def secret_key() -> bytes:
    """The app's secret key as bytes, for the keyed draws (option orders, check-in seats)."""
    secret = current_app.config["SECRET_KEY"]
    return secret.encode() if isinstance(secret, str) else secret


def hash_password(password: str) -> str:
    """Hash with the configured KDF (scrypt by default)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its stored hash."""
    return check_password_hash(password_hash, password)


def new_join_code() -> str:
    """A random class code such as 'K7PM3X'."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """Upper-case a typed code and drop spaces and dashes, so 'k7p-m3x' matches."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def new_one_time_password() -> str:
    """A password for a login card, e.g. 'kx7m-p3qa' (about 40 bits)."""
    chars = [secrets.choice(OTP_ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def offline_owner(user) -> str:
    """The opaque tag that marks a user's quiz copies in a browser; the same at every log-in."""
    # Keyed by the secret, so storage read on a shared computer names nobody and another
    # student's tag cannot be worked out; stable, so a student gets their own copy back.
    message = f"offline-copy-owner:{user.id}".encode()
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


# Sent with every response unless a view set its own value.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def security_headers(app: Flask):
    """An after-request hook adding the security headers (HSTS too when cookies are secure)."""
    chosen = SECURITY_HEADERS + ((HSTS,) if app.config["SESSION_COOKIE_SECURE"] else ())
    defaults = [(name.lower(), name, value) for name, value in chosen]

    def add_headers(response: Response) -> Response:
        headers = response.headers
        present = {name.lower() for name, _ in headers}
        for key, name, value in defaults:
            if key not in present:
                headers.add(name, value)
        # Pages carry students' names and work: shared school computers must not cache them.
        if "cache-control" not in present and request.endpoint != "static":
            headers.add("Cache-Control", "no-store")
        return response

    return add_headers


def init_app(app: Flask) -> None:
    """Add the security headers to every response; let pages tag browser copies by owner."""
    app.after_request(security_headers(app))
    app.jinja_env.globals["offline_owner"] = offline_owner
