"""The real lessons use one verdict scheme, and each fix from the expert review stays fixed."""

from __future__ import annotations

import pytest

from app.lesson_library import DEFAULT_FOLDER, library_for
from app.lesson_vocabulary import VERDICT_LABELS, Verdict
from app.lessons.export import library_to_json

LIBRARY = library_for(DEFAULT_FOLDER)
SCHEME = [(verdict.value, VERDICT_LABELS[verdict]) for verdict in Verdict]
SOURCE_KINDS = ["named", "pseudonymous", "unnamed", "none"]
# Classify questions that sort claims by how far the text lets us trust them.
VERDICT_SORTING = [
    ("tiotkino-raid", "sort-how-presented"),
    ("commander-interview", "who-vouches"),
    ("luhansk-underground", "sort-by-voice"),
    ("capstone-many-voices", "what-the-text-shows"),
    ("check-in-signals-a", "a-sort-by-verdict"),
    ("check-in-signals-b", "b-sort-by-verdict"),
]
# Classify questions that sort sentences by the kind of source they give.
SOURCE_KIND_SORTING = [
    ("resistance-secondhand", "sort-by-source"),
    ("partisans-think-tank", "who-says-so"),
    ("check-in-signals-a", "a-sort-by-source"),
    ("check-in-signals-b", "b-sort-by-source"),
]


def _lesson(slug):
    lesson = LIBRARY.get(slug)
    assert lesson is not None, f"{slug} did not load: {LIBRARY.problems}"
    return lesson


def _entry(slug, entry_id):
    return next(e for e in _lesson(slug).ledger if e.id == entry_id)


def _item(slug, question_id, item_id):
    return next(i for i in _lesson(slug).question(question_id).items if i.id == item_id)


def test_library_loads_without_problems():
    assert LIBRARY.problems == []
    assert len(LIBRARY.teaching) == 6
    assert sorted(LIBRARY.check_in_sets["signals"]) == ["A", "B"]


def test_json_export_uses_only_the_four_verdicts():
    verdicts = {
        e["verdict"] for lesson in library_to_json(LIBRARY)["lessons"] for e in lesson["ledger"]
    }
    assert verdicts == {"contested", "checked", "attributed", "unsourced"}


@pytest.mark.parametrize(("slug", "question_id"), VERDICT_SORTING)
def test_verdict_sorting_question_uses_the_scheme_categories(slug, question_id):
    question = _lesson(slug).question(question_id)
    assert [(c.id, c.label) for c in question.categories] == SCHEME


@pytest.mark.parametrize(("slug", "question_id"), SOURCE_KIND_SORTING)
def test_source_kind_question_uses_the_shared_categories(slug, question_id):
    question = _lesson(slug).question(question_id)
    assert [c.id for c in question.categories] == SOURCE_KINDS


def test_every_other_classify_question_is_neither_kind_of_sorting():
    listed = set(VERDICT_SORTING) | set(SOURCE_KIND_SORTING)
    others = {
        (lesson.slug, q.id)
        for lesson in LIBRARY.lessons.values()
        for q in lesson.questions
        if q.type == "classify" and (lesson.slug, q.id) not in listed
    }
    # Who stands behind a claim (source_kind ids) and where a passage sits (in quotes or not).
    assert others == {
        ("capstone-many-voices", "who-stands-behind"),
        ("commander-interview", "whose-words"),
    }


@pytest.mark.parametrize(
    ("slug", "entry_id", "verdict"),
    [
        ("resistance-secondhand", "war-crimes-accused", "unsourced"),
        ("partisans-think-tank", "interior-ministry-patrols", "unsourced"),
        ("tiotkino-raid", "joint-operation", "unsourced"),
        ("tiotkino-raid", "legion-vehicle-video", "attributed"),
        ("capstone-many-voices", "legion-vehicle-video", "attributed"),
        ("tiotkino-raid", "lede-capture", "contested"),
        ("tiotkino-raid", "subhead-gain-ground", "contested"),
        ("tiotkino-raid", "people-presumably", "attributed"),
        ("commander-interview", "donetsk-video", "attributed"),
        ("resistance-secondhand", "violent-tactics", "attributed"),
    ],
)
def test_ledger_verdict_follows_the_scheme(slug, entry_id, verdict):
    assert _entry(slug, entry_id).verdict == verdict


