"""Configuration: defaults, then instance/config.py, then environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from flask import Flask

# Not a secret in use: the app refuses to start with it outside debug and testing.
DEV_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105  # nosec B105


class Defaults:
    """Settings a fresh checkout runs with; each may be overridden."""

    SECRET_KEY = DEV_SECRET_KEY
    DATABASE_URL = ""  # empty: SQLite file in the instance folder
    DATABASE_SCHEMA = ""  # PostgreSQL only: a schema to put on the search_path
    SQL_ECHO = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "sourcewise_session"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 12
    # The name of a key-derivation function, not a password.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  # nosec B105
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    # Short Redis timeouts: a Redis that hangs costs a request about a second, not minutes.
    RATELIMIT_STORAGE_OPTIONS: ClassVar[dict] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    # A storage outage fails open (docs/SECURITY.md): Flask-Limiter counts in each process's
    # memory meanwhile, as app/throttle.py does, and a storage error never becomes a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Per-address flood guards, sized for a school whose classes share one public address.
    RATELIMIT_LOGIN = "120 per minute;1000 per hour"
    RATELIMIT_JOIN = "120 per minute;1000 per hour"
    RATELIMIT_SIGNUP = "10 per minute;50 per hour"
    # Guessing throttles (app/throttle.py): per account, per class code, per address.
    THROTTLE_ACCOUNT = "5 per 5 minutes;15 per hour"
    THROTTLE_JOIN_CODE = "30 per 10 minutes;100 per hour"
    THROTTLE_JOIN_PER_CLASS = "100 per 10 minutes;400 per day"
    RATELIMIT_HEADERS_ENABLED = True
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    ROSTER_MAX_STUDENTS = 200
    PROXY_FIX_HOPS = 0  # set to 1 behind one reverse proxy (TLS terminator)
    SCHOOL_TIMEZONE = "UTC"
    # The source articles the lessons quote; empty: ../shared/articles beside the checkout.
    # Without the folder the lessons are still served; the word-for-word check is skipped.
    ARTICLES_FOLDER = ""


# Environment variables read as settings, with the type each is parsed as.
ENV_SETTINGS: dict[str, type] = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "DATABASE_SCHEMA": str,
    "SESSION_COOKIE_SECURE": bool,
    "PASSWORD_HASH_METHOD": str,
    "RATELIMIT_ENABLED": bool,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_LOGIN": str,
    "RATELIMIT_JOIN": str,
    "RATELIMIT_SIGNUP": str,
    "THROTTLE_ACCOUNT": str,
    "THROTTLE_JOIN_CODE": str,
    "THROTTLE_JOIN_PER_CLASS": str,
    "PROXY_FIX_HOPS": int,
    "SCHOOL_TIMEZONE": str,
    "ARTICLES_FOLDER": str,
    "SQL_ECHO": bool,
}


def _parse(raw: str, kind: type) -> object:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw


def load_config(app: Flask, overrides: dict | None) -> None:
    """Fill app.config from the defaults, instance/config.py, the environment, then overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for name, kind in ENV_SETTINGS.items():
        raw = os.environ.get(name)
        if raw is not None and raw != "":
            app.config[name] = _parse(raw, kind)
    if overrides:
        app.config.update(overrides)
    if not app.config["DATABASE_URL"]:
        db_file = Path(app.instance_path) / "sourcewise.sqlite3"
        app.config["DATABASE_URL"] = f"sqlite:///{db_file}"


def refuse_insecure_secret(app: Flask) -> None:
    """Stop start-up outside debug and testing when the development secret key is still set."""
    if app.debug or app.testing:
        return
    if app.config["SECRET_KEY"] in ("", DEV_SECRET_KEY):
        raise RuntimeError(
            "SECRET_KEY is the development key. Set SECRET_KEY in the environment or in "
            "instance/config.py before running outside debug mode."
        )
