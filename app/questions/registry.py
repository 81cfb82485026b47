"""The question types by name: a lesson's `type:` field picks the class that judges it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from app.questions.article import ArticleText
from app.questions.base import Question
from app.questions.fields import Issue, describe

QUESTION_TYPES: dict[str, type[Question]] = {}

Q = TypeVar("Q", bound=type[Question])


def register(cls: Q) -> Q:
    """Class decorator adding a question type under its `type` name."""
    if not cls.type or cls.type in QUESTION_TYPES:
        raise ValueError(f"question type name {cls.type!r} is empty or already registered")
    QUESTION_TYPES[cls.type] = cls
    return cls


def question_from_definition(
    data: Mapping[str, Any] | Any, path: str, article: ArticleText
) -> tuple[Question | None, list[Issue]]:
    """Build a question from its YAML mapping at field path `path`, or list what is wrong."""
    if not isinstance(data, dict):
        return None, [(path, f"must be a question (a group of fields), not {describe(data)}")]
    kind = data.get("type")
    if "type" not in data:
        return None, [(path, f"type is missing (use one of: {', '.join(QUESTION_TYPES)})")]
    if not isinstance(kind, str) or kind not in QUESTION_TYPES:
        shown = kind if isinstance(kind, str) else describe(kind)
        message = f"'{shown}' is not a question type; use one of: {', '.join(QUESTION_TYPES)}"
        return None, [(f"{path}.type", message)]
    return QUESTION_TYPES[kind].from_definition(data, path, article)
