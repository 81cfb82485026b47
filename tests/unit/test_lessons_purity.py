"""The pure core imports neither Flask nor SQLAlchemy, and the check command works alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lesson_samples import VALID_LESSON

ROOT = Path(__file__).resolve().parents[2]

# app/__init__.py builds the Flask app, so the probe registers a bare `app` package first:
# what is checked is what the lesson and question modules themselves pull in.
PROBE = f"""
import sys, types
package = types.ModuleType("app")
package.__path__ = [{str(ROOT / "app")!r}]
sys.modules["app"] = package
import app.lessons, app.lessons.export, app.lessons.check, app.questions
print(sorted(name for name in sys.modules if name.split(".")[0] in ("flask", "sqlalchemy")))
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )


def test_lesson_and_question_modules_import_neither_flask_nor_sqlalchemy():
    result = run("-c", PROBE)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


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
