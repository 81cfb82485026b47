"""CSV cells are neutralised against formula injection and the file parses back."""

from __future__ import annotations

import csv
import io

import pytest

from app.csv_export import neutralise, to_csv


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


# Full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20) and small (U+FE66, U+FE62, U+FE63, U+FE6B) forms:
# spreadsheets with East Asian input settings may read them as = + - @.
@pytest.mark.parametrize(
    "cell", ["＝1+1", "＋1", "－1", "＠SUM(A1)", "﹦1+1", "﹢1", "﹣1", "﹫SUM(A1)"]
)
def test_full_width_and_small_formula_starts_get_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


# Some imports trim leading white space before deciding what a cell is.
@pytest.mark.parametrize("cell", [" =1+1", "  +1", "\n-1", "\u3000@SUM(A1)", "\xa0＝1+1"])
def test_formula_starts_after_leading_white_space_get_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("Ann", "Ann"),
        (42, "42"),
        (None, ""),
        ("a=b", "a=b"),
        (" Ann", " Ann"),
        ("  ", "  "),
        ("２", "２"),
    ],
)
def test_ordinary_cells_are_kept(cell, text):
    assert neutralise(cell) == text


def test_csv_has_a_bom_and_parses_back_with_commas_quotes_and_newlines():
    text = to_csv(["name", "note"], [["Lee, Ann", 'said "hi"\nthen left'], ["=cmd", 5]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["name", "note"], ["Lee, Ann", 'said "hi"\nthen left'], ["'=cmd", "5"]]
