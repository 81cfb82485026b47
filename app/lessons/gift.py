"""Moodle GIFT for the question types it can express; the rest become `// skipped:` comments."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from app.lessons.model import Lesson
from app.questions import Classify, MultipleSelect, Question, ShortAnswer, SingleChoice

# Backslash first, so the escapes added for the others are not escaped again.
_SPECIAL = ("\\", "~", "=", "#", "{", "}", ":")
MIN_MATCH_PAIRS = 3  # Moodle refuses matching questions with fewer pairs


def escape(text: str) -> str:
    """Text safe inside GIFT: special characters backslashed, line breaks as \\n."""
    for char in _SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def percent(share: Fraction) -> str:
    """A weight as GIFT writes it: whole, or with five decimals like Moodle's grade list."""
    if share.denominator == 1:
        return str(share.numerator)
    exact = Decimal(share.numerator) / Decimal(share.denominator)
    return str(exact.quantize(Decimal("0.00001")))


def _header(lesson: Lesson, question: Question) -> str:
    text = f"> {question.quote}\n\n{question.prompt}" if question.quote else question.prompt
    return f"::{escape(lesson.slug)} {escape(question.id)}::[markdown]{escape(text)}"


def _feedback(text: str | None) -> str:
    return f"#{escape(text)}" if text else ""


def _general(question: Question) -> str:
    return f"####{escape(question.explanation)}"


def _single_choice(question: SingleChoice) -> list[str]:
    return [
        f"{'=' if o.correct else '~'}{escape(o.text)}{_feedback(o.feedback)}"
        for o in question.options
    ]


def _multiple_select(question: MultipleSelect) -> list[str]:
    share = Fraction(100, sum(o.correct for o in question.options))
    return [
        f"~%{'' if o.correct else '-'}{percent(share)}%{escape(o.text)}{_feedback(o.feedback)}"
        for o in question.options
    ]


def _classify(question: Classify) -> list[str] | None:
    """Matching pairs, or None when GIFT cannot hold the question."""
    answers = [item.answer for item in question.items]
    if len(set(answers)) != len(answers) or len(answers) < MIN_MATCH_PAIRS:
        return None
    labels = {c.id: c.label for c in question.categories}
    if any("->" in text for text in [*labels.values(), *(i.text for i in question.items)]):
        return None
    return [f"={escape(item.text)} -> {escape(labels[item.answer])}" for item in question.items]


def _answers(question: Question) -> list[str] | None:
    if isinstance(question, SingleChoice):
        return _single_choice(question)
    if isinstance(question, MultipleSelect):
        return _multiple_select(question)
    if isinstance(question, Classify):
        return _classify(question)
    return None


def question_to_gift(lesson: Lesson, question: Question) -> str:
    """One question in GIFT, or a `// skipped:` comment saying why it cannot be written."""
    if isinstance(question, ShortAnswer):
        rubric = "; ".join(f"{c.points}: {c.criterion}" for c in question.rubric)
        comment = " ".join(f"// rubric ({question.id}): {rubric}".split())
        return f"{comment}\n{_header(lesson, question)}{{}}\n"
    answers = _answers(question)
    if answers is None:
        why = {
            "highlight": "picking sentences of the article has no GIFT equivalent",
            "classify": "GIFT matching needs 3 or more items, each in its own category",
        }.get(question.type, "GIFT has no equivalent")
        return f"// skipped: {lesson.slug} {question.id} ({question.type}): {why}\n"
    body = "\n".join([*answers, _general(question)])
    return f"{_header(lesson, question)}{{\n{body}\n}}\n"


def lesson_to_gift(lesson: Lesson) -> str:
    """A lesson's questions under a Moodle category named after the lesson."""
    title = " ".join(lesson.title.split())
    lines = [f"// {title} ({lesson.slug}, version {lesson.version})"]
    lines.append(f"$CATEGORY: $course$/Sourcewise/{lesson.slug}\n")
    lines += [question_to_gift(lesson, question) for question in lesson.questions]
    return "\n".join(lines)