@pytest.mark.parametrize(
    ("slug", "entry_id"),
    [
        ("resistance-secondhand", "sof-coordinates"),
        ("resistance-secondhand", "violent-tactics"),
        ("capstone-many-voices", "sof-coordinates"),
        ("commander-interview", "first-interview"),
        ("capstone-many-voices", "officials-aims"),
    ],
)
def test_source_with_something_to_gain_is_flagged(slug, entry_id):
    assert _entry(slug, entry_id).has_stake is True


def test_sof_origin_claims_in_resistance_secondhand_all_carry_a_stake():
    sof = [e for e in _lesson("resistance-secondhand").ledger if "SOF" in e.asserted_by]
    assert sof and all(e.has_stake for e in sof)


def test_isw_stakes_agree_between_the_think_tank_lesson_and_the_capstone():
    for slug in ("partisans-think-tank", "capstone-many-voices"):
        isw = [e for e in _lesson(slug).ledger if e.source_kind == "think-tank"]
        assert isw and not any(e.has_stake for e in isw), slug


def test_isw_rubric_and_sample_answer_accept_the_second_hand_analyst_view():
    question = _lesson("partisans-think-tank").question("claim-about-framing")
    rubric = " ".join(c.criterion for c in question.rubric)
    assert "second-hand analyst" in rubric
    assert "itself an interested party" not in rubric
    assert "second-hand" in question.sample_answer
    guide = _lesson("partisans-think-tank").teacher_guide
    assert "think tanks are all interested parties" not in guide.overview


def test_capstone_does_not_call_the_national_resistance_center_a_combatant():
    note = _entry("capstone-many-voices", "nrc-pressure").note
    assert "combatant" not in note
    assert "state body" in note


@pytest.mark.parametrize(
    ("slug", "question_id", "item_id", "answer"),
    [
        ("tiotkino-raid", "sort-how-presented", "lede", "contested"),
        ("tiotkino-raid", "sort-how-presented", "gain-ground", "contested"),
        ("commander-interview", "who-vouches", "donetsk-video", "attributed"),
    ],
)
def test_classify_key_follows_the_scheme(slug, question_id, item_id, answer):
    assert _item(slug, question_id, item_id).answer == answer


def test_unhedged_video_explanation_credits_the_special_forces():
    explanation = _lesson("commander-interview").question("the-unhedged-video").explanation
    assert "provided to Sky News by" in explanation
    assert "attributed" in explanation


def test_occupied_is_treated_as_the_accepted_term():
    partisans = _lesson("partisans-think-tank")
    framing = dict(partisans.body_sections)["Framing: who describes whom, and in what words"]
    assert '"occupation officials" describe people from one side' not in framing
    assert "legal description" in framing
    prompt = partisans.discussion[3]
    assert '"occupied territories" describe' not in prompt
    assert "legal description" in prompt
    resistance = _lesson("resistance-secondhand").body
    assert '"collaboration with\noccupation authorities" appear' not in resistance
    assert "legal description" in resistance


def test_headline_versus_body_accepts_both_some_sentences():
    question = _lesson("resistance-secondhand").question("headline-versus-body")
    assert set(question.answer) == {
        "Despite this, some residents choose to resist, knowing the cost could be fatal.",
        "Some stay deliberately to resist, evacuating families over time while continuing their work.",
    }


def test_tiotkino_talk_it_over_does_not_give_away_the_first_answer():
    lesson = _lesson("tiotkino-raid")
    first = lesson.questions[0]
    answer = next(o for o in first.options if o.correct)
    prompts = " ".join(" ".join(lesson.discussion).split())
    assert "Recordings published by the fighters" not in prompts
    assert "fighters themselves" not in prompts
    assert answer.text not in prompts


# Check-in forms teach nothing: their body only says how the check-in works.
@pytest.mark.parametrize("slug", sorted(lesson.slug for lesson in LIBRARY.teaching))
def test_first_teaching_section_introduces_the_scheme_in_order(slug):
    heading, text = _lesson(slug).body_sections[0]
    assert heading == "How far can we trust a claim?"
    places = [text.index(f"**{label}**") for _, label in SCHEME]
    assert places == sorted(places)
    assert "How to check a claim" in text
