"""The lesson check command works on its own: a summary, the problems, the exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lesson_samples import VALID_LESSON

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )


def test_check_command_prints_a_summary_and_exits_zero_on_valid_lessons(tmp_path):
    (tmp_path / "bridge-report.md").write_text(VALID_LESSON)
    result = run("-m", "app.lessons.check", str(tmp_path))
    assert (result.returncode, result.stdout) == (0, "1 lesson, 10 questions, 0 problems\n")


def test_check_command_lists_problems_and_exits_one(tmp_path):
    (tmp_path / "bridge-report.md").write_text(
        VALID_LESSON.replace("estimated_minutes: 30", "estimated_minutes: 3")
    )
    result = run("-m", "app.lessons.check", str(tmp_path))
    path = tmp_path / "bridge-report.md"
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:5: estimated_minutes: must be a whole number from 5 to 180, not the number 3",
        "0 lessons, 0 questions, 1 problem",
    ]
