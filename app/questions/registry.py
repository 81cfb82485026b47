"""The question types by name: a lesson's `type:` field picks the class that judges it.

Each type also has a template folder (field, review, key and tally templates, and mark when a
teacher marks it); templates include them by type name as questions/<type>/<file>.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from app.questions.article import ArticleText
from app.questions.base import Question
from app.questions.fields import Issue, describe

# The app's own types keep their templates here, in a folder named after the type.
APP_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "questions"
TEMPLATES = ("field.html", "review.html", "key.html", "tally.html")
MARKING_TEMPLATE = "mark.html"  # only for types a teacher marks
TYPE_NAME = re.compile(r"[a-z][a-z0-9_]*")

QUESTION_TYPES: dict[str, type[Question]] = {}
TEMPLATE_FOLDERS: dict[str, Path] = {}

Q = TypeVar("Q", bound=type[Question])


def register(cls: Q, templates: Path | None = None) -> Q:
    """Add a question type under its `type` name, with its template folder.

    Used bare as a class decorator for the app's types (templates in APP_TEMPLATES/<type>);
    a type kept elsewhere names its folder. A missing template is an error now, not on a page.
    """
    if not cls.type or cls.type in QUESTION_TYPES:
        raise ValueError(f"question type name {cls.type!r} is empty or already registered")
    if not TYPE_NAME.fullmatch(cls.type):
        raise ValueError(f"question type name {cls.type!r} is not lowercase letters, digits, _")
    folder = Path(templates) if templates is not None else APP_TEMPLATES / cls.type
    needed = TEMPLATES + ((MARKING_TEMPLATE,) if cls.teacher_marks else ())
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        raise ValueError(f"question type {cls.type!r} lacks {', '.join(missing)} in {folder}")
    QUESTION_TYPES[cls.type] = cls
    TEMPLATE_FOLDERS[cls.type] = folder
    ordered = sorted(QUESTION_TYPES.values(), key=lambda kind: (kind.listed, kind.type))
    QUESTION_TYPES.clear()
    QUESTION_TYPES.update((kind.type, kind) for kind in ordered)
    return cls


def load_types(package_path: Iterable[str], package_name: str) -> None:
    """Import every module of the question package, so each type module registers its type."""
    for module in pkgutil.iter_modules(package_path):
        importlib.import_module(f"{package_name}.{module.name}")


def unregister(name: str) -> None:
    """Remove a question type and its templates (for tests that add a type of their own)."""
    QUESTION_TYPES.pop(name, None)
    TEMPLATE_FOLDERS.pop(name, None)


def template_folder(name: str) -> Path | None:
    """The folder holding the templates of question type `name`; None for an unknown type."""
    return TEMPLATE_FOLDERS.get(name)


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
