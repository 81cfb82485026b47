"""A lesson's reading and quiz markup, rendered once per lesson version and reused.

The reading (introduction, article, teaching sections) is the same for every student. The quiz
fields are the same too, except for which inputs are checked and what a text box holds, and the
question partials ask a `state` object for exactly those. Rendered once with `_Marks` as the
state, the quiz leaves a numbered marker wherever an answer shows; each request then fills the
markers from one student's responses, with no template work at all.

Entries are kept per lesson, with the Lesson object they were built from: a reloaded lesson is a
new object and renders afresh, and nothing else ever needs invalidating.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup, escape

from app.lessons import Lesson
from app.questions.base import Response

_CHOICE, _PLACED, _TEXT = "choice", "placed", "text"


def _value(kind: str, args: tuple[str, ...], response: Response | None) -> str:
    """What one marked spot shows for a response: an attribute, or the escaped text."""
    if response is None:
        return ""
    if kind == _CHOICE:
        return "checked" if args[0] in response.choices else ""
    if kind == _PLACED:
        return "checked" if response.placement(args[0]) == args[1] else ""
    return str(escape(response.text))


class _Marks:
    """Stands in for every student at once: each answer-dependent spot becomes a marker."""

    def __init__(self, question_id: str, spots: list[tuple], nonce: str) -> None:
        self._question_id = question_id
        self._spots = spots
        self._nonce = nonce

    def _mark(self, kind: str, *args: str) -> Markup:
        self._spots.append((self._question_id, kind, args))
        # Letters, digits and NUL: nothing that autoescaping would touch.
        return Markup(f"\0{self._nonce}{len(self._spots) - 1}\0")  # noqa: S704  # nosec B704

    def checked(self, choice_id: str) -> Markup:
        """A marker for `checked` on one option or sentence."""
        return self._mark(_CHOICE, choice_id)

    def placed(self, item_id: str, category_id: str) -> Markup:
        """A marker for `checked` on one item's category."""
        return self._mark(_PLACED, item_id, category_id)

    def text(self) -> Markup:
        """A marker for the written answer."""
        return self._mark(_TEXT)


@dataclass(frozen=True)
class _Compiled:
    """Quiz markup cut at its markers: len(parts) == len(spots) + 1."""

    parts: tuple[str, ...]
    spots: tuple[tuple, ...]

    def fill(self, responses: Mapping[str, Response]) -> Markup:
        """The markup with one student's answers in place."""
        out = [self.parts[0]]
        for (question_id, kind, args), part in zip(self.spots, self.parts[1:], strict=True):
            out.append(_value(kind, args, responses.get(question_id)))
            out.append(part)
        # Safe: the parts come from autoescaped templates, values are attributes or escaped.
        return Markup("".join(out))  # noqa: S704  # nosec B704


def _compile(lesson: Lesson) -> _Compiled:
    """Render the quiz fields once with markers and cut them up."""
    nonce = secrets.token_hex(8)
    spots: list[tuple] = []
    states = {q.id: _Marks(q.id, spots, nonce) for q in lesson.questions}
    template = current_app.jinja_env.get_template("questions/_quiz_fields.html")
    html = template.render(lesson=lesson, states=states)
    parts = [html]
    for index in range(len(spots)):
        head, tail = parts[-1].split(f"\0{nonce}{index}\0", 1)
        parts[-1:] = [head, tail]
    return _Compiled(tuple(parts), tuple(spots))


def _cached(kind: str, lesson: Lesson, build: Callable[[Lesson], object]):
    """One entry per lesson slug and kind, built from this very Lesson object.

    The library keeps its Lesson objects for the life of the app, so a reloaded (perhaps edited)
    lesson is a new object and replaces the old entry. While templates reload on change
    (development), nothing is kept, so an edited question template shows at once.
    """
    if current_app.jinja_env.auto_reload:
        return build(lesson)
    cache = current_app.extensions.setdefault("lesson_markup", {})
    built_from, value = cache.get((kind, lesson.slug), (None, None))
    if built_from is not lesson:
        value = build(lesson)
        cache[(kind, lesson.slug)] = (lesson, value)
    return value


def _render_reading(lesson: Lesson) -> Markup:
    template = current_app.jinja_env.get_template("lessons/_reading.html")
    # Safe: an autoescaped template's output.
    return Markup(template.render(lesson=lesson))  # noqa: S704  # nosec B704


def quiz_fields(lesson: Lesson, responses: Mapping[str, Response]) -> Markup:
    """Every question of the lesson as form fields, showing these saved responses."""
    return _cached("quiz", lesson, _compile).fill(responses)


def reading(lesson: Lesson) -> Markup:
    """Introduction, article and teaching sections, as every student sees them."""
    return _cached("reading", lesson, _render_reading)
