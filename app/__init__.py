"""Sourcewise: media-literacy lessons and quizzes for classes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import (
    auth,
    cli,
    converters,
    db,
    errors,
    formatting,
    lesson_library,
    main,
    question_templates,
    rate_limits,
    security,
    session_cookie,
    student,
    teacher,
    throttle,
)
from app.auth.guards import init_app as init_guards
from app.config import load_config, refuse_insecure_secret
from app.extensions import csrf, login_manager


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error pages, CLI."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, test_config)
    refuse_insecure_secret(app)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    session_cookie.init_app(app)
    csrf.init_app(app)
    rate_limits.init_app(app)
    throttle.init_app(app)
    _init_login(app)
    security.init_app(app)
    errors.init_app(app)
    lesson_library.init_app(app)
    question_templates.init_app(app)
    formatting.init_app(app)
    cli.init_app(app)
    converters.init_app(app)
    _register_blueprints(app)
    return app


def _init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.session_protection = "basic"
    init_guards(app)


def _register_blueprints(app: Flask) -> None:
    for package in (main, auth, teacher, student):
        app.register_blueprint(package.bp)
