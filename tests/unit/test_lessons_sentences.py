"""split_sentences follows the README's rule exactly, abbreviations included."""

from __future__ import annotations

import pytest

from app.lessons import split_sentences


def test_splits_after_a_full_stop_before_a_capital():
    assert split_sentences("The bridge closed. Nobody knows why.") == [
        "The bridge closed.",
        "Nobody knows why.",
    ]


def test_splits_after_question_and_exclamation_marks():
    assert split_sentences("Who says so? Nobody! Really.") == ["Who says so?", "Nobody!", "Really."]


def test_does_not_split_after_st_in_st_petersburg():
    assert split_sentences("It was filmed in St. Petersburg. Then it spread.") == [
        "It was filmed in St. Petersburg.",
        "Then it spread.",
    ]


@pytest.mark.parametrize(
    "abbreviation",
    ["Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Col.", "Lt.", "U.S.", "U.K.", "No.", "vs."],
)
def test_does_not_split_after_listed_abbreviations(abbreviation):
    assert split_sentences(f"He met the {abbreviation} Smith group. It ended.") == [
        f"He met the {abbreviation} Smith group.",
        "It ended.",
    ]


def test_does_not_split_after_e_g_even_before_a_capital():
    assert split_sentences("Cities, e.g. Kyiv, were named.") == ["Cities, e.g. Kyiv, were named."]


def test_closing_quotation_mark_stays_with_its_sentence():
    assert split_sentences('"We saw it." They left.') == ['"We saw it."', "They left."]


def test_question_mark_inside_quotes_ends_the_sentence():
    assert split_sentences('He asked "why?" Then he left.') == ['He asked "why?"', "Then he left."]


def test_curly_quote_and_closing_bracket_stay_with_their_sentence():
    # "(" is not a capital, digit or opening quotation mark, so no split before the bracket.
    assert split_sentences("“It is over.” They said so.) Next.") == [
        "“It is over.”",
        "They said so.)",
        "Next.",
    ]


def test_opening_quotation_mark_starts_a_new_sentence():
    assert split_sentences('The center spoke. "We are ready," it said.') == [
        "The center spoke.",
        '"We are ready," it said.',
    ]


def test_digit_starts_a_new_sentence():
    assert split_sentences("It happened in May. 2024 was hard.") == [
        "It happened in May.",
        "2024 was hard.",
    ]


def test_lowercase_after_a_full_stop_does_not_split():
    assert split_sentences("The so-called minister. and more") == [
        "The so-called minister. and more"
    ]


def test_no_split_without_whitespace_after_the_stop():
    assert split_sentences("Version 2.0 shipped.It worked.") == ["Version 2.0 shipped.It worked."]


def test_cyrillic_capital_starts_a_sentence():
    assert split_sentences("He said it. Привіт всім.") == ["He said it.", "Привіт всім."]


def test_empty_paragraph_has_no_sentences():
    assert split_sentences("   ") == []
