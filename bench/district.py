"""A district's data in whatever schema a database has: seed the tables that exist, any revision.

bench/seed.py builds rows for the latest models; here each row is cut to the columns the
database has at its revision, and tables the revision has not created yet are left out. A
column that exists at an older revision but not in the models, and that the database requires,
stops the seeding with its name: teach `RevisionSeeder` that column when such a migration lands.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import Engine, MetaData, Table, func, insert, select

# Run as a script or imported from the tests: the repository and bench/ must both be importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import seed as seeding  # noqa: E402

from app.models import CheckIn, RosterBatch  # noqa: E402
from app.services import standings  # noqa: E402


@dataclass(frozen=True)
class Sizes:
    """How big the district is; the defaults are a district of 10,000 students."""

    students: int = 10_000
    classes: int = 400
    weeks: int = 36  # one assignment a week per class: a school year
    classes_per_teacher: int = 4
    submitted_share: float = 0.85  # (student, assignment) pairs handed in; 5% more left open
    retry_share: float = 0.2  # handed-in first attempts followed by a second one


class RevisionSeeder(seeding.Seeder):
    """bench/seed.py's builders, inserting only into the tables and columns the database has."""

    def __init__(self, engine: Engine, rng: random.Random, tables: dict[str, Table]):
        super().__init__(engine, rng)
        self.tables = tables

    def has(self, *names: str) -> bool:
        """Whether every named table exists at this revision."""
        return all(name in self.tables for name in names)

    def _fit(self, name: str, rows: list[dict]) -> tuple[Table, list[dict]]:
        """The table and the rows cut to its columns; refuses a required column it cannot fill."""
        table = self.tables[name]
        given = set(rows[0]) if rows else set()
        # An integer primary key fills itself: a sequence on PostgreSQL, the rowid on SQLite.
        unfilled = [
            column.name
            for column in table.columns
            if not column.nullable
            and column.server_default is None
            and column is not table.autoincrement_column
            and column.name not in given
        ]
        if rows and unfilled:
            raise RuntimeError(f"bench/district.py cannot fill {name}.{', '.join(unfilled)}")
        return table, [{k: v for k, v in row.items() if k in table.columns} for row in rows]

    def _insert(self, conn, model, rows: list[dict]) -> list[int]:
        table, rows = self._fit(model.__tablename__, rows)
        ids: list[int] = []
        for start in range(0, len(rows), seeding.CHUNK):
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += [row[0] for row in conn.execute(stmt, rows[start : start + seeding.CHUNK])]
        return ids

    def insert_plain(self, conn, name: str, rows: list[dict]) -> None:
        """Insert rows whose ids nobody needs (no RETURNING: faster for the attempts)."""
        table, rows = self._fit(name, rows)
        for start in range(0, len(rows), seeding.CHUNK):
            conn.execute(insert(table), rows[start : start + seeding.CHUNK])

    def standings(self, conn) -> None:
        """Every standing, as the app keeps them, from the attempts, in this revision's columns.

        Like standings.rebuild, but reading only the attempt columns this revision has (a fact
        from a later column, such as the points per skill, is None until its migration runs).
        """
        attempt = self.tables["attempt"]
        names = [column.key for column in standings.ATTEMPT_FACTS]
        query = select(*(attempt.c[name] for name in names if name in attempt.c)).order_by(
            attempt.c.assignment_id, attempt.c.student_id, attempt.c.number
        )
        grouped: dict[tuple[int, int], list] = defaultdict(list)
        for row in conn.execute(query):
            facts = SimpleNamespace(**(dict.fromkeys(names) | row._asdict()))
            grouped[(facts.assignment_id, facts.student_id)].append(facts)
        rows = [
            {"assignment_id": a, "student_id": s, **standings.facts(found)}
            for (a, s), found in grouped.items()
        ]
        self.insert_plain(conn, "assignment_standing", rows)

    def roster_batches(self, conn, classroom_ids: list[int], students: int) -> None:
        """One pasted roster per class, as a teacher who set the class up from a list would."""
        rows = [
            {
                "classroom_id": room,
                "token": f"{self.rng.getrandbits(128):032x}",
                "student_count": students,
                "created_at": self.now,
            }
            for room in classroom_ids
        ]
        self._insert(conn, RosterBatch, rows)

    def exceptions(self, work_by_room, members: dict[int, list[int]], room_ids: list[int]):
        """One student per class with a week's extension and an extra attempt on the first work."""
        return [
            {
                "assignment_id": work[0][0],
                "student_id": members[room][0],
                "due_at": self.now + timedelta(days=7),
                "extra_attempts": 1,
                "created_at": self.now,
            }
            for room, work in zip(room_ids, work_by_room, strict=True)
            if work and members[room]
        ]

    def check_ins(self, conn, room_ids: list[int], members: dict[int, list[int]]) -> None:
        """One check-in a class, started ten weeks ago, its after phase open for a week.

        Seats alternate between the two orders; nine in ten students handed in before, eight in
        ten after, each with a graded answer pattern of their form.
        """
        forms = self.library.check_in_sets.get("signals")
        if not forms or not room_ids:
            return
        started, opened = self.now - timedelta(weeks=10), self.now - timedelta(weeks=1)
        rows = [
            {"classroom_id": room, "set_name": "signals", "created_at": started,
             "after_opened_at": opened}
            for room in room_ids
        ]  # fmt: skip
        seats, attempts = [], []
        for check_in_id, room in zip(self._insert(conn, CheckIn, rows), room_ids, strict=True):
            for n, student in enumerate(members[room]):
                order = ("AB", "BA")[n % 2]
                seats.append(
                    {"check_in_id": check_in_id, "student_id": student, "form_order": order,
                     "created_at": started}
                )  # fmt: skip
                for phase, letter, share, when in (
                    ("before", order[0], 0.9, started + timedelta(days=1)),
                    ("after", order[1], 0.8, opened + timedelta(days=1)),
                ):
                    if self.rng.random() >= share:
                        continue
                    form = forms[letter]
                    variant = self.rng.choice(self.variants[form.slug])
                    attempts.append(
                        {
                            "check_in_id": check_in_id,
                            "student_id": student,
                            "phase": phase,
                            "form": letter,
                            "lesson_slug": form.slug,
                            "status": "submitted",
                            "started_at": when - timedelta(minutes=15),
                            "saved_at": when,
                            "submitted_at": when,
                            **{k: v for k, v in variant.items() if k != "awaiting_teacher"},
                        }
                    )
        self.insert_plain(conn, "check_in_seat", seats)
        self.insert_plain(conn, "check_in_attempt", attempts)

    def class_attempts(self, work: list[tuple[int, str]], members: list[int], sizes: Sizes):
        """A school year of one class's attempts: handed in, some tried twice, a few left open."""
        rows = []
        for assignment_id, slug in work:
            for student_id in members:
                roll = self.rng.random()
                if roll < sizes.submitted_share:
                    first = self.attempt_row(assignment_id, slug, student_id, True)
                    rows.append(first)
                    if self.rng.random() < sizes.retry_share:
                        second = self.attempt_row(assignment_id, slug, student_id, True)
                        rows.append(second | {"number": 2})
                elif roll < sizes.submitted_share + 0.05:
                    rows.append(self.attempt_row(assignment_id, slug, student_id, False))
        return rows


