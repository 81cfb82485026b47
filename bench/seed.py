"""Seed a realistic data set for load tests, fast: bulk inserts, one password hash, cached grades.

Usage (the schema must already be migrated, e.g. with `flask --app app db upgrade`):

    .venv/bin/python bench/seed.py --url sqlite:////tmp/bench.sqlite3
    .venv/bin/python bench/seed.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test \
        --schema bench_x

Every account gets the SAME password hash, computed once with Werkzeug (scrypt, the app's
default). Hashing 6,000 passwords one by one would take about 15 minutes on two cores
(130-170 ms each); reusing one hash is safe here because this data is throwaway load-test data.
Logging in still costs one real scrypt check, as in production.

Answers are built like app/demo.py (right or wrong per question) from the lesson keys; a few
dozen answer patterns per lesson are graded once with app.grading.grade and reused.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from sqlalchemy import Engine, insert
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import analytics, grading
from app.db import make_engine
from app.demo import answers_form
from app.lesson_library import DEFAULT_FOLDER, library_for
from app.models import Assignment, Attempt, Classroom, Enrollment, User
from app.security import JOIN_CODE_ALPHABET
from app.services import standings
from app.services.attempts import read_answers

PASSWORD = "bench-password"  # noqa: S105  # nosec B105  (throwaway load-test accounts)
CHUNK = 1000
VARIANTS_PER_LESSON = 24


@dataclass
class SeedInfo:
    """What run.py needs to find its way around the seeded data."""

    password: str = PASSWORD
    bench_teacher: str = ""
    bench_classroom_id: int = 0
    bench_student: str = ""
    submitted_assignment_id: int = 0  # bench student has a submitted attempt 1 here
    open_assignment_id: int = 0  # bench student has an open attempt 1 here
    lesson_slugs: dict = field(default_factory=dict)  # assignment id -> lesson slug (probes)
    crowd_assignment_id: int = 0  # nobody has started it
    crowd_students: list[str] = field(default_factory=list)
    class_assignment_id: int = 0  # a class of its own; nobody has started it
    class_students: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def _marked(lesson, scores: dict, rng: random.Random) -> dict:
    """Scores after the teacher marked every written answer (as services.teaching does)."""
    scores = dict(scores)
    for question in lesson.questions:
        if question.teacher_marks and question.id in scores:
            scores[question.id] = question.teacher_score(Fraction(rng.randint(0, question.points)))
    return scores


def _variants(lesson, rng: random.Random) -> list[dict]:
    """Graded answer patterns for one lesson: column values for a submitted Attempt row."""
    rows = []
    for _ in range(VARIANTS_PER_LESSON):
        wrong = {i for i in range(len(lesson.questions)) if rng.random() < 0.3}
        answers = read_answers(lesson, answers_form(lesson, wrong))
        result = grading.grade(lesson.questions, answers)
        for marked in (False, True):
            scores = _marked(lesson, result.scores, rng) if marked else result.scores
            graded = grading.Grade(scores, result.points)
            rows.append(
                {
                    "answers": grading.answers_json(answers),
                    "scores": graded.scores_json(),
                    "skill_points": analytics.skill_points_json(lesson.questions, graded.scores),
                    "skill_points_version": lesson.version,
                    "awarded_num": graded.awarded.numerator,
                    "awarded_den": graded.awarded.denominator,
                    "max_points": graded.points,
                    "awaiting_teacher": graded.awaiting_teacher,
                    "lesson_version": lesson.version,
                }
            )
    return rows


class Seeder:
    """Inserts in chunks with RETURNING ids, so 40k rows take seconds, not minutes."""

    def __init__(self, engine: Engine, rng: random.Random):
        self.engine = engine
        self.rng = rng
        self.now = datetime.now(UTC)
        self.password_hash = generate_password_hash(PASSWORD, method="scrypt")
        self.library = library_for(DEFAULT_FOLDER)
        # Lessons are assigned in turn; check-in forms are not assignable (see check_ins below).
        self.lessons = sorted(self.library.teaching, key=lambda lesson: lesson.slug)
        self.variants = {lesson.slug: _variants(lesson, rng) for lesson in self.library}
        self.codes: set[str] = set()
        self.counts = {
            "teachers": 0,
            "classrooms": 0,
            "students": 0,
            "enrollments": 0,
            "assignments": 0,
            "attempts_submitted": 0,
            "attempts_open": 0,
        }

    def _insert(self, conn, model, rows: list[dict]) -> list[int]:
        ids: list[int] = []
        table = model.__table__
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += [row[0] for row in conn.execute(stmt, chunk)]
        return ids

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choice(JOIN_CODE_ALPHABET) for _ in range(6))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def users(self, conn, role: str, names: list[str]) -> list[int]:
        """Teachers (by email) or students (by username), all with the one shared hash."""
        rows = [
            {
                "role": role,
                "email": name if role == "teacher" else None,
                "username": None if role == "teacher" else name,
                "display_name": name.split("@")[0].replace(".", " ").title(),
                "password_hash": self.password_hash,
                "must_change_password": False,
                "session_version": 1,
                "created_at": self.now,
            }
            for name in names
        ]
        self.counts["teachers" if role == "teacher" else "students"] += len(rows)
        return self._insert(conn, User, rows)

    def classrooms(self, conn, teacher_ids: list[int], per_teacher: int, label: str) -> list[int]:
        """`per_teacher` classes for each teacher."""
        rows = [
            {
                "teacher_id": t,
                "name": f"{label} {n + 1}",
                "join_code": self._code(),
                "created_at": self.now,
            }
            for t in teacher_ids
            for n in range(per_teacher)
        ]
        self.counts["classrooms"] += len(rows)
        return self._insert(conn, Classroom, rows)

    def enroll(self, conn, pairs: list[tuple[int, int]]) -> None:
        """(classroom_id, student_id) memberships."""
        rows = [{"classroom_id": c, "student_id": s, "joined_at": self.now} for c, s in pairs]
        self.counts["enrollments"] += len(rows)
        self._insert(conn, Enrollment, rows)

    def assignments(self, conn, classroom_ids: list[int], per_class: int) -> list[list[tuple]]:
        """`per_class` assignments per class, lessons in turn; returns [(id, slug)] per class."""
        rows, slugs = [], []
        for offset, classroom_id in enumerate(classroom_ids):
            for n in range(per_class):
                lesson = self.lessons[(offset + n) % len(self.lessons)]
                # Mostly due in the coming weeks; the first one of each class is past due.
                due = self.now + timedelta(days=7 * n - 2)
                rows.append(
                    {
                        "classroom_id": classroom_id,
                        "lesson_slug": lesson.slug,
                        "due_at": due,
                        "max_attempts": 2,
                        "reveal": "after_last",
                        "accept_late": True,
                        "created_at": self.now,
                    }
                )
                slugs.append(lesson.slug)
        ids = self._insert(conn, Assignment, rows)
        self.counts["assignments"] += len(ids)
        pairs = list(zip(ids, slugs, strict=True))
        return [pairs[i : i + per_class] for i in range(0, len(pairs), per_class)]

    def burst_class(self, conn, teacher_id: int, label: str, prefix: str, size: int) -> tuple:
        """A class of `size` students with one assignment: (its id, its lesson slug, names)."""
        (room,) = self.classrooms(conn, [teacher_id], 1, label)
        names = [f"{prefix}{n:03d}" for n in range(size)]
        self.enroll(conn, [(room, student) for student in self.users(conn, "student", names)])
        ((assignment_id, slug),) = self.assignments(conn, [room], 1)[0]
        return assignment_id, slug, names

    def attempt_row(self, assignment_id: int, slug: str, student_id: int, submitted: bool) -> dict:
        """One attempt 1: submitted with a graded answer pattern, or open with partial answers."""
        variant = self.rng.choice(self.variants[slug])
        worked = self.now - timedelta(days=self.rng.randint(0, 3), minutes=self.rng.randint(0, 600))
        row = {
            "assignment_id": assignment_id,
            "student_id": student_id,
            "number": 1,
            "started_at": worked - timedelta(minutes=20),
            "saved_at": worked,
            "is_late": False,
            **variant,
        }
        if submitted:
            self.counts["attempts_submitted"] += 1
            return row | {"status": "submitted", "submitted_at": worked}
        self.counts["attempts_open"] += 1
        half = dict(list(variant["answers"].items())[: len(variant["answers"]) // 2])
        return row | {
            "status": "in_progress",
            "submitted_at": None,
            "answers": half,
            "scores": {},
            "skill_points": None,
            "skill_points_version": None,
            "awarded_num": 0,
            "awarded_den": 1,
            "awaiting_teacher": False,
        }


def probe_classes(conn, s: Seeder, args: argparse.Namespace, info: SeedInfo) -> list[dict]:
    """The bench class and the two burst classes, noted in `info`; returns the bench's attempts.

    The usernames (bench000..., crowd000..., class000...) and the bench teacher's address are
    distinct from bench/district.py's, so these classes can also be added to a district's database.
    """
    rng = s.rng
    attempts = []
    # The gradebook probe: one class of 40 students x 10 assignments, nearly all handed in.
    info.bench_teacher = "bench.teacher@bench.example"
    (bench_teacher_id,) = s.users(conn, "teacher", [info.bench_teacher])
    (bench_room,) = s.classrooms(conn, [bench_teacher_id], 1, "Bench class")
    bench_names = [f"bench{n:03d}" for n in range(args.bench_students)]
    bench_ids = s.users(conn, "student", bench_names)
    s.enroll(conn, [(bench_room, st) for st in bench_ids])
    (bench_work,) = s.assignments(conn, [bench_room], args.bench_assignments)
    for index, (assignment_id, slug) in enumerate(bench_work):
        last = index == len(bench_work) - 1
        for n, student_id in enumerate(bench_ids):
            # The last assignment is still being worked on: the probe student's attempt is
            # open there; on the others the probe student (n == 0) has handed in attempt 1.
            submitted = n % 2 == 1 if last else (n == 0 or rng.random() < 0.95)
            attempts.append(s.attempt_row(assignment_id, slug, student_id, submitted))
    info.bench_classroom_id = bench_room
    info.bench_student = bench_names[0]
    info.submitted_assignment_id = bench_work[0][0]
    info.open_assignment_id = bench_work[-1][0]
    info.lesson_slugs = {str(a): slug for a, slug in bench_work}

    # The burst probes: a crowd of 200 and a class of 30, each with work nobody has started.
    crowd = s.burst_class(conn, bench_teacher_id, "Crowd class", "crowd", args.crowd)
    info.crowd_assignment_id, slug, info.crowd_students = crowd
    info.lesson_slugs[str(info.crowd_assignment_id)] = slug
    group = s.burst_class(conn, bench_teacher_id, "Burst class", "class", args.class_size)
    info.class_assignment_id, slug, info.class_students = group
    info.lesson_slugs[str(info.class_assignment_id)] = slug
    return attempts


def seed(engine: Engine, args: argparse.Namespace) -> SeedInfo:
    """Create the data set in one transaction and say where the benchmark's probes live."""
    started = time.perf_counter()
    rng = random.Random(args.seed)  # noqa: S311  (reproducible test data, not secrets)
    s = Seeder(engine, rng)
    info = SeedInfo()
    with engine.begin() as conn:
        teacher_ids = s.users(
            conn, "teacher", [f"teacher{t:03d}@bench.example" for t in range(args.teachers)]
        )
        room_ids = s.classrooms(conn, teacher_ids, args.classes_per_teacher, "Period")
        student_ids = s.users(
            conn, "student", [f"s{n:05d}" for n in range(len(room_ids) * args.students_per_class)]
        )
        per = args.students_per_class
        members = {room: student_ids[i * per : (i + 1) * per] for i, room in enumerate(room_ids)}
        s.enroll(conn, [(room, st) for room, sts in members.items() for st in sts])
        attempts = []
        work_by_room = s.assignments(conn, room_ids, args.assignments)
        for room, work in zip(room_ids, work_by_room, strict=True):
            for assignment_id, slug in work:
                for student_id in members[room]:
                    roll = rng.random()
                    if roll < args.submitted_share:
                        attempts.append(s.attempt_row(assignment_id, slug, student_id, True))
                    elif roll < args.submitted_share + 0.05:
                        attempts.append(s.attempt_row(assignment_id, slug, student_id, False))

        attempts += probe_classes(conn, s, args, info)

        for start in range(0, len(attempts), CHUNK):
            conn.execute(insert(Attempt.__table__), attempts[start : start + CHUNK])
        standings.rebuild(conn)  # what the app keeps as each attempt is written
    info.counts = s.counts
    info.seconds = round(time.perf_counter() - started, 2)
    return info


