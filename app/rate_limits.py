"""The per-address flood guards (Flask-Limiter), worked out only on the routes that carry one.

Flask-Limiter works out, before every request, which limits apply to it: for a route without a
limit that finds nothing, at a cost on every page. While no limit covers every route (no default,
application, meta or fallback limits, and no blueprint-wide limit), only the routes decorated
with `limiter.limit` have anything to check, so the others skip that step. The decorated routes
are found from the app's own view functions, so a new limited route is checked without more ado.
"""

from __future__ import annotations

from flask import Flask, current_app, request

from app.extensions import limiter

# Settings whose limits would apply to routes without a limit of their own.
APP_WIDE = (
    "RATELIMIT_DEFAULT",
    "RATELIMIT_APPLICATION",
    "RATELIMIT_META",
    "RATELIMIT_IN_MEMORY_FALLBACK",
)
# Flask-Limiter marks each view it wraps with this attribute.
MARK = "__wrapper-limiter-instance"


def routes_without_limits(app: Flask) -> frozenset[str]:
    """Endpoints no limit can apply to; none while some limit covers every route."""
    manager = limiter.limit_manager
    blueprint_limits = getattr(manager, "_blueprint_limits", None)
    if (
        any(app.config.get(name) for name in APP_WIDE)
        or manager.default_limits
        or manager.application_limits
        or blueprint_limits is None
        or blueprint_limits
    ):
        return frozenset()
    return frozenset(
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, MARK, None) is None
    )


@limiter.request_filter
def _nothing_to_check() -> bool:
    unlimited = current_app.extensions.get("routes_without_limits")
    if unlimited is None:  # worked out at the first request, once every blueprint is in
        unlimited = current_app.extensions["routes_without_limits"] = routes_without_limits(
            current_app
        )
    return request.endpoint in unlimited


def init_app(app: Flask) -> None:
    """Bind the limiter to the app."""
    limiter.init_app(app)
