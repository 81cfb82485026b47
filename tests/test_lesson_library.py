"""The real lesson library: checked, complete, exported, served, and never leaking keys."""

from __future__ import annotations

import json
import os
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from app.lesson_library import DEFAULT_FOLDER, library_for
from app.lesson_vocabulary import Skill
from app.lessons import load_library
from tests.conftest import make_test_app
from tests.factories import login, make_student, make_teacher
from tests.quiz_forms import secret_texts

LIBRARY = library_for(DEFAULT_FOLDER)
ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"


def test_lessons_check_reports_six_lessons_and_no_problems(runner):
    result = runner.invoke(args=["lessons", "check", "--articles", str(ARTICLES)])
    assert result.exit_code == 0, result.output
    assert "6 lessons, 2 check-in forms, 111 questions, 0 problems" in result.output


def test_lessons_check_lists_warnings_without_failing(runner):
    result = runner.invoke(args=["lessons", "check", "--articles", str(ARTICLES)])
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].endswith(f"{len(warnings)} warnings")


def test_lessons_check_names_the_changed_word_of_a_paragraph(runner, tmp_path):
    good = (DEFAULT_FOLDER / "tiotkino-raid.md").read_text(encoding="utf-8")
    (tmp_path / "tiotkino-raid.md").write_text(
        good.replace("capturing the village of Tiotkino", "taking the village of Tiotkino", 1),
        encoding="utf-8",
    )
    result = runner.invoke(
        args=["lessons", "check", "--folder", str(tmp_path), "--articles", str(_articles_folder())]
    )
    assert result.exit_code == 1
    assert (
        'article.paragraphs[1]: paragraph 1 differs from 004_4dde6db31d32f312.txt at "taking" '
        '(article has "capturing")' in result.output
    )


def test_library_has_at_least_60_questions():
    assert LIBRARY.question_count >= 60


@pytest.mark.parametrize("skill", sorted(Skill))
def test_every_skill_has_at_least_15_questions(skill):
    tagged = sum(1 for lesson in LIBRARY for q in lesson.questions if skill in q.skills)
    assert tagged >= 15, f"{skill}: {tagged} questions"


def test_every_lesson_uses_at_least_four_question_types_and_ten_questions():
    for lesson in LIBRARY:
        assert len(lesson.questions) >= 10, lesson.slug
        assert len({q.type for q in lesson.questions}) >= 4, lesson.slug


def _articles_folder() -> Path:
    if not ARTICLES.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the source articles are missing at {ARTICLES}")
        pytest.skip("the shared article collection is not beside this checkout")
    return ARTICLES


def test_the_library_passes_the_word_for_word_check_against_the_article_files():
    checked = load_library(DEFAULT_FOLDER, _articles_folder())
    assert (len(checked.teaching), sorted(checked.check_in_sets), checked.problems) == (
        6,
        ["signals"],
        [],
    )


def test_every_block_is_verbatim_in_its_declared_article_and_all_five_are_used():
    folder = _articles_folder()
    used = Counter()
    # Check-in forms read invented passages, which have no file: the lessons read all five.
    for lesson in LIBRARY.teaching:
        for block in lesson.article.blocks:
            article = (folder / block.source).read_text(encoding="utf-8")
            assert block.text in article, f"{lesson.slug} {block.number}: {block.text[:60]}"
            used[block.source] += 1
    assert sorted(used) == sorted(path.name for path in folder.glob("*.txt"))
    assert len(used) == 5


def test_lessons_check_names_file_line_and_field_of_a_broken_lesson(runner, tmp_path):
    good = (DEFAULT_FOLDER / "tiotkino-raid.md").read_text(encoding="utf-8")
    (tmp_path / "tiotkino-raid.md").write_text(
        good.replace("estimated_minutes:", "estimated_minutes: nine #", 1), encoding="utf-8"
    )
    result = runner.invoke(args=["lessons", "check", "--folder", str(tmp_path)])
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(good.splitlines(), 1) if "estimated_minutes" in text)
    assert f"tiotkino-raid.md:{line}: estimated_minutes:" in result.output
    assert "0 lessons" in result.output


def test_json_export_parses_and_matches_what_the_app_serves(runner, client, db):
    result = runner.invoke(args=["lessons", "export", "--format", "json"])
    exported = json.loads(result.output)
    assert [lesson["slug"] for lesson in exported["lessons"]] == [x.slug for x in LIBRARY]
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    for lesson in exported["lessons"]:
        preview = client.get(f"/teacher/lessons/{lesson['slug']}").get_data(as_text=True)
        guide = client.get(f"/teacher/lessons/{lesson['slug']}/guide").get_data(as_text=True)
        assert lesson["title"].replace("'", "&#39;") in preview
        assert lesson["version"] in guide
        for question in lesson["quiz"]:
            assert f'id="q-{question["id"]}"' in preview
            assert f'id="key-{question["id"]}"' in guide


def test_gift_export_has_every_choice_question(runner):
    gift = runner.invoke(args=["lessons", "export", "--format", "gift"]).output
    for lesson in LIBRARY:
        for question in lesson.questions:
            if question.type in ("single_choice", "multiple_select", "short_answer"):
                assert f"::{lesson.slug} {question.id}::" in gift


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LIBRARY])
def test_student_view_preview_holds_no_key_feedback_or_explanation(client, db, slug):
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    html = client.get(f"/teacher/lessons/{slug}").get_data(as_text=True)
    page = unescape(html)
    leaks = [text for text in secret_texts(LIBRARY.get(slug)) if text in page]
    assert not leaks
    assert "correct" not in html.split('class="quiz"', 1)[1].lower()


def test_students_cannot_open_the_guide(client, db):
    make_student(db, username="sam.t")
    login(client, "sam.t")
    assert client.get("/teacher/lessons/tiotkino-raid/guide").status_code == 403


def test_a_broken_lesson_is_logged_at_start_up_and_not_served(database, tmp_path, caplog):
    (tmp_path / "broken.md").write_text("---\nslug: [unclosed\n---\n", encoding="utf-8")
    app = make_test_app(database, LESSONS_FOLDER=str(tmp_path))
    assert "broken.md" in caplog.text
    assert len(app.extensions["lesson_library"]) == 0
    app.extensions["db_engine"].dispose()


def test_without_the_article_folder_the_app_serves_every_lesson_and_logs_a_warning(
    database, tmp_path, caplog
):
    missing = tmp_path / "no-articles"
    app = make_test_app(database, ARTICLES_FOLDER=str(missing))
    assert len(app.extensions["lesson_library"].teaching) == 6
    assert sorted(app.extensions["lesson_library"].check_in_sets) == ["signals"]
    assert f"Lesson file warning (lesson served): {missing}: the source article folder" in (
        caplog.text
    )
    app.extensions["db_engine"].dispose()
