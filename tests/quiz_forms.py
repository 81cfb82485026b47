"""Quiz form data from each question's example answers, for tests that compute scores by hand."""

from __future__ import annotations

from app.lesson_library import DEFAULT_FOLDER, library_for


def lesson(slug: str = "tiotkino-raid"):
    """A lesson from the real library."""
    return library_for(DEFAULT_FOLDER).get(slug)


def form_for(questions, attempt: int = 1, **overrides) -> dict[str, list[str]]:
    """Fields answering every question right, plus `attempt`, then the overrides."""
    data: dict[str, list[str]] = {"attempt": [str(attempt)]}
    for question in questions:
        data.update(question.example_answer(right=True))
    data.update(overrides)
    return data


def secret_texts(lesson, length: int = 80) -> list[str]:
    """Openings of every text that reveals answers (feedback, explanations, rubrics, sample
    answers, ledger notes), left out where the lesson's public text says the same words."""
    found = [text for q in lesson.questions for text in q.key_texts()]
    found += [e.note for e in lesson.ledger] + [e.checked_in_text for e in lesson.ledger]
    # Teaching sections may discuss the same sentences openly; only the rest is secret.
    public = " ".join(" ".join([lesson.introduction, lesson.body, *lesson.discussion]).split())
    openings = [" ".join(text.split())[:length] for text in found if text]
    return [text for text in openings if len(text) == length and text not in public]
