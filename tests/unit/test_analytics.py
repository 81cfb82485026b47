"""Item statistics and skill mastery, checked against numbers worked out by hand."""

from __future__ import annotations

import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app import analytics
from app.analytics import ItemStats, Mastery, StudentResult
from app.questions import Response, Score
from app.questions.choice import Option
from app.questions.classify import Category, Classify, Item
from app.questions.highlight import Highlight
from app.questions.multiple_select import MultipleSelect
from app.questions.short_answer import Criterion, ShortAnswer
from app.questions.single_choice import SingleChoice

ROOT = Path(__file__).resolve().parents[2]
UNVERIFIED = "unverified-claims"
ANONYMOUS = "anonymous-sourcing"


def common(qid: str, points: int = 1, skills: tuple[str, ...] = (UNVERIFIED,)) -> dict:
    return {
        "id": qid,
        "skills": skills,
        "points": points,
        "prompt": "Prompt?",
        "quote": None,
        "explanation": "Because.",
    }


def options(*ids: str, correct: str = "a") -> tuple[Option, ...]:
    return tuple(
        Option(i, f"Option {i}", i == correct, None if i == correct else "No.") for i in ids
    )


def single(qid: str = "q1", points: int = 1, **kw) -> SingleChoice:
    return SingleChoice(**common(qid, points, **kw), options=options("a", "b", "c", "d"))


def multiple(qid: str = "multi") -> MultipleSelect:
    return MultipleSelect(**common(qid, 2), options=options("a", "b", "c"))


def highlight(qid: str = "hl") -> Highlight:
    sentences = (("p1s1", "One."), ("p1s2", "Two."), ("p2s1", "Three."))
    return Highlight(
        **common(qid), shown=(1, 2), sentences=sentences, answer=("One.",), answer_ids=("p1s1",)
    )


def classify(qid: str = "sort") -> Classify:
    return Classify(
        **common(qid, 2),
        categories=(Category("checked", "Checked"), Category("claimed", "Only claimed")),
        items=(Item("i1", "One.", "checked", None), Item("i2", "Two.", "claimed", None)),
    )


def short(qid: str = "why", points: int = 2, **kw) -> ShortAnswer:
    return ShortAnswer(
        **common(qid, points, **kw),
        rubric=(Criterion(points, "Names the source."),),
        sample_answer="S.",
    )


def score(awarded: int | str, points: int, needs_teacher: bool = False) -> Score:
    """A score as read back from what grading stores."""
    stored = {"awarded": awarded, "points": points, "parts": {}, "needs_teacher": needs_teacher}
    return Score.from_json(stored)


def answer(kind: str, choices=(), placements=None, text: str = "") -> Response:
    """A response as read back from what a quiz stores."""
    stored = {"type": kind, "choices": list(choices), "placements": placements or {}}
    return Response.from_json(stored | {"text": text})


def result(student_id: int, scores: dict, answers: dict | None = None, total=0) -> StudentResult:
    return StudentResult(student_id, Fraction(total), answers or {}, scores)


def only(questions, results) -> ItemStats:
    (stats,) = analytics.item_statistics(questions, results)
    return stats


# Ten students on a 2-point question: (student id, attempt total, points on the question).
TEN = [
    (1, 9, 2),
    (2, 7, 2),
    (3, 8, 1),
    (4, 7, 0),
    (5, 5, 2),
    (6, 3, 1),
    (7, 2, 0),
    (8, 4, 1),
    (9, 2, "1"),
    (10, 1, 0),
]
# By hand: ranked by total, ties by id: 1(9) 3(8) 2(7) 4(7) 5(5) 8(4) 6(3) 7(2) 9(2) 10(1).
# Groups of round-half-up(0.27 * 10) = round(2.7) = 3 students.
# Top 1, 3, 2 score 1, 1/2, 1: mean 5/6. Bottom 7, 9, 10 score 0, 1/2, 0: mean 1/6.
# D = 5/6 - 1/6 = 2/3. (Had student 4 won the tie at 7, the top mean would be 1/2 and D 1/3.)
# Full points: students 1, 2, 5, so 3/10. Mean of score fractions: (1+1+1/2+0+1+1/2+0+1/2+1/2+0)/10 = 1/2.


