"""What a question type writes for Moodle GIFT: its answer lines, or why GIFT cannot hold it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# Backslash first, so the escapes added for the others are not escaped again.
_SPECIAL = ("\\", "~", "=", "#", "{", "}", ":")


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


def feedback(text: str | None) -> str:
    """An answer's feedback as GIFT appends it (nothing when there is none)."""
    return f"#{escape(text)}" if text else ""


@dataclass(frozen=True)
class Gift:
    """One question in GIFT: answer lines, a comment line above it, or why it cannot be written.

    No answer lines make an essay question (`{}`), which Moodle leaves to the teacher to mark.
    """

    answers: tuple[str, ...] = ()
    comment: str = ""
    not_expressible: str = ""  # why GIFT has no equivalent; nothing else is written then

    @classmethod
    def skipped(cls, why: str) -> Gift:
        """A question GIFT cannot hold, and why (written as a `// skipped:` comment)."""
        return cls(not_expressible=why)
