"""A lesson's reading and quiz markup, rendered once per lesson version and reused.

The reading (introduction, article, teaching sections) is the same for every student. The quiz
fields are the same too, except for which inputs are checked, what a text box holds and the order
of a choice question's options, and the question partials ask a `state` object for exactly those.
Rendered once with `_Marks` as the state, the quiz leaves a numbered marker wherever an answer
shows and around each option; each request then fills the markers from one student's responses
and lays the options out in that student's order, with no template work at all.

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
from app.questions import Response

_CHOICE, _PLACED, _TEXT = "choice", "placed", "text"
_OPTION_START, _OPTION_END = "option-start", "option-end"


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

    def option_start(self, option_id: str) -> Markup:
        """A marker where one option's markup begins: from here to option_end() it can move."""
        return self._mark(_OPTION_START, option_id)

    def option_end(self) -> Markup:
        """A marker where the current option's markup ends."""
        return self._mark(_OPTION_END)


@dataclass(frozen=True)
class _Spot:
    """A place that shows part of a student's answer."""

    question_id: str
    kind: str
    args: tuple[str, ...]


@dataclass(frozen=True)
class _Slot:
    """The `index`-th option place of a question: holds whichever option the order puts there."""

    question_id: str
    index: int


_Piece = str | _Spot | _Slot


@dataclass(frozen=True)
class _Compiled:
    """Quiz markup cut at its markers, each option's markup kept apart so it can move."""

    pieces: tuple[_Piece, ...]
    options: Mapping[tuple[str, str], tuple[_Piece, ...]]  # (question id, option id) -> markup
    file_order: Mapping[str, tuple[str, ...]]  # question id -> option ids as in the file
    spots: tuple[_Spot, ...]

    def fill(
        self,
        responses: Mapping[str, Response],
        orders: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Markup:
        """The markup with one student's answers in place and options in `orders` (else file)."""
        out: list[str] = []
        self._emit(self.pieces, responses, orders or {}, out)
        # Safe: the parts come from autoescaped templates, values are attributes or escaped.
        return Markup("".join(out))  # noqa: S704  # nosec B704

    def _emit(self, pieces, responses, orders, out: list[str]) -> None:
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
            elif isinstance(piece, _Spot):
                out.append(_value(piece.kind, piece.args, responses.get(piece.question_id)))
            else:
                order = orders.get(piece.question_id) or self.file_order[piece.question_id]
                option = self.options[(piece.question_id, order[piece.index])]
                self._emit(option, responses, orders, out)


def _assemble(parts: list[str], spots: list[tuple]) -> _Compiled:
    """Group the cut markup: top-level pieces, with each option's pieces set aside."""
    top: list[_Piece] = [parts[0]]
    current = top
    options: dict[tuple[str, str], list[_Piece]] = {}
    file_order: dict[str, list[str]] = {}
    for (question_id, kind, args), part in zip(spots, parts[1:], strict=True):
        if kind == _OPTION_START:
            ids = file_order.setdefault(question_id, [])
            top.append(_Slot(question_id, len(ids)))
            ids.append(args[0])
            current = options[(question_id, args[0])] = []
        elif kind == _OPTION_END:
            current = top
        else:
            current.append(_Spot(question_id, kind, args))
        current.append(part)
    return _Compiled(
        pieces=tuple(top),
        options={key: tuple(pieces) for key, pieces in options.items()},
        file_order={key: tuple(ids) for key, ids in file_order.items()},
        spots=tuple(_Spot(*spot) for spot in spots if spot[1] not in (_OPTION_START, _OPTION_END)),
    )


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
    return _assemble(parts, spots)


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


def quiz_fields(
    lesson: Lesson,
    responses: Mapping[str, Response],
    orders: Mapping[str, tuple[str, ...]] | None = None,
) -> Markup:
    """Every question as form fields, showing these responses, options in one student's order.

    `orders` maps a question id to its option ids as the student sees them; a question not in
    it (and every question when it is None, as in the teacher's preview) keeps file order.
    """
    return _cached("quiz", lesson, _compile).fill(responses, orders)


def reading(lesson: Lesson) -> Markup:
    """Introduction, article and teaching sections, as every student sees them."""
    return _cached("reading", lesson, _render_reading)
