"""Server-rendered SVG bar charts for teachers: no JavaScript, no inline styles, text first.

The strict Content-Security-Policy forbids inline styles and scripts, so shapes carry only
presentation attributes and classes, and the page stylesheet colours them. Every text that
goes into the markup is escaped here, so callers may mark the result safe.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from markupsafe import Markup

from app.lesson_vocabulary import SKILL_LABELS
from app.score_numbers import points

LOW_BELOW = 50
HIGH_FROM = 80

# Drawn in a narrow box (width 340) so text stays near 13 px when a 360 px phone shrinks it.
FONT_SIZE = 15
# A generous average glyph width, so estimated label and value columns rarely clip.
CHAR_WIDTH = FONT_SIZE * 0.6
ROW_HEIGHT = 28
BAR_HEIGHT = 18
GAP = 8
TOP = 8
LONGEST_LABEL_SHARE = 0.45  # of the width; longer labels are shortened on screen only


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label, a whole-number value and an optional note for the text."""

    label: str
    value: int
    note: str = ""


def band(value: int) -> str:
    """'low' below 50, 'mid' from 50 to 79, 'high' from 80: the thresholds of every colour."""
    if value < LOW_BELOW:
        return "low"
    return "mid" if value < HIGH_FROM else "high"


def percent_cell_class(value: int | None) -> str:
    """The gradebook cell class for a percentage; 'cell-none' when there is no score."""
    return "cell-none" if value is None else f"cell-{band(value)}"


