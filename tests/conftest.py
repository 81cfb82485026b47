"""Fixtures every test module shares: app, client, runner, database, live server, browser."""

from __future__ import annotations

import os
import secrets
import shutil
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import create_app
from app.db import Base, make_engine
from app.migrate import upgrade

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# A PostgreSQL server for the tests that need one in the SQLite run too (backup and upgrade
# drills): the run's own database server, else the one CI names, else the CI machines' default.
POSTGRES_SERVER_URL = (
    TEST_DATABASE_URL
    or os.environ.get("TEST_POSTGRES_SERVER_URL")
    or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    # Cheap scrypt parameters: the real ones cost ~150 ms a hash on these machines.
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    "RATELIMIT_ENABLED": False,
    "WTF_CSRF_ENABLED": False,
}


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> Iterator[dict]:
    """A migrated database for the run: a fresh schema on PostgreSQL, a file on SQLite."""
    if TEST_DATABASE_URL:
        schema = f"test_{secrets.token_hex(6)}"
        admin = make_engine(TEST_DATABASE_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        settings = {"DATABASE_URL": TEST_DATABASE_URL, "DATABASE_SCHEMA": schema}
    else:
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        settings = {"DATABASE_URL": f"sqlite:///{path}", "DATABASE_SCHEMA": ""}
    engine = make_engine(settings["DATABASE_URL"], settings["DATABASE_SCHEMA"])
    upgrade(engine)
    engine.dispose()
    yield settings
    if TEST_DATABASE_URL:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a PostgreSQL server tests may create databases on; CI must have one."""
    engine = create_engine(POSTGRES_SERVER_URL, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        if IN_CI:
            pytest.fail(f"No PostgreSQL server at {POSTGRES_SERVER_URL}: {error}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_SERVER_URL}")
    finally:
        engine.dispose()
    return POSTGRES_SERVER_URL


@pytest.fixture(scope="session")
def _cleaner(database) -> Iterator:
    engine = make_engine(database["DATABASE_URL"], database["DATABASE_SCHEMA"])
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables_after_test(request) -> Iterator[None]:
    """Each test starts from empty tables (the schema stays)."""
    engine = request.getfixturevalue("_cleaner") if "database" in request.fixturenames else None
    yield
    if engine is None:
        return
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def empty_engine(tmp_path):
    """An engine on a database with nothing in it."""
    if TEST_DATABASE_URL:
        schema = f"mig_{secrets.token_hex(6)}"
        admin = make_engine(TEST_DATABASE_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(TEST_DATABASE_URL, schema)
        yield engine
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
        yield engine
        engine.dispose()


def make_test_app(database: dict, **overrides):
    """An app on the test database with test settings plus `overrides`."""
    return create_app({**BASE_CONFIG, **database, **overrides})


@pytest.fixture
def app(database):
    """A fresh app on the test database."""
    application = make_test_app(database)
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session of the test's own for arranging and checking data.

    It holds no app context open: requests made meanwhile would share it (and its `g`).
    """
    session = Session(bind=app.extensions["db_engine"])
    session.info["app"] = app
    yield session
    session.close()


# ---- Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(database) -> Iterator[str]:
    """The app served on a free local port in a background thread, with CSRF on."""
    from tests.servers import thread_server

    application = make_test_app(database, WTF_CSRF_ENABLED=True)
    server = thread_server(application)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    application.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; a missing browser fails the run in CI."""
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must install it.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """page.goto('/login') goes to the live server."""
    return live_server
