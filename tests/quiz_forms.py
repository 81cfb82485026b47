"""Build quiz form data from a lesson's own keys, for tests that compute scores by hand."""

from __future__ import annotations

from app.lesson_library import DEFAULT_FOLDER, library_for


def lesson(slug: str = "tiotkino-raid"):
    """A lesson from the real library."""
    return library_for(DEFAULT_FOLDER).get(slug)


def right_answer(question) -> dict[str, list[str]]:
    """Form fields that answer one question fully right (short answers get some text)."""
    name = f"q-{question.id}"
    if question.type in ("single_choice", "multiple_select"):
        return {name: [o.id for o in question.options if o.correct]}
    if question.type == "highlight":
        return {name: list(question.answer_ids)}
    if question.type == "classify":
        return {f"{name}-{item.id}": [item.answer] for item in question.items}
    return {name: ["The source has a stake, so I would look for an independent check."]}


def wrong_answer(question) -> dict[str, list[str]]:
    """Form fields that answer one choice question wrong (a wrong option picked)."""
    wrong = next(o.id for o in question.options if not o.correct)
    return {f"q-{question.id}": [wrong]}


def form_for(questions, attempt: int = 1, **overrides) -> dict[str, list[str]]:
    """Fields answering every question right, plus `attempt`, then the overrides."""
    data: dict[str, list[str]] = {"attempt": [str(attempt)]}
    for question in questions:
        data.update(right_answer(question))
    data.update(overrides)
    return data


def secret_texts(lesson, length: int = 80) -> list[str]:
    """Openings of every text that reveals answers (feedback, explanations, rubrics, sample
    answers, ledger notes), left out where the lesson's public text says the same words."""
    found = [q.explanation for q in lesson.questions]
    for q in lesson.questions:
        found += [o.feedback for o in getattr(q, "options", ()) if o.feedback]
        found += [i.feedback for i in getattr(q, "items", ()) if i.feedback]
        found += [d.feedback for d in getattr(q, "distractors", ())]
        found += [c.criterion for c in getattr(q, "rubric", ())]
        found += [getattr(q, "sample_answer", "")]
    found += [e.note for e in lesson.ledger] + [e.checked_in_text for e in lesson.ledger]
    # Teaching sections may discuss the same sentences openly; only the rest is secret.
    public = " ".join(" ".join([lesson.introduction, lesson.body, *lesson.discussion]).split())
    openings = [" ".join(text.split())[:length] for text in found if text]
    return [text for text in openings if len(text) == length and text not in public]
