"""Check-in forms: the rules a form file must meet, and the parity of a set's two forms.

A check-in measures the three skills on passages no lesson uses, so a form reads only invented
passages, asks only questions the app scores by itself, and ties each question to one skill (its
points count towards that skill's gain). The two forms of a set are taken in either order, so
they must match item for item: the same type, skill and points at every position.
"""

from __future__ import annotations

from typing import Any

from app.lessons.model import Lesson
from app.questions import Question
from app.questions.fields import Issue

FORMS = ("A", "B")


def _source_entries(data: dict) -> list[tuple[str, dict]]:
    """(field path, mapping) of every declared article, default first."""
    article = data.get("article")
    if not isinstance(article, dict):
        return []
    more = article.get("more_articles")
    entries = [("article", article)]
    if isinstance(more, list):
        entries += [
            (f"article.more_articles[{number}]", entry)
            for number, entry in enumerate(more, start=1)
            if isinstance(entry, dict)
        ]
    return entries


def source_rules(data: dict, issues: list[Issue]) -> None:
    """Invented passages belong to check-in forms, and a check-in form reads nothing else."""
    is_form = "check_in" in data
    for path, entry in _source_entries(data):
        invented = entry.get("invented") is True
        if is_form and not invented:
            issues.append(
                (
                    f"{path}.source",
                    "a check-in form reads only passages written for it: add 'invented: true' "
                    "(the five articles are what the lessons teach, so they cannot test transfer)",
                )
            )
        elif invented and not is_form:
            issues.append(
                (
                    f"{path}.invented",
                    "invented passages are for check-in forms only; a lesson reads real articles",
                )
            )


def question_rules(
    entries: list[Any], questions: tuple[Question, ...], issues: list[Issue]
) -> None:
    """Each question of a form is scored by the app and counts towards exactly one skill."""
    paths = {
        entry.get("id"): f"quiz[{number}]"
        for number, entry in enumerate(entries, start=1)
        if isinstance(entry, dict)
    }
    for question in questions:
        path = paths.get(question.id, "quiz")
        if question.teacher_marks:
            issues.append(
                (
                    f"{path}.type",
                    f"a check-in form cannot use {question.type}: its score would wait for a "
                    "teacher's mark, and a gain needs every score at once",
                )
            )
        if len(question.skills) != 1:
            issues.append(
                (
                    f"{path}.skills",
                    f"a check-in question names exactly one skill (its points count towards that "
                    f"skill's gain), not {len(question.skills)}",
                )
            )


def _item(question: Question) -> str:
    skill = ", ".join(question.skills)
    noun = "point" if question.points == 1 else "points"
    return f"{question.type} on {skill} for {question.points} {noun}"


def parity(first: Lesson, second: Lesson) -> list[Issue]:
    """Where `second` fails to match `first` item for item, as (field path in `second`, message).

    Both are forms of one set; the paths point into the second form's file.
    """
    issues: list[Issue] = []
    label = f"form {first.check_in.form} ({first.source_file})" if first.check_in else "form A"
    if set(first.skills) != set(second.skills):
        issues.append(
            ("skills", f"lists {', '.join(second.skills)}; {label} lists {', '.join(first.skills)}")
        )
    if first.estimated_minutes != second.estimated_minutes:
        issues.append(
            (
                "estimated_minutes",
                f"is {second.estimated_minutes}; {label} takes {first.estimated_minutes}",
            )
        )
    if len(first.questions) != len(second.questions):
        issues.append(
            (
                "quiz",
                f"has {len(second.questions)} questions; {label} has {len(first.questions)}, "
                "and parallel forms match item for item",
            )
        )
    for number, (a, b) in enumerate(zip(first.questions, second.questions, strict=False), 1):
        field = next(
            (
                name
                for name, left, right in (
                    ("type", a.type, b.type),
                    ("skills", set(a.skills), set(b.skills)),
                    ("points", a.points, b.points),
                )
                if left != right
            ),
            None,
        )
        if field is not None:
            issues.append(
                (
                    f"quiz[{number}].{field}",
                    f"item {number} is {_item(b)}; item {number} of {label} is {_item(a)}",
                )
            )
    return issues
