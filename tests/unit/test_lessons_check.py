"""The lesson check command works on its own: a summary, the problems, the exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lesson_samples import VALID_LESSON, write_articles

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )


def test_check_command_prints_a_summary_and_exits_zero_on_valid_lessons(tmp_path):
    (tmp_path / "bridge-report.md").write_text(VALID_LESSON)
    articles = write_articles(tmp_path / "articles")
    result = run("-m", "app.lessons.check", str(tmp_path), str(articles))
    expected = "1 lesson, 10 questions, 0 problems, 0 warnings\n"
    assert (result.returncode, result.stdout) == (0, expected)


def test_check_command_lists_problems_and_exits_one(tmp_path):
    (tmp_path / "bridge-report.md").write_text(
        VALID_LESSON.replace("estimated_minutes: 30", "estimated_minutes: 3")
    )
    articles = write_articles(tmp_path / "articles")
    result = run("-m", "app.lessons.check", str(tmp_path), str(articles))
    path = tmp_path / "bridge-report.md"
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:5: estimated_minutes: must be a whole number from 5 to 180, not the number 3",
        "0 lessons, 0 questions, 1 problem, 0 warnings",
    ]


def test_check_command_warns_but_exits_zero_without_the_article_folder(tmp_path):
    (tmp_path / "bridge-report.md").write_text(VALID_LESSON)
    missing = tmp_path / "no-articles"
    result = run("-m", "app.lessons.check", str(tmp_path), str(missing))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"warning: {missing}: the source article folder does not exist, so the paragraphs were "
        "not checked word for word against the articles",
        "1 lesson, 10 questions, 0 problems, 1 warning",
    ]
