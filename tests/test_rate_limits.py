"""The limiter skips only routes no limit can reach, and none while a limit covers every route."""

from __future__ import annotations

import pytest

from app.rate_limits import APP_WIDE, routes_without_limits
from tests.conftest import make_test_app


def test_only_the_routes_without_a_limit_of_their_own_are_skipped(app):
    limited = set(app.view_functions) - routes_without_limits(app)
    assert limited == {"auth.login", "auth.signup", "auth.join"}


@pytest.mark.parametrize("setting", APP_WIDE)
def test_with_a_limit_for_every_route_no_route_is_skipped(app, setting):
    # Set on the config only: the limiter object is shared by every app in the process.
    app.config[setting] = "2 per minute"
    assert routes_without_limits(app) == frozenset()


def test_a_limited_route_is_still_limited_after_other_pages(database):
    app = make_test_app(database, RATELIMIT_ENABLED=True, RATELIMIT_JOIN="2 per minute")
    client = app.test_client()
    assert client.get("/how-to-check").status_code == 200
    statuses = [client.post("/join", data={"code": "ZZZZZZ"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    app.extensions["db_engine"].dispose()
