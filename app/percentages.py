"""Percentages: the one way a share becomes a whole percentage (exact, rounded half up)."""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Rational


def percent(part: Rational | int, whole: Rational | int = 1) -> int:
    """part/whole as a whole percentage, rounded half up from the exact fraction; 0 if whole is 0.

    Integer arithmetic on numerators and denominators only: a gradebook asks for hundreds of
    these per page, and a float would turn 84.5 into 84.49999.
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
