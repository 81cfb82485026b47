"""The district profile runs end to end on a tiny district, and each page runs as many SQL
statements there as on the standard set.

Tiny sizes and two requests per page: this checks that bench/district_profile.py works and that
no page's statement count grows with the data, not how fast anything is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = [
    "--district-students", "60", "--district-classes", "3", "--district-weeks", "3",
    "--teachers", "1", "--classes-per-teacher", "1", "--students-per-class", "3",
    "--assignments", "1", "--bench-students", "4", "--bench-assignments", "2", "--crowd", "8",
]  # fmt: skip
PAGES = {
    "home", "lesson", "autosave", "first-submit", "result", "class", "gradebook", "analysis",
    "csv", "check-in",
}  # fmt: skip


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    """The figures of one tiny run, as the script writes them with --json."""
    raw = tmp_path_factory.mktemp("district") / "district.json"
    command = [sys.executable, "bench/district_profile.py", "--repeat", "2", "--markdown",
               "--json", str(raw), *TINY]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "| page | statements |" in done.stdout
    return json.loads(raw.read_text())


def test_the_district_is_seeded_at_the_sizes_given(figures):
    rows = figures["district"]["rows"]
    assert (rows["user_account"], rows["classroom"], rows["assignment"]) == (60 + 1, 3, 3 * 3)


def test_every_page_of_the_three_probes_is_timed(figures):
    probes = figures["probes"]
    assert list(probes) == ["small set", "district, bench class", "district class"]
    assert [p["grid"] for p in probes.values()] == ["4 x 2", "4 x 2", "20 x 3"]
    assert all(set(p["ms"]) == PAGES and min(p["ms"].values()) > 0 for p in probes.values())


def test_every_page_runs_as_many_statements_on_the_district_as_on_the_small_set(figures):
    probes = figures["probes"]
    small = probes["small set"]["statements"]
    assert set(small) == PAGES
    assert probes["district, bench class"]["statements"] == small
    assert probes["district class"]["statements"] == small
