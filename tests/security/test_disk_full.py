"""The disk under SQLite fills up: every refused write says so and keeps what was sent,
nothing is half-written, and the same running server stores the work once space is freed.

One scenario (disk_full_scenario.py) over real HTTP against gunicorn with two workers, its
database on a small filesystem (small_disk.py). A class of students hand in and save before
the disk fills, while it is full, when a little space comes back (room for some writes, not
all), and after space is freed; a teacher creates a class and marks a written answer while it
is full. Each test checks one thing the scenario recorded. It uses its own SQLite file whatever
TEST_DATABASE_URL says.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from app import grading
from app.models import Attempt
from tests.conftest import make_test_app
from tests.security.disk_full_scenario import (
    ANSWERS,
    DATABASE,
    DISK_BYTES,
    LESSON,
    MARK,
    NEW_CLASS,
    ROOM,
    STUDENTS,
    WRITTEN,
    Run,
    Scenario,
    arrange,
)
from tests.security.live_gunicorn import KeptForm, serve
from tests.security.small_disk import PAGE, small_disk


# Both ways of filling run everywhere, so the fallback cannot rot where mounting works; where
# it does not, "tmpfs" falls back to the limit too rather than skip.
@pytest.fixture(scope="module", params=["tmpfs", "rlimit"])
def run(request, tmp_path_factory) -> Iterator[Run]:
    """Play the scenario once per way of filling; mounts, server and files go whatever happens."""
    started = time.monotonic()
    root = tmp_path_factory.mktemp("disk-full")
    with ExitStack() as stack:
        disk = stack.enter_context(
            small_disk(root / "small", DISK_BYTES, DATABASE, mount=request.param == "tmpfs")
        )
        url = f"sqlite:///{disk.database}"
        arranged = arrange(url)
        server = stack.enter_context(serve({"FAULT_DATABASE_URL": url}, workers=2))
        app = make_test_app({"DATABASE_URL": url, "DATABASE_SCHEMA": ""})
        stack.callback(app.extensions["db_engine"].dispose)
        scenario = Scenario(server, disk, app.extensions["db_engine"], arranged)
        scenario.log_in()
        scenario.before()
        scenario.full()
        scenario.space_back()
        scenario.checkpoint_while_full()
        scenario.after()
        scenario.run.log = list(server.log)
        scenario.run.seconds = time.monotonic() - started
        _report(scenario.run)
        yield scenario.run


def _report(run: Run) -> None:
    """The figures docs/RELIABILITY.md quotes (shown with pytest -s)."""
    squeezed = [r.status for r in run.squeezed.values()]
    refused = sum(r.status == 503 for r in run.hand_ins_full.values())
    print(
        f"\ndisk full by {run.how}; full ({run.room_full} bytes free): "
        f"{refused}/{len(run.hand_ins_full)} hand-ins, "
        f"{sum(r.status == 503 for r in run.saves_full)}/{len(run.saves_full)} autosaves, "
        f"{sum(r.status == 503 for *_, r in run.teacher_full.values())}/2 teacher forms "
        f"refused, {run.log_bytes_written_full} bytes of log written before the refusals, "
        f"/healthz {run.health_full.status}, checkpoint: {run.checkpoint_full}; "
        f"{run.room_back} bytes back: "
        f"{squeezed.count(200)} hand-ins stored, {squeezed.count(503)} refused; "
        f"{sum('database unavailable' in line for line in run.log)} 'database unavailable' "
        f"log lines; full period {run.seconds_full:.1f} s, whole run {run.seconds:.1f} s"
    )


def _resent_ok(run: Run) -> dict[str, bool]:
    return {name: all(r.status == 200 for r in replies) for name, replies in run.resent.items()}


# ---- While the disk is full ---------------------------------------------------------------


def test_the_disk_really_had_no_room_for_the_next_write(run):
    assert run.room_full < PAGE
    refusals = [line for line in run.log if "database unavailable" in line]
    assert refusals, "\n".join(run.log)
    assert all("disk is full" in line or "disk I/O error" in line for line in refusals)


def test_a_hand_in_on_a_full_disk_is_a_503_page_keeping_every_answer(run):
    for name, reply in run.hand_ins_full.items():
        assert reply.status == 503, name
        assert "We could not save just now" in reply.body
        kept = KeptForm(reply.body, run.quiz + "/submit")
        assert kept.found, name
        assert sorted(kept.fields) == _pairs(ANSWERS), name


def test_an_autosave_on_a_full_disk_is_a_503_with_a_message_to_show(run):
    assert [r.status for r in run.saves_full] == [503] * len(run.saves_full)
    for reply in run.saves_full:
        assert '"saved":false' in reply.body.replace(" ", "")
        assert "Your answers are kept on this page" in reply.body


def test_teacher_actions_on_a_full_disk_are_503_pages_keeping_the_form(run):
    for key, (path, data, reply) in run.teacher_full.items():
        assert reply.status == 503, key
        kept = KeptForm(reply.body, path)
        assert kept.found, key
        assert sorted(kept.fields) == _pairs(data), key


def test_pages_can_still_be_read_on_a_full_disk(run):
    assert run.reading_full.status == 200


def test_nothing_is_written_while_the_disk_is_full(run):
    assert run.rows_full == run.rows_before_full


# ---- When a little space is back --------------------------------------------------------


def test_with_a_little_space_back_each_hand_in_is_stored_or_refused_untouched(run):
    for name, reply in run.squeezed.items():
        stored = run.attempts_squeezed[name]
        if reply.status == 200:
            assert [a["status"] for a in stored] == ["submitted"], name
        else:
            assert reply.status == 503, name
            assert stored == run.attempts_before_squeeze[name], name


def test_the_space_given_back_took_some_hand_ins_and_not_others(run):
    assert run.room_back <= ROOM
    assert {r.status for r in run.squeezed.values()} == {200, 503}


# ---- Full again ---------------------------------------------------------------------------


def test_a_checkpoint_tried_on_the_full_disk_leaves_the_database_whole(run):
    assert run.checkpoint_full, "the checkpoint printed nothing"
    assert run.integrity_full == ["ok"]


# ---- After space is freed, on the same server --------------------------------------------


def test_the_same_workers_serve_again_once_space_is_freed(run):
    assert run.workers_after == run.workers_before
    assert [r.status for r in run.saves_after] == [200] * len(run.saves_after)
    assert all(_resent_ok(run).values()), _resent_ok(run)
    assert {k: r.status for k, r in run.teacher_after.items()} == {"class": 200, "mark": 200}


def test_each_hand_in_is_stored_exactly_once_with_its_score(run):
    acknowledged = sum(r.status == 200 for r in run.early + list(run.squeezed.values()))
    acknowledged += sum(_resent_ok(run).values())
    assert acknowledged == STUDENTS
    assert len(run.attempts_after) == STUDENTS
    assert len({a.student_id for a in run.attempts_after}) == STUDENTS
    assert all(a.is_submitted and a.number == 1 and _whole(a) for a in run.attempts_after)


def test_the_teachers_resent_forms_are_stored_once(run):
    assert run.classes_after.count(NEW_CLASS["name"]) == 1
    marked = run.attempts_after[0].scores[WRITTEN]
    assert marked["marked"] is True and marked["comment"] == MARK["comment"]


def test_the_database_passes_its_integrity_check_at_the_end(run):
    assert run.integrity_after == ["ok"]


def test_no_request_crashed_on_the_way_to_its_503(run):
    assert not [line for line in run.log if "Traceback" in line or "database error" in line]


def _whole(attempt: Attempt) -> bool:
    """Handed in with every score and a total that matches them."""
    total = grading.Grade(grading.recorded_scores(attempt.scores), attempt.max_points).awarded
    return set(attempt.scores) == {q.id for q in LESSON.questions} and total == attempt.awarded


def _pairs(data: dict) -> list[tuple[str, str]]:
    """A form as sorted (name, value) pairs, for comparing what was sent with what is kept."""
    return sorted(
        (name, value)
        for name, values in data.items()
        for value in (values if isinstance(values, list) else [values])
    )
