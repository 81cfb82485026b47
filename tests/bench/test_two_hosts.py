"""bench/run.py --hosts 2: two gunicorn masters on one PostgreSQL schema and one Redis.

Run once on a tiny data set with one worker per host. It checks the three things several app
hosts must share (a session, the guessing counts, the stored submissions), not timings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.redis_server import REDIS_SERVER, start_redis

ROOT = Path(__file__).resolve().parents[2]
TINY = [
    "--teachers", "1", "--classes-per-teacher", "1", "--students-per-class", "3",
    "--assignments", "1", "--bench-students", "4", "--bench-assignments", "2",
    "--crowd", "8", "--class-size", "4",
]  # fmt: skip
ACCOUNT_LIMIT = 5  # THROTTLE_ACCOUNT: 5 wrong passwords in 5 minutes


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A redis-server of the module's own; a missing binary fails in CI and skips elsewhere."""
    if REDIS_SERVER is None:
        if IN_CI:
            pytest.fail("redis-server is not installed; CI must install it.")
        pytest.skip("redis-server is not installed (apt-get install redis-server).")
    server = start_redis(tmp_path_factory.mktemp("redis"))
    yield server.url(0)
    server.stop()


@pytest.fixture(scope="module")
def run(postgres_server, redis_url, tmp_path_factory) -> dict:
    """The raw figures of one tiny two-host run."""
    raw = tmp_path_factory.mktemp("two-hosts") / "bench.json"
    command = [
        sys.executable, "bench/run.py", "--hosts", "2", "--workers", "1",
        "--redis-url", redis_url, "--json", str(raw), *TINY,
    ]  # fmt: skip
    env = {**_environment(), "BENCH_POSTGRES_URL": postgres_server}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    [result] = json.loads(raw.read_text())
    return result


def _environment() -> dict[str, str]:
    # The hosts must use the app's own limits, whatever the caller's shell says.
    return {k: v for k, v in os.environ.items() if not k.startswith(("THROTTLE_", "RATELIMIT_"))}


def test_the_two_hosts_run_on_postgresql_with_two_hosts(run):
    assert run["label"] == "PostgreSQL" and run["hosts"] == 2


def test_a_session_made_on_host_1_opens_a_page_and_posts_its_csrf_token_on_host_2(run):
    session = run["two_hosts"]["session"]
    assert session == {"home_on_host_2": 200, "save_on_host_2": 200, "forged_token_on_host_2": 400}


def test_wrong_passwords_on_both_hosts_are_refused_after_one_shared_limit(run):
    throttle = run["two_hosts"]["throttle"]
    assert throttle["limit"] == ACCOUNT_LIMIT
    assert throttle["wrong_password_statuses"] == [200] * ACCOUNT_LIMIT + [429, 429]
    assert throttle["right_password_status"] == 429


@pytest.mark.parametrize("burst, students", [("class", 4), ("crowd", 8)])
def test_a_burst_spread_over_both_hosts_stores_every_attempt_exactly_once(run, burst, students):
    result = run["bursts"][burst]
    assert result["students"] == students and result["errors"] == 0
    assert result["stored"] == {
        "rows": students, "students": students, "min_number": 1, "max_number": 1,
        "submitted": students,
    }  # fmt: skip


def test_two_hosts_are_refused_on_sqlite_with_the_reason():
    command = [sys.executable, "bench/run.py", "--hosts", "2", "--db", "sqlite"]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "--hosts 2 needs PostgreSQL" in done.stderr and "one file on one host" in done.stderr
