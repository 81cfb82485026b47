"""The expert-teacher questions: present in the real lesson files, quoting their articles word for
word, and not keyed to the first option."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app.lesson_library import DEFAULT_FOLDER, library_for
from app.questions.choice import ChoiceQuestion
from app.questions.highlight import Highlight

LIBRARY = library_for(DEFAULT_FOLDER)

NEW_QUESTIONS = {
    "capstone-many-voices": [
        "same-side-agreement",
        "structure-dates",
        "first-interview-claim",
        "repelled-summary",
        "what-repelled-admits",
        "official-wording-both-sides",
        "page-tags",
    ],
    "commander-interview": ["verbs-that-vouch", "assured-or-said"],
    "resistance-secondhand": ["ziare-named-twice", "photo-caption", "subheadings"],
    "luhansk-underground": ["same-centre-twice"],
    "partisans-think-tank": ["recent-and-latest"],
}

# Quoted words that are deliberately not the article's: a rewrite the question asks students to
# compare with the real sentence.
NOT_FROM_THE_ARTICLE = {"Mykola said that his team is vigilant"}

QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')


def _articles_folder() -> Path:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "articles"
        if candidate.is_dir():
            return candidate
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("the shared article collection is missing")
    pytest.skip("the shared article collection is not beside this checkout")


def _source_texts(slug: str) -> list[str]:
    folder = _articles_folder()
    if slug == "capstone-many-voices":  # its reading draws on all five pages
        return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
    return [(folder / LIBRARY.lessons[slug].article.source).read_text(encoding="utf-8")]


def _question(slug: str, question_id: str):
    matches = [q for q in LIBRARY.lessons[slug].questions if q.id == question_id]
    assert len(matches) == 1, f"{slug}: {question_id}"
    return matches[0]


def _prose(question) -> list[str]:
    texts = [question.prompt, question.explanation]
    if isinstance(question, ChoiceQuestion):
        for option in question.options:
            texts += [option.text, option.feedback or ""]
    if isinstance(question, Highlight):
        texts += [d.feedback for d in question.distractors]
    return texts


CASES = [(slug, qid) for slug, ids in NEW_QUESTIONS.items() for qid in ids]


def test_at_least_twelve_new_questions_in_at_least_four_lessons():
    assert len(CASES) >= 12
    assert len(NEW_QUESTIONS) >= 4
    assert "tiotkino-raid" not in NEW_QUESTIONS


@pytest.mark.parametrize(("slug", "question_id"), CASES)
def test_new_question_exists_and_quotes_its_article_word_for_word(slug, question_id):
    question = _question(slug, question_id)
    sources = _source_texts(slug)
    cited = [question.quote] if question.quote else []
    if isinstance(question, Highlight):
        cited += [*question.answer, *(d.sentence for d in question.distractors)]
    for text in _prose(question):
        cited += [a or b for a, b in QUOTED.findall(" ".join(text.split()))]
    cited = [c for c in cited if c not in NOT_FROM_THE_ARTICLE]
    assert cited, f"{question_id} quotes nothing from its article"
    for passage in cited:
        assert any(passage in source for source in sources), (
            f"{question_id}: not verbatim: {passage}"
        )


@pytest.mark.parametrize("slug", sorted(NEW_QUESTIONS))
def test_new_choice_questions_do_not_key_the_first_option(slug):
    positions = []
    for question_id in NEW_QUESTIONS[slug]:
        question = _question(slug, question_id)
        if isinstance(question, ChoiceQuestion):
            keyed = [i for i, option in enumerate(question.options, 1) if option.correct]
            assert 1 not in keyed, f"{question_id} keys the first option"
            positions += keyed
    assert positions, slug


def test_new_choice_keys_are_spread_over_several_positions():
    positions = [
        i
        for slug, question_id in CASES
        if isinstance(question := _question(slug, question_id), ChoiceQuestion)
        for i, option in enumerate(question.options, 1)
        if option.correct
    ]
    assert len(set(positions)) >= 3, positions
    assert max(positions.count(p) for p in set(positions)) <= len(positions) / 2, positions
