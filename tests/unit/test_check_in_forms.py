"""Check-in forms: what a form file must be, and the parity check between a set's two forms."""

from __future__ import annotations

from lesson_samples import (
    as_form,
    check,
    check_in_form,
    line_of,
    mutate,
    write_articles,
    write_check_in,
)

from app.lessons import load_lesson_text, load_library

FORM_A = "lessons/bridge-a.md"


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_a_form_loads_with_its_set_and_letter_and_an_invented_passage():
    lesson, problems = load_lesson_text(check_in_form("A"), FORM_A)
    assert problems == []
    assert (lesson.check_in.set, lesson.check_in.form) == ("bridge", "A")
    assert lesson.article.sources[0].invented is True


def test_an_invented_passage_is_not_compared_with_the_article_files(tmp_path):
    articles = write_articles(tmp_path / "articles")
    library = load_library(write_check_in(tmp_path / "lessons"), articles)
    assert messages(library.problems) == []
    assert sorted(library.check_in_sets["bridge"]) == ["A", "B"]
    assert [lesson.slug for lesson in library.teaching] == ["bridge-report"]


def test_a_form_must_not_read_a_real_article():
    text = mutate("bridge-town\n  invented: true", "000_example.txt", check_in_form())
    assert messages(check(text, FORM_A)) == [
        f"{FORM_A}:{line_of(text, 'source: 000_example')}: article.source: a check-in form reads "
        "only passages written for it: add 'invented: true' (the five articles are what the "
        "lessons teach, so they cannot test transfer)"
    ]


def test_a_lesson_must_not_read_an_invented_passage():
    text = mutate("  source: 000_example.txt", "  source: bridge-town\n  invented: true")
    assert messages(check(text)) == [
        f"lessons/bridge-report.md:{line_of(text, 'invented: true')}: article.invented: invented "
        "passages are for check-in forms only; a lesson reads real articles"
    ]


def test_an_invented_passage_needs_an_id_not_a_file_name():
    text = mutate("source: bridge-town", "source: Bridge Town.txt", check_in_form())
    assert messages(check(text, FORM_A)) == [
        f"{FORM_A}:{line_of(text, 'Bridge Town')}: article.source: 'Bridge Town.txt' is not a "
        "valid id for an invented passage (use lowercase letters, digits and hyphens, starting "
        "and ending with a letter or digit)"
    ]


def test_a_form_cannot_wait_for_a_teachers_mark():
    text = as_form("A")
    assert messages(check(text, FORM_A)) == [
        f"{FORM_A}:{line_of(text, 'type: short_answer')}: quiz[8].type: a check-in form cannot "
        "use short_answer: its score would wait for a teacher's mark, and a gain needs every "
        "score at once"
    ]


def test_a_form_question_counts_towards_one_skill():
    old = "  - id: denial\n    type: single_choice\n    skills: [unverified-claims]"
    text = mutate(old, old.replace("claims]", "claims, anonymous-sourcing]"), check_in_form())
    line = line_of(text, "sourcing]\n    points: 1\n    quote")
    assert messages(check(text, FORM_A)) == [
        f"{FORM_A}:{line}: quiz[2].skills: a check-in question "
        "names exactly one skill (its points count towards that skill's gain), not 2"
    ]


def test_the_set_and_the_form_letter_are_checked():
    text = mutate("form: A", "form: C", check_in_form())
    text = mutate("set: bridge", "set: Bridge", text)
    assert messages(check(text, FORM_A)) == [
        f"{FORM_A}:{line_of(text, 'set: Bridge')}: check_in.set: 'Bridge' is not a valid id (use "
        "lowercase letters, digits and hyphens, starting and ending with a letter or digit)",
        f"{FORM_A}:{line_of(text, 'form: C')}: check_in.form: 'C' is not a check-in form; use "
        "one of: A, B",
    ]


def form_b_problems(tmp_path, b: str) -> tuple[list[str], object]:
    library = load_library(write_check_in(tmp_path / "lessons", b=b))
    # A broken set is never served, in part or whole; the lesson beside it still is.
    assert library.check_in_sets == {}
    assert [lesson.slug for lesson in library] == ["bridge-report"]
    return messages(library.problems), tmp_path / "lessons"


def test_parity_names_an_item_with_other_points(tmp_path):
    b = mutate(
        "skills: [anonymous-sourcing]\n    points: 2",
        "skills: [anonymous-sourcing]\n    points: 3",
        check_in_form("B"),
    )
    found, folder = form_b_problems(tmp_path, b)
    assert found == [
        f"{folder / 'bridge-b.md'}:{line_of(b, 'points: 3')}: quiz[3].points: item 3 is "
        f"multiple_select on anonymous-sourcing for 3 points; item 3 of form A "
        f"({folder / 'bridge-a.md'}) is multiple_select on anonymous-sourcing for 2 points"
    ]


def test_parity_names_an_item_of_another_type_or_skill(tmp_path):
    b = check_in_form("B")
    first = b[b.index("  - id: who-closed") : b.index("  - id: denial")]
    third = b[b.index("  - id: vague-sources") : b.index("  - id: checked-by-whom")]
    b = b.replace(first, "@1", 1).replace(third, first, 1).replace("@1", third, 1)
    old = "  - id: journalists-quote\n    type: single_choice\n    skills: [unverified-claims]"
    b = mutate(old, old.replace("unverified-claims", "anonymous-sourcing"), b)
    found, folder = form_b_problems(tmp_path, b)
    assert [line.split(": ", 2)[1] for line in found] == [
        "quiz[1].type",
        "quiz[3].type",
        "quiz[10].skills",
    ]
    assert found[2].endswith(
        "item 10 is single_choice on anonymous-sourcing for 1 point; item 10 of form A "
        f"({folder / 'bridge-a.md'}) is single_choice on unverified-claims for 1 point"
    )


def test_parity_names_a_form_with_more_items(tmp_path):
    b = check_in_form("B")
    last = b[b.index("  - id: journalists-quote") : b.index("---\n\n## Who")]
    b = b.replace(last, last + last.replace("journalists-quote", "journalists-again"), 1)
    found, folder = form_b_problems(tmp_path, b)
    assert found == [
        f"{folder / 'bridge-b.md'}:{line_of(b, 'quiz:')}: quiz: has 11 questions; form A "
        f"({folder / 'bridge-a.md'}) has 10, and parallel forms match item for item"
    ]


def test_a_set_needs_both_forms_and_one_file_per_form(tmp_path):
    library = load_library(write_check_in(tmp_path / "lessons", b=""))
    a = tmp_path / "lessons" / "bridge-a.md"
    assert messages(library.problems) == [
        f"{a}:{line_of(check_in_form(), 'set: bridge')}: check_in.set: check-in set 'bridge' has "
        "no form B: a set needs both forms"
    ]
    assert library.check_in_sets == {}
    second_a = mutate("slug: bridge-b", "slug: bridge-c", check_in_form("B")).replace(
        "form: B", "form: A"
    )
    (tmp_path / "lessons" / "bridge-c.md").write_text(second_a)
    library = load_library(tmp_path / "lessons")
    assert f"check_in.form: form A of 'bridge' is also {a}" in messages(library.problems)[1]
