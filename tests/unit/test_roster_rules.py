"""Pure roster helpers: parsing, checks and usernames."""

from __future__ import annotations

import pytest

from app.roster import (
    RosterError,
    RosterLine,
    check_lines,
    clean_name,
    parse_csv,
    parse_pasted,
    unique_username,
    username_base,
)


def test_pasted_names_skip_blank_lines_and_keep_line_numbers():
    assert parse_pasted("Ann\n\n  Bo  Park \n") == [RosterLine(1, "Ann"), RosterLine(3, "Bo Park")]


def test_clean_name_drops_control_characters():
    assert clean_name("An\x00n\u200b Lee") == "Ann Lee"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("María José Núñez", "maria.nunez"),
        ("Ann", "ann"),
        ("Bo", "bo.stu"),
        ("李雷", "student"),
        ("O'Brien, Sean", "o.sean"),
    ],
)
def test_username_base(name, expected):
    assert username_base(name) == expected


def test_unique_username_adds_the_smallest_free_number():
    assert unique_username("ann", {"ann", "ann2"}) == "ann3"
    assert unique_username("bo", set()) == "bo"


def test_csv_reads_name_and_optional_username_case_insensitively():
    lines = parse_csv(b"NAME,UserName\nAnn Lee,annie\nBo,\n")
    assert [(line.name, line.username) for line in lines] == [("Ann Lee", "annie"), ("Bo", None)]


def test_csv_needs_a_name_column():
    with pytest.raises(RosterError, match="'name' column"):
        parse_csv(b"first\nAnn\n")


def test_check_refuses_empty_oversized_and_bad_usernames():
    with pytest.raises(RosterError, match="empty"):
        check_lines([], 5)
    with pytest.raises(RosterError, match="the most at once is 1"):
        check_lines([RosterLine(1, "A"), RosterLine(2, "B")], 1)
    with pytest.raises(RosterError, match="Line 4: 'A B' is not a valid username"):
        check_lines([RosterLine(4, "Ann", "A B")], 5)
