"""Dates in the school's time zone, as every page writes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from flask import Flask

from app.formatting import local_datetime


def _in_zone(zone: str, value):
    app = Flask(__name__)
    app.config["SCHOOL_TIMEZONE"] = zone
    with app.app_context():
        return local_datetime(value)


def test_a_date_is_written_in_the_school_zone_with_a_12_hour_clock():
    moment = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
    assert _in_zone("UTC", moment) == "Fri 27 Nov 2026, 3:30 pm"
    assert _in_zone("America/New_York", moment) == "Fri 27 Nov 2026, 10:30 am"
    assert _in_zone("Europe/Kyiv", moment) == "Fri 27 Nov 2026, 5:30 pm"


def test_the_same_moment_reads_the_same_whatever_zone_it_arrives_in():
    moment = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    shifted = moment.astimezone(timezone(timedelta(hours=-7)))
    assert _in_zone("Europe/London", moment) == _in_zone("Europe/London", shifted)
    assert _in_zone("Europe/London", moment) == "Sun 29 Mar 2026, 12:30 am"


def test_a_zone_change_between_pages_is_taken_at_once():
    """A kept text belongs to its zone: a school that changes zone sees the new time at once."""
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert _in_zone("UTC", moment) == "Wed 01 Jul 2026, 12:00 pm"
    assert _in_zone("Asia/Tokyo", moment) == "Wed 01 Jul 2026, 9:00 pm"
    assert _in_zone("UTC", moment) == "Wed 01 Jul 2026, 12:00 pm"


def test_no_date_writes_nothing():
    assert _in_zone("UTC", None) == ""
