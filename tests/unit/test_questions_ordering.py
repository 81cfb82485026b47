"""Per-student option order: a fixed permutation per student and question, spread over students."""

from __future__ import annotations

from collections import Counter
from itertools import permutations
from pathlib import Path

from lesson_samples import load_valid

from app import grading
from app.lessons import load_library
from app.questions import (
    ArticleText,
    Response,
    question_from_definition,
    student_order,
    student_orders,
)

KEY = b"unit-test-key"
IDS = ("a", "b", "c", "d")
STUDENTS = range(1, 401)
LIBRARY = load_library(Path(__file__).resolve().parents[2] / "lessons")
ARTICLE = ArticleText.from_sentences([["Officials said so.", "Nobody checked."]])


def order(student_id: int, ids=IDS, question_id: str = "q1", key: bytes = KEY) -> tuple:
    return student_order(
        ids, key=key, student_id=student_id, lesson_slug="bridge-report", question_id=question_id
    )


def key_first_question(number: int, kind: str = "single_choice", **extra):
    """A choice question whose right answer(s) come first in the file, the worst case."""
    correct = 1 if kind == "single_choice" else 2
    options = [
        {"id": f"o{n}", "text": f"Option {n}", "correct": n <= correct, "feedback": "Why."}
        for n in range(1, 5)
    ]
    data = {
        "id": f"q{number}",
        "type": kind,
        "skills": ["unverified-claims"],
        "points": 2,
        "prompt": "Pick.",
        "explanation": "Because.",
        "options": options,
        **extra,
    }
    question, issues = question_from_definition(data, f"quiz[{number}]", ARTICLE)
    assert issues == []
    return question


def test_every_order_is_a_permutation_of_the_ids():
    for size in range(2, 7):
        ids = tuple("abcdef"[:size])
        for student_id in STUDENTS:
            assert sorted(order(student_id, ids)) == list(ids)


def test_a_student_gets_the_same_order_on_every_call():
    assert [order(s) for s in STUDENTS] == [order(s) for s in STUDENTS]


def test_students_between_them_get_every_possible_order():
    assert {order(s) for s in STUDENTS} == set(permutations(IDS))


def test_the_order_differs_between_questions_and_between_secret_keys():
    mine = [order(s) for s in STUDENTS]
    assert mine != [order(s, question_id="q2") for s in STUDENTS]
    assert mine != [order(s, key=b"another-key") for s in STUDENTS]


def test_each_option_is_shown_first_to_about_a_quarter_of_students():
    firsts = Counter(order(s)[0] for s in STUDENTS)
    assert set(firsts) == set(IDS)
    assert all(60 <= count <= 140 for count in firsts.values()), firsts  # 100 expected


def test_shuffle_false_keeps_a_question_in_file_order():
    kept = key_first_question(1, shuffle=False)
    shuffled = key_first_question(2)
    assert (kept.shuffle, kept.shuffled_ids()) == (False, ())
    for student_id in STUDENTS:
        orders = student_orders([kept, shuffled], key=KEY, student_id=student_id, lesson_slug="x")
        assert list(orders) == ["q2"]
        assert kept.options_in(orders.get("q1")) == kept.options


def test_only_choice_questions_are_shuffled():
    lesson = load_valid()
    choice = [q.id for q in lesson.questions if q.type in ("single_choice", "multiple_select")]
    orders = student_orders(lesson.questions, key=KEY, student_id=7, lesson_slug=lesson.slug)
    assert list(orders) == choice


def _first_shown_pick_share(questions, slug: str) -> float:
    """Share of the choice points a student earns by always picking the first option shown,
    averaged over STUDENTS."""
    total = sum(q.points for q in questions) * len(STUDENTS)
    earned = 0
    for student_id in STUDENTS:
        orders = student_orders(questions, key=KEY, student_id=student_id, lesson_slug=slug)
        answers = {
            q.id: Response(q.type, choices=(q.options_in(orders.get(q.id))[0].id,))
            for q in questions
        }
        earned += grading.grade(questions, answers).awarded
    return float(earned / total)


def test_picking_the_first_option_shown_no_longer_hits_a_key_placed_first():
    questions = [key_first_question(n) for n in range(1, 9)]
    questions += [key_first_question(n, "multiple_select") for n in range(9, 13)]
    # In file order this strategy would earn 8 * 2 + 4 * 1 of 24 points; shuffled, about a quarter.
    assert 0.12 <= _first_shown_pick_share(questions, "bridge-report") <= 0.35


def test_picking_the_first_option_shown_earns_about_chance_in_every_library_lesson():
    assert len(LIBRARY) > 0 and not LIBRARY.problems
    for lesson in LIBRARY:
        choice = [q for q in lesson.questions if q.type in ("single_choice", "multiple_select")]
        assert 0.08 <= _first_shown_pick_share(choice, lesson.slug) <= 0.4, lesson.slug


def test_the_key_of_every_library_question_is_spread_over_the_positions_shown():
    for lesson in LIBRARY:
        for q in lesson.questions:
            if q.type != "single_choice":
                continue
            key = next(o.id for o in q.options if o.correct)
            positions = Counter(
                student_orders([q], key=KEY, student_id=s, lesson_slug=lesson.slug)[q.id].index(key)
                for s in STUDENTS
            )
            expected = len(STUDENTS) / len(q.options)
            assert len(positions) == len(q.options), (lesson.slug, q.id, positions)
            assert all(0.6 * expected <= n <= 1.4 * expected for n in positions.values()), (
                lesson.slug,
                q.id,
                positions,
            )
