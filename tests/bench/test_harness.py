"""The bench harnesses run end to end: the load test (seed, gunicorn, wrk, the burst) and the
in-process profile beside the framework floor (../shared/bench/floor.py).

A tiny data set, one-second wrk runs and two requests per page: this checks that the harnesses
work and that every endpoint they measure answers without errors, not how fast anything is.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = [
    "--teachers", "1", "--classes-per-teacher", "1", "--students-per-class", "3",
    "--assignments", "1", "--bench-students", "4", "--bench-assignments", "2", "--crowd", "8",
    "--class-size", "4",
]  # fmt: skip
ENDPOINTS = {
    "healthz": 200,
    "log-in": 302,
    "student home": 200,
    "lesson page": 200,
    "autosave": 200,
    "quiz submit": 302,
    "result page": 200,
    "gradebook": 200,
    "item analysis": 200,
    "CSV export": 200,
}


def test_the_harness_measures_every_endpoint_and_both_bursts_without_errors(tmp_path):
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    kind = "postgresql" if postgres else "sqlite"
    env = {**os.environ, "BENCH_POSTGRES_URL": postgres} if postgres else dict(os.environ)
    raw = tmp_path / "bench.json"
    command = [
        sys.executable, "bench/run.py", "--db", kind, "--duration", "1", "--threads", "1",
        "--connections", "2", "--workers", "2", "--json", str(raw), *TINY,
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [run] = json.loads(raw.read_text())
    statuses = {name: r["probe_status"] for name, r in run["wrk"].items()}
    assert statuses == ENDPOINTS
    assert {name: r["errors"] for name, r in run["wrk"].items()} == dict.fromkeys(ENDPOINTS, 0)
    assert all(r["requests"] > 0 and r["healthz_rps"] > 0 for r in run["wrk"].values())
    for burst, students in (("class", 4), ("crowd", 8)):
        result = run["bursts"][burst]
        assert result["students"] == students and result["errors"] == 0
        assert result["stored"] == {
            "rows": students, "students": students, "min_number": 1, "max_number": 1,
            "submitted": students,
        }  # fmt: skip
    assert "| lesson page | 200 |" in done.stdout and "exactly once" in done.stdout


def test_the_profile_times_every_page_beside_its_floor_page_and_prints_a_markdown_table():
    command = [
        sys.executable, "bench/profile.py", "--repeat", "2", "--rounds", "2", "--markdown", *TINY,
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    head = "| page | CPU ms | floor page | floor ms | ratio | target | met | per round |"
    assert rows[0] == head
    split = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]
    cells = {page: rest for page, *rest in split}
    assert set(cells) == {
        "`/healthz`", "student home", "lesson page", "autosave", "quiz submit (repeat)",
        "result page", "first submission", "class page (bench class)",
        "gradebook (bench class)", "item analysis", "gradebook CSV",
    }  # fmt: skip
    assert cells["`/healthz`"][1] == "`/healthz`" and cells["lesson page"][1] == "`/signed`"
    assert all(float(c[0]) > 0 and float(c[2]) > 0 for c in cells.values())
    assert cells["lesson page"][4] == "<= 1.5x" and cells["lesson page"][5] in {"met", "MISSED"}
    # Two rounds: each round's ratio, median (the upper of two) and range.
    median, low, high = re.fullmatch(r"(\S+)x \((\S+)-(\S+)\)", cells["lesson page"][6]).groups()
    assert float(low) <= float(median) == float(high)
    assert "`/hello`" in done.stdout