def ten_results() -> list[StudentResult]:
    results = [result(sid, {"q1": score(got, 2)}, total=total) for sid, total, got in TEN]
    random.Random(7).shuffle(results)  # the ranking must not depend on row order
    return results


def test_discrimination_of_ten_students_is_two_thirds_with_ties_broken_by_student_id():
    assert only([single(points=2)], ten_results()).discrimination == Fraction(2, 3)


def test_share_right_and_mean_score_of_ten_students():
    stats = only([single(points=2)], ten_results())
    assert (stats.share_right, stats.mean_score, stats.graded) == (
        Fraction(3, 10),
        Fraction(1, 2),
        10,
    )


def test_discrimination_is_none_with_fewer_than_four_students():
    results = [result(i, {"q1": score(i % 2, 1)}, total=i) for i in (1, 2, 3)]
    assert only([single()], results).discrimination is None


def test_discrimination_with_four_students_compares_one_against_one():
    # round-half-up(0.27 * 4) = round(1.08) = 1: the top student (total 4) scored 1, the bottom 0.
    results = [result(i, {"q1": score(int(i in (2, 4)), 1)}, total=i) for i in (1, 2, 3, 4)]
    assert only([single()], results).discrimination == 1


def test_discrimination_helper_refuses_overlapping_groups():
    assert analytics.discrimination([(1, 1)] * 3) is None
    assert analytics.discrimination([(2, 2), (1, 1), (0, 1), (0, 3)]) == 1


AWARD_AND_POINTS = st.integers(1, 6).flatmap(
    lambda points: st.tuples(
        st.one_of(
            st.integers(0, points),
            st.fractions(min_value=0, max_value=points, max_denominator=12),
        ),
        st.just(points),
    )
)


@given(st.lists(AWARD_AND_POINTS, max_size=40))
def test_share_sum_is_the_exact_sum_of_each_award_over_its_points(known):
    assert analytics.share_sum(known) == sum(
        (Fraction(awarded) / points for awarded, points in known), Fraction(0)
    )


@given(st.lists(AWARD_AND_POINTS, min_size=4, max_size=40))
def test_discrimination_is_the_top_groups_mean_share_less_the_bottom_groups(known):
    shares = [Fraction(awarded) / points for awarded, points in known]
    size = max(1, int(Fraction(27, 100) * len(known) + Fraction(1, 2)))
    expected = sum(shares[:size], Fraction(0)) / size - sum(shares[-size:], Fraction(0)) / size
    assert analytics.discrimination(known) == expected


def test_numbers_follow_lesson_order_and_carry_type_and_points():
    stats = analytics.item_statistics([single("q1"), short("q2", points=3)], [])
    assert [(s.question_id, s.number, s.type, s.points) for s in stats] == [
        ("q1", 1, "single_choice", 1),
        ("q2", 2, "short_answer", 3),
    ]


def test_answered_counts_only_real_answers_under_the_current_type():
    answers = [
        {"q1": answer("single_choice", ["b"])},
        {"q1": answer("single_choice", [])},  # blank
        {"q1": answer("classify", placements={"i1": "checked"})},  # given under an old type
        {},  # never saved
    ]
    results = [result(i, {"q1": score(0, 1)}, a) for i, a in enumerate(answers)]
    assert only([single()], results).answered == 1


def test_ungraded_short_answers_are_left_out_of_share_mean_and_discrimination():
    question = short()
    rows = [  # (answer text, stored score)
        ("Named.", score(2, 2)),
        ("Half.", score(1, 2)),
        ("", score(0, 2)),  # blank: nothing to mark, a known zero
        ("Waiting.", score(0, 2, needs_teacher=True)),
        ("Waiting.", score(0, 2, needs_teacher=True)),
    ]
    results = [
        result(i, {"why": s}, {"why": answer("short_answer", text=t)}, total=5 - i)
        for i, (t, s) in enumerate(rows)
    ]
    stats = only([question], results)
    # Known: 2/2, 1/2, 0/2. Three known students are too few for discrimination.
    assert (stats.answered, stats.graded, stats.awaiting) == (4, 3, 2)
    assert (stats.share_right, stats.mean_score) == (Fraction(1, 3), Fraction(1, 2))
    assert stats.discrimination is None