def parser() -> argparse.ArgumentParser:
    """Command-line flags; the defaults are the data set in docs/PERFORMANCE.md."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="SQLAlchemy URL of a migrated database")
    p.add_argument("--schema", default="", help="PostgreSQL schema (search_path)")
    p.add_argument("--teachers", type=int, default=40)
    p.add_argument("--classes-per-teacher", type=int, default=5)
    p.add_argument("--students-per-class", type=int, default=30)
    p.add_argument("--assignments", type=int, default=5, help="assignments per class")
    p.add_argument(
        "--submitted-share",
        type=float,
        default=0.85,
        help="share of (student, assignment) pairs with a submitted attempt; "
        "another 5%% have an open one",
    )
    p.add_argument("--bench-students", type=int, default=40)
    p.add_argument("--bench-assignments", type=int, default=10)
    p.add_argument("--crowd", type=int, default=200, help="students in the concurrency class")
    p.add_argument("--class-size", type=int, default=30, help="students in the class burst")
    p.add_argument("--seed", type=int, default=1, help="random seed (same data every run)")
    p.add_argument("--info", help="write the probe ids as JSON to this file")
    return p


def main(argv: list[str] | None = None) -> SeedInfo:
    """Seed and print what was created and how long it took."""
    args = parser().parse_args(argv)
    engine = make_engine(args.url, args.schema)
    try:
        info = seed(engine, args)
    finally:
        engine.dispose()
    print(
        "seeded:",
        ", ".join(f"{v} {k}" for k, v in info.counts.items()),
        f"in {info.seconds} s",
        flush=True,
    )
    if args.info:
        Path(args.info).write_text(json.dumps(asdict(info), indent=2))
    return info


if __name__ == "__main__":
    main()
