"""Checking the quiz as a whole: question count, variety, unique ids, skills and form fields."""

from __future__ import annotations

from typing import Any

from app.questions import QUESTION_TYPES, ArticleText, Question, question_from_definition
from app.questions.fields import Fields

MIN_QUESTIONS = 10
MIN_TYPES = 4


def _check_ids(entries: list[Any], fields: Fields) -> None:
    """Report question ids used twice, even on questions that are otherwise broken."""
    first_use: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        question_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(question_id, str):
            continue
        if question_id in first_use:
            message = (
                f"question id '{question_id}' is already used by quiz[{first_use[question_id]}]"
            )
            fields.issues.append((f"quiz[{number}].id", message))
        else:
            first_use[question_id] = number


def _check_variety(entries: list[Any], fields: Fields) -> None:
    types = {
        e.get("type") for e in entries if isinstance(e, dict) and isinstance(e.get("type"), str)
    }
    types &= set(QUESTION_TYPES)
    if entries and len(types) < MIN_TYPES:
        used = ", ".join(sorted(types)) or "none"
        message = f"uses {len(types)} question types ({used}); a lesson needs at least {MIN_TYPES}"
        fields.report("quiz", message)


def _check_skills(question: Question, path: str, skills: tuple[str, ...], fields: Fields) -> None:
    for number, skill in enumerate(question.skills, start=1):
        if skill not in skills:
            message = f"'{skill}' is not one of this lesson's skills ({', '.join(skills)})"
            fields.issues.append((f"{path}.skills[{number}]", message))


def _check_form_fields(questions: list[tuple[str, Question]], fields: Fields) -> None:
    """Two questions must never read the same form field (q-a-b is item b of a, or question a-b)."""
    owner: dict[str, str] = {}
    for path, question in questions:
        for name in question.field_names():
            if name in owner and owner[name] != question.id:
                message = (
                    f"its form field '{name}' clashes with question '{owner[name]}'; rename one id"
                )
                fields.issues.append((f"{path}.id", message))
            owner.setdefault(name, question.id)


def read_quiz(
    fields: Fields, text: ArticleText, skills: tuple[str, ...] | None
) -> tuple[Question, ...]:
    """Every question checked by its own type, then the rules that span the quiz."""
    entries = fields.items("quiz", "questions", MIN_QUESTIONS) or []
    built: list[tuple[str, Question]] = []
    for number, entry in enumerate(entries, start=1):
        path = f"quiz[{number}]"
        question, issues = question_from_definition(entry, path, text)
        fields.issues.extend(issues)
        if question is not None:
            built.append((path, question))
            if skills:
                _check_skills(question, path, skills, fields)
    _check_ids(entries, fields)
    _check_variety(entries, fields)
    _check_form_fields(built, fields)
    return tuple(question for _, question in built)