def test_fractional_stored_awards_count_exactly():
    results = [result(1, {"m": score("3/2", 3)}), result(2, {"m": score(3, 3)})]
    stats = only([single("m", points=3)], results)
    assert (stats.mean_score, stats.share_right) == (Fraction(3, 4), Fraction(1, 2))


def test_choice_tally_lists_every_option_even_unpicked_ones():
    picks = [["a"], ["a"], ["b"], ["z"], ["b", "a"]]  # z is unknown; a single choice counts b only
    results = [result(i, {}, {"q1": answer("single_choice", p)}) for i, p in enumerate(picks)]
    assert only([single()], results).tally == {"a": 2, "b": 2, "c": 0, "d": 0}


def test_multiple_select_counts_each_pick_once_per_student():
    picks = [["a", "b"], ["a", "a"], []]
    results = [result(i, {}, {"multi": answer("multiple_select", p)}) for i, p in enumerate(picks)]
    assert only([multiple()], results).tally == {"a": 2, "b": 1, "c": 0}


def test_sentence_tally_lists_every_shown_sentence():
    picks = [["p1s1"], ["p1s1", "p2s1"], ["p9s9"]]
    results = [result(i, {}, {"hl": answer("highlight", p)}) for i, p in enumerate(picks)]
    assert only([highlight()], results).tally == {"p1s1": 2, "p1s2": 0, "p2s1": 1}


def test_category_tally_per_item_and_category_ignores_unknown_ids():
    placements = [
        {"i1": "checked", "i2": "claimed"},
        {"i1": "claimed"},
        {"i1": "bogus", "i9": "checked"},
    ]
    results = [
        result(i, {}, {"sort": answer("classify", placements=p)}) for i, p in enumerate(placements)
    ]
    assert only([classify()], results).tally == {
        "i1": {"checked": 1, "claimed": 1},
        "i2": {"checked": 0, "claimed": 1},
    }


def test_tally_stays_empty_for_a_type_that_counts_nothing():
    stats = only([short()], [result(1, {}, {"why": answer("short_answer", text="Hi")})])
    assert stats.tally == {}


def stat(number: int, share: Fraction, graded: int = 5) -> ItemStats:
    return ItemStats(f"q{number}", number, "single_choice", 1, graded, graded, share, share, None)


def test_hardest_first_orders_by_share_right_then_lesson_order():
    stats = [stat(1, Fraction(1, 2)), stat(2, Fraction(1, 4)), stat(3, Fraction(1, 2))]
    assert [s.number for s in analytics.hardest_first(stats)] == [2, 1, 3]


def test_hardest_first_puts_questions_nobody_was_marked_on_last():
    stats = [stat(1, Fraction(0), graded=0), stat(2, Fraction(9, 10))]
    assert [s.number for s in analytics.hardest_first(stats)] == [2, 1]


# Mastery lesson: m1 (2 points, unverified), m2 (1 point, both skills), m3 (3 points, anonymous).
MASTERY_LESSON = [
    single("m1", 2),
    single("m2", 1, skills=(UNVERIFIED, ANONYMOUS)),
    short("m3", 3, skills=(ANONYMOUS,)),
]
STUDENT_ONE = {"m1": score(2, 2), "m2": score(0, 1), "m3": score(0, 3, needs_teacher=True)}
STUDENT_TWO = {"m1": score(1, 2), "m2": score(1, 1), "m3": score("3/2", 3)}


def test_student_mastery_skips_questions_awaiting_the_teacher():
    # Unverified: 2 + 0 of 2 + 1. Anonymous: m2 only (m3 awaits), 0 of 1.
    assert analytics.student_mastery(MASTERY_LESSON, STUDENT_ONE) == {
        ANONYMOUS: Mastery(Fraction(0), 1),
        UNVERIFIED: Mastery(Fraction(2), 3),
    }


