"""What every template may use: filters for dates and scores, and the vocabularies' labels."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from app import assignment_rules, lesson_vocabulary
from app.charts import percent_cell_class
from app.score_numbers import percent, points, ratio, signed_points


def school_zone() -> ZoneInfo:
    """The configured school time zone."""
    return ZoneInfo(current_app.config["SCHOOL_TIMEZONE"])


def local_datetime(value: datetime | None) -> str:
    """'Fri 27 Nov 2026, 3:30 pm' in the school's time zone; '' for None."""
    if value is None:
        return ""
    return _local_datetime(value, current_app.config["SCHOOL_TIMEZONE"])


@lru_cache(maxsize=4096)
def _local_datetime(value: datetime, zone: str) -> str:
    """local_datetime's text, kept: a class's due dates recur on every page its students open."""
    local = value.astimezone(ZoneInfo(zone))
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%a %d %b %Y}, {hour}:{local:%M} {local:%p}".replace("AM", "am").replace(
        "PM", "pm"
    )


def init_app(app: Flask) -> None:
    """Register the filters, and the labels of reveal rules, statuses and lesson vocabulary."""
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["cell_class"] = percent_cell_class
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["points"] = points
    app.jinja_env.filters["signed_points"] = signed_points
    app.jinja_env.filters["ratio"] = ratio
    app.jinja_env.globals.update(
        reveal_text=assignment_rules.REVEAL_TEXT,
        status_labels=assignment_rules.STATUS_LABELS,
        due_badge_labels=assignment_rules.DUE_BADGE_LABELS,
        status_marks=assignment_rules.STATUS_MARKS,
        skill_labels=lesson_vocabulary.SKILL_LABELS,
        skill_hints=lesson_vocabulary.SKILL_HINTS,
        source_kind_labels=lesson_vocabulary.SOURCE_KIND_LABELS,
        verdict_labels=lesson_vocabulary.VERDICT_LABELS,
    )
