"""Join codes, one-time passwords and configuration safety."""

from __future__ import annotations

import pytest

from app import create_app
from app.security import new_join_code, new_one_time_password, normalise_join_code


def test_join_codes_avoid_confusable_characters():
    codes = {new_join_code() for _ in range(500)}
    assert all(len(code) == 6 for code in codes)
    assert not set("".join(codes)) & set("0O1lIUV")


def test_typed_codes_are_normalised():
    assert normalise_join_code(" k7p-m3x ") == "K7PM3X"


def test_one_time_passwords_are_easy_to_copy():
    password = new_one_time_password()
    assert len(password) == 9 and password[4] == "-"
    assert not set(password) & set("0o1lI")


def test_app_refuses_the_development_secret_outside_debug(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is the development key"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}, str(tmp_path))


def test_environment_overrides_config(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}, str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["db_engine"].dispose()