def test_class_mastery_sums_every_students_known_points():
    # Unverified: (2+0) + (1+1) = 4 of 6, 67%. Anonymous: 0 of 1, then 1 + 3/2 of 1 + 3: 5/2 of 5.
    result = analytics.mastery(MASTERY_LESSON, {1: STUDENT_ONE, 2: STUDENT_TWO})
    assert result == {ANONYMOUS: Mastery(Fraction(5, 2), 5), UNVERIFIED: Mastery(Fraction(4), 6)}
    assert (result[ANONYMOUS].percent, result[UNVERIFIED].percent) == (50, 67)


def test_skills_with_no_known_score_are_left_out():
    scores = {"m3": score(0, 3, needs_teacher=True)}
    assert analytics.student_mastery([MASTERY_LESSON[2]], scores) == {}


def stored_mastery(stored: list) -> dict[str, Mastery]:
    """Attempts' stored points per skill (as skill_points_json writes them), checked and added."""
    return analytics.added_skill_points(analytics.skill_point_entries(p) for p in stored)


def test_skill_points_are_stored_as_whole_numbers_and_read_back_exactly():
    one = analytics.skill_points_json(MASTERY_LESSON, STUDENT_ONE)
    two = analytics.skill_points_json(MASTERY_LESSON, STUDENT_TWO)
    assert one == {ANONYMOUS: [0, 1, 1], UNVERIFIED: [2, 1, 3]}  # m3 awaits: left out
    assert two == {ANONYMOUS: [5, 2, 4], UNVERIFIED: [2, 1, 3]}
    # Added from what is stored, it is the class's mastery worked out from the scores.
    stored = stored_mastery([one, two])
    assert stored == analytics.mastery(MASTERY_LESSON, {1: STUDENT_ONE, 2: STUDENT_TWO})
    assert list(stored) == sorted(stored)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6), st.integers(0, 40)), max_size=12))
def test_stored_mastery_is_the_exact_sum_of_what_it_adds(entries):
    stored = [{UNVERIFIED: [n, d, most]} for n, d, most in entries]
    expected = sum((Fraction(n, d) for n, d, _ in entries), Fraction(0))
    result = stored_mastery(stored)
    if not entries:
        assert result == {}
    else:
        assert result == {UNVERIFIED: Mastery(expected, sum(most for *_, most in entries))}


def test_stored_mastery_skips_points_never_worked_out_or_unreadable():
    good = {UNVERIFIED: [1, 2, 1]}
    odd = [None, "x", {ANONYMOUS: [1, 0, 1]}, {ANONYMOUS: [1, 1]}, {ANONYMOUS: ["1", 1, 1]}]
    assert stored_mastery([good, *odd]) == {UNVERIFIED: Mastery(Fraction(1, 2), 1)}
    assert stored_mastery([{ANONYMOUS: [True, 1, 1]}]) == {}


def test_combine_adds_masteries_across_lessons():
    one = {UNVERIFIED: Mastery(Fraction(1), 2)}
    two = {UNVERIFIED: Mastery(Fraction(3, 2), 4), ANONYMOUS: Mastery(Fraction(1), 1)}
    assert analytics.combine([one, two]) == {
        ANONYMOUS: Mastery(Fraction(1), 1),
        UNVERIFIED: Mastery(Fraction(5, 2), 6),
    }
    assert analytics.combine([]) == {}


def test_mastery_percent_rounds_half_up_and_is_zero_when_nothing_possible():
    assert (Mastery(Fraction(1, 8), 1).percent, Mastery(Fraction(0), 0).percent) == (13, 0)


def test_weakest_skill_is_the_lowest_percentage():
    masteries = {ANONYMOUS: Mastery(Fraction(5, 2), 5), UNVERIFIED: Mastery(Fraction(1), 3)}
    assert analytics.weakest_skill(masteries) == UNVERIFIED


def test_weakest_skill_ties_go_to_the_first_skill_id_and_empty_skills_are_ignored():
    masteries = {
        UNVERIFIED: Mastery(Fraction(1), 2),
        ANONYMOUS: Mastery(Fraction(2), 4),
        "state-media-framing": Mastery(Fraction(0), 0),
    }
    assert analytics.weakest_skill(masteries) == ANONYMOUS
    assert analytics.weakest_skill({}) is None


