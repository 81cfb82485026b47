"""The probes of bench/district_profile.py: where in each database its pages are measured.

A probe is a student, a teacher, their class and its work. The bench class of bench/seed.py is
one (added to a district's database if need be, with a check-in like the district's classes
have); a district class with a student holding both an open and a handed-in attempt is another.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import district  # noqa: E402
import seed as seeding  # noqa: E402

from app.models import Attempt, CheckIn, Classroom, User  # noqa: E402
from app.services import standings  # noqa: E402


@dataclass
class Probe:
    """Where one column is measured: a student, a teacher, their class and its work."""

    label: str
    grid: str  # the class's students x assignments, as the table states it
    student: str = ""
    teacher: str = ""
    classroom_id: int = 0
    opened: int = 0  # the student's attempt 1 here is open
    done: int = 0  # the student's attempt 1 here is handed in
    check_in_id: int = 0
    fresh: list[tuple[str, int]] = field(default_factory=list)  # (student, assignment) unstarted
    ms: dict[str, float] = field(default_factory=dict)
    floor_ms: dict[str, float] = field(default_factory=dict)
    statements: dict[str, int] = field(default_factory=dict)


def seeder(engine, seed: int) -> district.RevisionSeeder:
    """bench/district.py's seeder over the tables the database has, minding the join codes taken."""
    with engine.connect() as conn:
        tables = district.reflect(conn)
        taken = set(conn.execute(select(Classroom.join_code)).scalars())
    s = district.RevisionSeeder(engine, random.Random(seed), tables)  # noqa: S311
    s.codes |= taken
    return s


def add_bench_classes(engine, args: argparse.Namespace, label: str) -> Probe:
    """The standard bench and crowd classes, each bench class given a check-in like a district's."""
    info = seeding.SeedInfo()
    s = seeder(engine, args.seed)
    with engine.begin() as conn:
        attempts = seeding.probe_classes(conn, s, args, info)
        for start in range(0, len(attempts), seeding.CHUNK):
            conn.execute(insert(Attempt.__table__), attempts[start : start + seeding.CHUNK])
        standings.rebuild(conn, [int(a) for a in info.lesson_slugs])
    return bench_probe(engine, s, info, label)


def bench_probe(engine, s: district.RevisionSeeder, info: seeding.SeedInfo, label: str) -> Probe:
    """The bench class as a probe, after giving it the check-in every district class has."""
    room = info.bench_classroom_id
    with engine.begin() as conn:
        members = list(
            conn.execute(
                text("SELECT student_id FROM enrollment WHERE classroom_id = :c"), {"c": room}
            ).scalars()
        )
        s.check_ins(conn, [room], {room: members})
        check_in_id = conn.execute(select(CheckIn.id).where(CheckIn.classroom_id == room)).scalar()
    fresh = [(name, info.crowd_assignment_id) for name in info.crowd_students]
    grid = f"{len(members)} x {len(info.lesson_slugs) - 2}"  # the two bursts' work left out
    ids = (room, info.open_assignment_id, info.submitted_assignment_id, check_in_id)
    return Probe(label, grid, info.bench_student, info.bench_teacher, *ids, fresh)


PROBE_STUDENT = text(
    """
    SELECT e.classroom_id, a.student_id,
           min(CASE WHEN a.status = 'in_progress' THEN a.assignment_id END) AS opened,
           min(CASE WHEN a.status = 'submitted' THEN a.assignment_id END) AS done
    FROM attempt a JOIN enrollment e ON e.student_id = a.student_id
    JOIN assignment s ON s.id = a.assignment_id AND s.classroom_id = e.classroom_id
    WHERE a.number = 1
    GROUP BY e.classroom_id, a.student_id
    HAVING count(CASE WHEN a.status = 'in_progress' THEN 1 END) > 0
       AND count(CASE WHEN a.status = 'submitted' THEN 1 END) > 0
    ORDER BY e.classroom_id, a.student_id
    LIMIT 1
    """
)
UNSTARTED = text(
    """
    SELECT u.username, s.id FROM enrollment e
    JOIN user_account u ON u.id = e.student_id
    JOIN assignment s ON s.classroom_id = e.classroom_id
    WHERE u.username LIKE 's%' AND NOT EXISTS
        (SELECT 1 FROM attempt a WHERE a.assignment_id = s.id AND a.student_id = e.student_id)
    ORDER BY e.classroom_id != :room, e.classroom_id, s.id, u.id
    LIMIT :count
    """
)


def district_probe(engine, count: int) -> Probe:
    """The first district class with a student holding both an open and a handed-in attempt."""
    with engine.connect() as conn:
        room, student_id, opened, done = conn.execute(PROBE_STUDENT).one()
        student = conn.execute(select(User.username).where(User.id == student_id)).scalar_one()
        teacher = conn.execute(
            select(User.email).join(Classroom, Classroom.teacher_id == User.id)
            .where(Classroom.id == room)
        ).scalar_one()  # fmt: skip
        check_in_id = conn.execute(select(CheckIn.id).where(CheckIn.classroom_id == room)).scalar()
        fresh = [tuple(row) for row in conn.execute(UNSTARTED, {"room": room, "count": count})]
        size = conn.execute(
            text("SELECT (SELECT count(*) FROM enrollment WHERE classroom_id = :c),"
                 " (SELECT count(*) FROM assignment WHERE classroom_id = :c)"), {"c": room}
        ).one()  # fmt: skip
    grid = f"{size[0]} x {size[1]}"
    return Probe("district class", grid, student, teacher, room, opened, done, check_in_id, fresh)