def chart_id(title: str, bars: Sequence[Bar]) -> str:
    """An element id from the title's slug plus a short hash of the chart, unique per chart."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:32].strip("-")
    digest = hashlib.sha256(repr((title, list(bars))).encode()).hexdigest()[:8]
    return f"chart-{slug}-{digest}" if slug else f"chart-{digest}"


def _value_text(bar: Bar) -> str:
    return f"{bar.value}%"


def _sentence(bar: Bar) -> str:
    """A bar in words, for the description and the tooltip."""
    note = f" ({bar.note})" if bar.note else ""
    return f"{bar.label}: {_value_text(bar)}{note}"


def _shorten(label: str, max_chars: int) -> str:
    # Only the drawn label is shortened; the description and tooltip keep the whole text.
    return label if len(label) <= max_chars else label[: max(1, max_chars - 1)].rstrip() + "…"


def _attrs(**values: object) -> str:
    """Attributes in order, escaped; class_ gives class and text_anchor gives text-anchor."""
    return " ".join(
        f'{k.rstrip("_").replace("_", "-")}="{escape(_number(v))}"' for k, v in values.items()
    )


def _number(value: object) -> str:
    # Geometry only (never grades): one decimal is finer than any screen needs.
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _columns(bars: Sequence[Bar], width: int) -> tuple[float, float, int]:
    """Label column width, value column width and the label length that fits."""
    longest = max((len(b.label) for b in bars), default=0)
    label_w = min(longest * CHAR_WIDTH, width * LONGEST_LABEL_SHARE) + GAP
    value_w = max(len(_value_text(b)) for b in bars) * CHAR_WIDTH + GAP if bars else 0
    return label_w, value_w, max(1, int((label_w - GAP) / CHAR_WIDTH))


def _row(bar: Bar, y: float, label_w: float, bar_area: float, max_value: int, fit: int) -> str:
    share = min(max(bar.value, 0), max_value) / max_value if max_value > 0 else 0
    length = round(bar_area * share, 1)
    text_y = y + BAR_HEIGHT / 2
    label = _attrs(
        class_="bar-label", x=label_w - GAP, y=text_y, text_anchor="end", dominant_baseline="middle"
    )
    rect = _attrs(
        class_=f"bar bar-{band(bar.value)}", x=label_w, y=y, width=length, height=BAR_HEIGHT
    )
    value = _attrs(
        class_="bar-value", x=round(label_w + length + GAP / 2, 1), y=text_y,
        dominant_baseline="middle",
    )  # fmt: skip
    return (
        f'<g class="bar-row"><title>{escape(_sentence(bar))}</title>'
        f"<text {label}>{escape(_shorten(bar.label, fit))}</text>"
        f"<rect {rect}/>"
        f"<text {value}>{escape(_value_text(bar))}</text></g>"
    )


def bar_chart(bars: Sequence[Bar], *, title: str, max_value: int = 100, width: int = 340) -> str:
    """A horizontal bar chart as an accessible SVG string that scales to its container."""
    ident = chart_id(title, bars)
    label_w, value_w, fit = _columns(bars, width)
    bar_area = max(width - label_w - value_w, 1)
    height = TOP * 2 + ROW_HEIGHT * max(len(bars), 1)
    words = "; ".join(_sentence(b) for b in bars) + "." if bars else "No data yet."
    rows = [
        _row(bar, TOP + i * ROW_HEIGHT, label_w, bar_area, max_value, fit)
        for i, bar in enumerate(bars)
    ]
    if not rows:
        empty = _attrs(class_="chart-empty", x=GAP, y=TOP + ROW_HEIGHT / 2)
        rows.append(f"<text {empty}>No data yet.</text>")
    svg = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        class_="bar-chart",
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        viewBox=f"0 0 {width} {height}",
        font_size=FONT_SIZE,
    )
    return (
        f"<svg {svg}>"
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(words)}</desc>'
        f"{''.join(rows)}</svg>"
    )


def mastery_chart(mastery: dict, title: str) -> Markup:
    """Skill mastery as an accessible SVG bar chart, one bar per skill with points possible."""
    bars = [
        Bar(
            SKILL_LABELS.get(skill, skill),
            m.percent,
            f"{points(m.earned)} of {m.possible} points",
        )
        for skill, m in mastery.items()
        if m.possible
    ]
    # Safe: bar_chart escapes every text it writes.
    return Markup(bar_chart(bars, title=title))  # noqa: S704  # nosec B704


SLOPE_WIDTH = 340
SLOPE_HEIGHT = 232
SLOPE_LEFT = 96  # x of the "Before" column
SLOPE_RIGHT = 244  # x of the "After" column
SLOPE_TOP = 28
SLOPE_BOTTOM = 176  # y of zero points


def _text(kind: str, x: float, y: float, words: str, *, anchor: str) -> str:
    attrs = _attrs(class_=kind, x=x, y=y, text_anchor=anchor, dominant_baseline="middle")
    return f"<text {attrs}>{escape(words)}</text>"


def _line(kind: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f"<line {_attrs(class_=kind, x1=x1, y1=y1, x2=x2, y2=y2)}/>"


def _direction_counts(pairs: Sequence[tuple[Fraction, Fraction]]) -> str:
    rose = sum(1 for before, after in pairs if after > before)
    fell = sum(1 for before, after in pairs if after < before)
    level = len(pairs) - rose - fell
    return f"{rose} rose, {level} stayed level and {fell} fell"


def slope_chart(
    label: str,
    possible: int,
    pairs: Sequence[tuple[Fraction, Fraction]],
    mean: tuple[Fraction, Fraction] | None,
) -> Markup:
    """Before-to-after lines for one skill: a faint line per student, a bold one for the mean.

    `pairs` are the students' (before, after) points; `mean` the class's means. The text
    alternative says the same in words: the mean before and after, and how many rose or fell.
    """
    title = f"{label}: before and after"
    ident = chart_id(title, [Bar(label, possible, repr((list(pairs), mean)))])
    if mean is None or not possible:
        words = "No student has taken both check-ins yet." if possible else "No points."
    else:
        before, after = mean
        gain = after - before
        sign = "+" if gain >= 0 else "−"
        words = (
            f"Class mean {points(before)} of {possible} points before and {points(after)} after "
            f"(gain {sign}{points(abs(gain))}). Of the {len(pairs)} students who took both, "
            f"{_direction_counts(pairs)}."
        )

    def y(value: Fraction) -> float:
        share = Fraction(value) / possible if possible else Fraction(0)
        return round(SLOPE_BOTTOM - float(share) * (SLOPE_BOTTOM - SLOPE_TOP), 1)

    parts = [
        _text("slope-axis", SLOPE_LEFT, SLOPE_BOTTOM + 24, "Before", anchor="middle"),
        _text("slope-axis", SLOPE_RIGHT, SLOPE_BOTTOM + 24, "After", anchor="middle"),
        _line("slope-rule", SLOPE_LEFT, SLOPE_TOP, SLOPE_LEFT, SLOPE_BOTTOM),
        _line("slope-rule", SLOPE_RIGHT, SLOPE_TOP, SLOPE_RIGHT, SLOPE_BOTTOM),
        _text("slope-scale", SLOPE_LEFT - 12, SLOPE_TOP, str(possible), anchor="end"),
        _text("slope-scale", SLOPE_LEFT - 12, SLOPE_BOTTOM, "0", anchor="end"),
    ]
    parts += [
        _line("slope-student", SLOPE_LEFT, y(before), SLOPE_RIGHT, y(after))
        for before, after in pairs
    ]
    if mean is not None and possible:
        before, after = mean
        parts += [
            _line("slope-mean", SLOPE_LEFT, y(before), SLOPE_RIGHT, y(after)),
            f"<circle {_attrs(class_='slope-mean-dot', cx=SLOPE_LEFT, cy=y(before), r=5)}/>",
            f"<circle {_attrs(class_='slope-mean-dot', cx=SLOPE_RIGHT, cy=y(after), r=5)}/>",
            _text(
                "slope-value",
                SLOPE_LEFT,
                SLOPE_BOTTOM + 42,
                f"mean {points(before)}",
                anchor="middle",
            ),
            _text(
                "slope-value",
                SLOPE_RIGHT,
                SLOPE_BOTTOM + 42,
                f"mean {points(after)}",
                anchor="middle",
            ),
        ]
    svg = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        class_="slope-chart",
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        viewBox=f"0 0 {SLOPE_WIDTH} {SLOPE_HEIGHT}",
        font_size=FONT_SIZE,
    )
    # Safe: every text above is escaped or a number.
    return Markup(  # noqa: S704  # nosec B704
        f"<svg {svg}>"
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(words)}</desc>'
        f"{''.join(parts)}</svg>"
    )