# app/__init__.py builds the Flask app, so the probe registers a bare `app` package first and
# imports the real module files: what is listed is what analytics and charts pull in themselves.
PROBE = """
import sys, types
package = types.ModuleType("app")
package.__path__ = [{app!r}, {extra!r}]
sys.modules["app"] = package
import {modules}
print(sorted({{name.split(".")[0] for name in sys.modules}} & {{"flask", "sqlalchemy"}}))
"""


def probe(modules: str, extra: Path) -> str:
    code = PROBE.format(app=str(ROOT / "app"), extra=str(extra), modules=modules)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_analytics_and_charts_import_neither_flask_nor_sqlalchemy(tmp_path):
    assert probe("app.analytics, app.charts", tmp_path) == "[]"


def test_import_probe_notices_a_module_that_imports_flask(tmp_path):
    (tmp_path / "uses_flask.py").write_text("import flask\n")
    assert probe("app.uses_flask", tmp_path) == "['flask']"


@given(st.lists(st.fractions(min_value=0, max_value=20, max_denominator=12), max_size=30))
def test_exact_sum_equals_plain_fraction_addition(values):
    assert analytics.exact_sum(values) == sum(values, Fraction(0))


def test_the_commonest_wrong_answer_is_named_with_how_many_gave_it():
    question = single()
    picks = ["b", "c", "c", "a"]
    results = [
        result(i, {"q1": score(int(p == "a"), 1)}, {"q1": answer("single_choice", [p])})
        for i, p in enumerate(picks, start=1)
    ]
    stats = only([question], results)
    assert (stats.common_wrong, stats.common_wrong_count) == ("Option c", 2)


def test_no_wrong_answer_is_named_for_written_answers():
    question = short()
    results = [result(1, {"why": score(0, 2)}, {"why": answer("short_answer", text="no idea")})]
    assert only([question], results).common_wrong == ""


def flagged(share: Fraction, discrimination: Fraction | None, graded: int = 10) -> str:
    stats = ItemStats("q1", 1, "single_choice", 1, graded, graded, share, share, discrimination)
    return stats.flag


def test_a_question_most_students_missed_says_so():
    assert flagged(Fraction(2, 5), Fraction(1, 2)) == "Most students missed this"


def test_a_question_strong_students_missed_more_says_so_before_anything_else():
    assert flagged(Fraction(2, 5), Fraction(-1, 3)).startswith(
        "Strong students missed this more than others"
    )


def test_a_question_that_does_not_tell_students_apart_says_so_in_words():
    assert flagged(Fraction(3, 5), Fraction(0)).startswith("Strong and weaker students")


def test_a_question_that_works_has_no_flag():
    assert flagged(Fraction(7, 10), Fraction(1, 2)) == ""


def test_a_question_awaiting_every_mark_says_it_waits_for_marks():
    stats = ItemStats("q1", 1, "short_answer", 2, 3, 0, Fraction(0), Fraction(0), None, awaiting=3)
    assert stats.flag == "Waiting for your marks"


def test_stored_skill_points_read_from_text_add_up_as_the_stored_dicts_do():
    import json

    one = analytics.skill_points_json(MASTERY_LESSON, STUDENT_ONE)
    two = analytics.skill_points_json(MASTERY_LESSON, STUDENT_TWO)
    read = [analytics.stored_skill_points(json.dumps(points)) for points in (one, two)]
    assert analytics.added_skill_points(read) == stored_mastery([one, two])
    assert read[1] == ((ANONYMOUS, Fraction(5, 2), 4), (UNVERIFIED, 2, 3))
    # The same text is decoded once: a report's next view gets the entries already read.
    assert analytics.stored_skill_points(json.dumps(two)) is read[1]


def test_stored_skill_points_text_that_is_null_malformed_or_not_an_object_adds_nothing():
    for text in (None, "null", "", "{", "[1, 2]", '"text"', '{"x": [1, 0, 1]}'):
        assert analytics.stored_skill_points(text) == (), text
    assert analytics.added_skill_points([(), ()]) == {}