def reflect(conn) -> dict[str, Table]:
    """The tables the database has now, as it has them."""
    metadata = MetaData()
    metadata.reflect(conn)
    return dict(metadata.tables)


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the database (alembic's own table left out)."""
    with engine.connect() as conn:
        tables = reflect(conn)
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in sorted(tables.items())
            if name != "alembic_version"
        }


def _people(conn, s: RevisionSeeder, sizes: Sizes) -> tuple[list[int], dict[int, list[int]]]:
    """Teachers, their classes, students and memberships: (class ids, students by class)."""
    teachers = -(-sizes.classes // sizes.classes_per_teacher)
    names = [f"teacher{t:04d}@district.example" for t in range(teachers)]
    teacher_ids = s.users(conn, "teacher", names)
    per_class = sizes.students // sizes.classes
    student_ids = s.users(conn, "student", [f"s{n:05d}" for n in range(sizes.classes * per_class)])
    if not s.has("classroom"):
        return [], {}
    owners = [teacher_ids[i // sizes.classes_per_teacher] for i in range(sizes.classes)]
    room_ids = s.classrooms(conn, owners, 1, "Period")
    members = {
        room: student_ids[i * per_class : (i + 1) * per_class] for i, room in enumerate(room_ids)
    }
    if s.has("enrollment"):
        s.enroll(conn, [(room, st) for room, sts in members.items() for st in sts])
    if s.has("roster_batch"):
        s.roster_batches(conn, room_ids, per_class)
    return room_ids, members


def _fill(conn, s: RevisionSeeder, sizes: Sizes) -> None:
    """Seed table after table, stopping at the first one this revision does not have yet."""
    if not s.has("user_account"):
        return
    room_ids, members = _people(conn, s, sizes)
    if not s.has("assignment"):
        return
    work_by_room = s.assignments(conn, room_ids, sizes.weeks)
    if not s.has("attempt"):
        return
    for room, work in zip(room_ids, work_by_room, strict=True):
        s.insert_plain(conn, "attempt", s.class_attempts(work, members[room], sizes))
    if s.has("student_exception"):
        s.insert_plain(conn, "student_exception", s.exceptions(work_by_room, members, room_ids))
    if s.has("assignment_standing"):
        s.standings(conn)  # what the app keeps as each attempt is written
    if s.has("check_in", "check_in_seat", "check_in_attempt"):
        s.check_ins(conn, room_ids, members)


def seed_district(engine: Engine, sizes: Sizes, seed: int = 1) -> dict[str, int]:
    """Fill the tables that exist with a district's data; returns the rows in every table."""
    rng = random.Random(seed)  # noqa: S311  (reproducible test data, not secrets)
    with engine.begin() as conn:
        _fill(conn, RevisionSeeder(engine, rng, reflect(conn)), sizes)
    return row_counts(engine)
