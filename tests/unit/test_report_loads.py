"""How much of each attempt a class report reads is one of three named choices."""

from __future__ import annotations

import pytest

from app.lessons import Library
from app.services import reports


def test_an_unknown_load_is_refused_before_any_query():
    with pytest.raises(ValueError, match="unknown load 'total'"):
        reports.attempts_for(None, [1], [1], load="total")  # type: ignore[arg-type]


def test_an_unknown_load_of_cells_is_refused_before_any_query():
    from app.services.class_cells import class_cells

    with pytest.raises(ValueError, match="unknown load 'answers'"):
        class_cells(None, 1, [], None, "answers")  # type: ignore[arg-type]


def test_skill_mastery_refuses_a_report_read_without_the_points_per_skill():
    report = reports.ClassReport(None, [], [], reports.TOTALS_ONLY)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="load SKILLS or ALL"):
        reports.skill_mastery(report, Library())
    read = reports.ClassReport(None, [], [], reports.SKILLS)  # type: ignore[arg-type]
    assert reports.skill_mastery(read, Library()) == ({}, {})
