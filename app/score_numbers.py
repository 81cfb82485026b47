"""Scores as the numbers people read: whole percentages and points.

A share becomes a percentage one way only, exactly and rounded half up; points keep at most
two decimals. Pure, so reports, models and template filters all use the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from numbers import Rational


def percent(part: Rational | int, whole: Rational | int = 1) -> int:
    """part/whole as a whole percentage, rounded half up from the exact fraction; 0 if whole is 0.

    Integer arithmetic on numerators and denominators: exact (no float rounds a half the wrong
    way) and quick, since a gradebook asks for hundreds of these per page.
    """
    if not whole:
        return 0
    numerator = part.numerator * whole.denominator
    denominator = part.denominator * whole.numerator
    return (200 * numerator + denominator) // (2 * denominator)


def average_percent(percents: Iterable[int]) -> int | None:
    """The mean of whole percentages, rounded half up like any other; None when there are none."""
    values = list(percents)
    return percent(sum(values), 100 * len(values)) if values else None


def points(value: Fraction | int | str) -> str:
    """A score for people: 3, 2.5, or 1.67 (exact values stay in the database)."""
    number = Fraction(value)
    if number.denominator == 1:
        return str(number.numerator)
    return f"{float(number):.2f}".rstrip("0").rstrip(".")


def signed_points(value: Fraction | int) -> str:
    """A change in points with its sign: +2, −0.5, 0 (a true minus sign, read aloud as minus)."""
    number = Fraction(value)
    if number == 0:
        return "0"
    return ("+" if number > 0 else "\u2212") + points(abs(number))


def ratio(value: Fraction | None) -> str:
    """A share such as a normalized gain to two decimals (halves away from zero): 0.67, −0.33."""
    if value is None:
        return "\u2013"
    hundredths = (abs(Fraction(value)) * 100 * 2 + 1) // 2
    text = f"{hundredths // 100}.{hundredths % 100:02d}"
    return text if value >= 0 or hundredths == 0 else "\u2212" + text
