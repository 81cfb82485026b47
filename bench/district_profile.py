"""Time the pages on a district-size data set and on the standard one: CPU and SQL statements.

    .venv/bin/python bench/district_profile.py                  # 10,000 students, 400 classes
    .venv/bin/python bench/district_profile.py --repeat 40 --rounds 3 --markdown
    .venv/bin/python bench/district_profile.py --district-students 600 --district-classes 24 \
        --district-weeks 6                                      # a quick run
    .venv/bin/python bench/district_profile.py --db postgresql  # a schema in BENCH_POSTGRES_URL

Two databases, both migrated to the latest revision: the standard set of bench/seed.py (options
for it pass through) and a district built by bench/district.py (10,000 students in 400 classes
of 25, 36 weekly assignments each) to which the standard bench and crowd classes are added. Each
bench class gets one check-in as the district's classes have. Pages are timed for three probes:

- **small set**: the bench class (40 students x 10 assignments) in the standard set;
- **district, bench class**: the same class in the district's database, so any difference is the
  database's size alone;
- **district class**: a class of the district (25 students x 36 assignments and their retries),
  its student with an open and a handed-in attempt, its teacher and its check-in.

Each page is timed right after the floor's `/signed` page (bench/profile.py's timing: mean CPU
time per request, least of `--rounds`), and its SQL statements are counted for one request with a
`before_cursor_execute` listener. A first submission hands in a new attempt each time: in the
crowd class for the bench class, on an assignment a district student had not started for the
district class.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import event, text
from werkzeug.datastructures import MultiDict

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import district  # noqa: E402
import district_probes as probing  # noqa: E402
import seed as seeding  # noqa: E402
from client import answers_form, csrf_token  # noqa: E402
from run import fresh_database  # noqa: E402

from app import create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402


def _load_profile():
    """bench/profile.py, loaded by path: the standard library has a module named profile."""
    spec = importlib.util.spec_from_file_location("bench_profile", ROOT / "bench" / "profile.py")
    module = sys.modules["bench_profile"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


timing = _load_profile()  # its log-in, timing function, floor and settings

# Page name -> its label, in the order of the tables. Every page is held against `/signed`.
PAGES = {
    "home": "student home",
    "lesson": "lesson page",
    "autosave": "autosave",
    "first-submit": "first submission",
    "result": "result page",
    "class": "class page",
    "gradebook": "gradebook",
    "analysis": "item analysis",
    "csv": "gradebook CSV",
    "check-in": "check-in report",
}


def first_submits(app, probe: probing.Probe, password: str, count: int):
    """A request that hands in a new first attempt, for the next unstarted pair each call."""
    if len(probe.fresh) < count:
        sys.exit(f"{probe.label}: {len(probe.fresh)} unstarted assignments, {count} needed")
    ready = []
    for name, assignment_id in probe.fresh[:count]:
        client = timing.logged_in(app, name, password)
        page = f"/student/assignments/{assignment_id}"
        token = csrf_token(client.get(page).get_data(as_text=True))
        form = [("csrf_token", token), ("attempt", "1"), *answers_form(slug_of(app, assignment_id))]
        ready.append((client, f"{page}/submit", MultiDict(form)))
    ready.reverse()

    def submit():
        client, url, form = ready.pop()
        return client.post(url, data=form)

    return submit


def slug_of(app, assignment_id: int) -> str:
    """The lesson an assignment teaches."""
    with app.extensions["db_engine"].connect() as conn:
        query = text("SELECT lesson_slug FROM assignment WHERE id = :a")
        return conn.execute(query, {"a": assignment_id}).scalar_one()


def page_requests(app, probe: probing.Probe, password: str, count: int) -> dict:
    """Page name -> a function making that request for this probe."""
    student = timing.logged_in(app, probe.student, password)
    teacher = timing.logged_in(app, probe.teacher, password)
    opened, done, room = probe.opened, probe.done, probe.classroom_id
    token = csrf_token(student.get(f"/student/assignments/{opened}").get_data(as_text=True))
    head = [("csrf_token", token), ("attempt", "1")]
    save = MultiDict(head + answers_form(slug_of(app, opened)))
    return {
        "home": lambda: student.get("/student/"),
        "lesson": lambda: student.get(f"/student/assignments/{opened}"),
        "autosave": lambda: student.post(f"/student/assignments/{opened}/save?auto=1", data=save),
        "first-submit": first_submits(app, probe, password, count),
        "result": lambda: student.get(f"/student/assignments/{done}/attempts/1"),
        "class": lambda: teacher.get(f"/teacher/classes/{room}"),
        "gradebook": lambda: teacher.get(f"/teacher/classes/{room}/gradebook"),
        "analysis": lambda: teacher.get(f"/teacher/assignments/{done}/analysis"),
        "csv": lambda: teacher.get(f"/teacher/classes/{room}/gradebook.csv"),
        "check-in": lambda: teacher.get(f"/teacher/check-ins/{probe.check_in_id}"),
    }


def statements_of(app, request) -> int:
    """How many SQL statements one request runs."""
    ran = []

    def record(*_args):
        ran.append(1)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(ran)


def prepare(app, probe: probing.Probe, password: str, count: int) -> dict:
    """The probe's requests, each warmed up once and its statements counted on a second call."""
    pages = page_requests(app, probe, password, count + 2)
    for name, request in pages.items():
        status = request().status_code
        if status >= 400:
            sys.exit(f"{probe.label}: {name} answered {status}")
        probe.statements[name] = statements_of(app, request)
    return pages


def measure(columns: list[tuple[probing.Probe, dict]], signed, repeat: int, rounds: int) -> None:
    """Each page of each probe timed right after `/signed`; each figure the least of `rounds`."""
    for _ in range(rounds):
        for probe, pages in columns:
            for name, request in pages.items():
                floor_ms = timing.mean_ms(signed, repeat)
                ms = timing.mean_ms(request, repeat)
                probe.ms[name] = min(probe.ms.get(name, float("inf")), ms)
                probe.floor_ms[name] = min(probe.floor_ms.get(name, float("inf")), floor_ms)


def cell(probe: probing.Probe, name: str) -> str:
    """CPU ms with the ratio to the floor."""
    return f"{probe.ms[name]:.2f} ({probe.ms[name] / probe.floor_ms[name]:.1f}x)"


def table(probes: list[probing.Probe], markdown: bool) -> str:
    """Statements and CPU ms (x the floor's `/signed`) per page, a column per probe."""
    head = ["page", "statements", *(f"{p.label}, {p.grid}: ms (x floor)" for p in probes)]
    head.append(f"{probes[-1].label} / {probes[0].label}")
    body = []
    for name, label in PAGES.items():
        counts = [p.statements[name] for p in probes]
        same = len(set(counts)) == 1
        body.append(
            [label, str(counts[0]) if same else " / ".join(map(str, counts)),
             *(cell(p, name) for p in probes),
             f"{probes[-1].ms[name] / probes[0].ms[name]:.2f}x"]
        )  # fmt: skip
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in body])
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *body]
    )


def parse_args() -> argparse.Namespace:
    """The options; any other goes to bench/seed.py (the standard set and the bench class)."""
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Any other option goes to bench/seed.py (--bench-students, --crowd...).",
    )
    sizes = district.Sizes()
    p.add_argument("--district-students", type=int, default=sizes.students)
    p.add_argument("--district-classes", type=int, default=sizes.classes)
    p.add_argument("--district-weeks", type=int, default=sizes.weeks, help="assignments a class")
    p.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--repeat", type=int, default=30, help="requests per page and round")
    p.add_argument("--rounds", type=int, default=1, help="time every page this many times")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument("--json", type=Path, help="also write the figures here")
    p.add_argument("--floor", type=Path, default=timing.FLOOR, help="the framework floor app")
    argv = sys.argv[1:]
    if "-h" in argv or "--help" in argv:
        p.parse_args(["--help"])
    seed_args, rest = seeding.parser().parse_known_args(["--url", "sqlite://", *argv])
    args = p.parse_args(rest)
    args.seed_args = seed_args
    return args


def seeded_app(stack: ExitStack, args, workdir: Path, name: str, fill):
    """A fresh database filled by `fill(engine)`, and an app on it; returns (app, fill's value)."""
    db = stack.enter_context(fresh_database(args.db, workdir / name))
    engine = make_engine(db.url, db.schema)
    try:
        upgrade(engine)
        filled = fill(engine)
    finally:
        engine.dispose()
    config = timing.settings(db.url, None) | {"DATABASE_SCHEMA": db.schema}
    app = create_app(config, instance_path=str(workdir))
    stack.callback(app.extensions["db_engine"].dispose)
    return app, filled


def seed_district(engine, args) -> tuple[list[probing.Probe], dict]:
    """The district, then the bench classes in it; the two probes and the seeding figures."""
    sizes = district.Sizes(args.district_students, args.district_classes, args.district_weeks)
    started = time.perf_counter()
    rows = district.seed_district(engine, sizes)
    seconds = time.perf_counter() - started
    bench = probing.add_bench_classes(engine, args.seed_args, "district, bench class")
    return [bench, probing.district_probe(engine, args.repeat * args.rounds + 2)], {
        "seconds": round(seconds, 1),
        "rows": rows,
    }


def seed_small(engine, args) -> probing.Probe:
    """The standard set with a check-in on its bench class."""
    info = seeding.seed(engine, args.seed_args)
    s = probing.seeder(engine, args.seed_args.seed)
    return probing.bench_probe(engine, s, info, "small set")


def main() -> None:
    """Seed both databases, prepare the probes, time them and print the side-by-side table."""
    args = parse_args()
    count = args.repeat * args.rounds
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="district-")))
        (workdir / "small").mkdir()
        (workdir / "district").mkdir()
        small_app, small = seeded_app(stack, args, workdir, "small", lambda e: seed_small(e, args))
        big_app, (big, seeding_figures) = seeded_app(
            stack, args, workdir, "district", lambda e: seed_district(e, args)
        )
        print(f"district seeded in {seeding_figures['seconds']} s:", seeding_figures["rows"])
        columns = [(small, prepare(small_app, small, seeding.PASSWORD, count))]
        columns += [(p, prepare(big_app, p, seeding.PASSWORD, count)) for p in big]
        signed = timing.floor_requests(args.floor)["/signed"]
        signed()
        measure(columns, signed, args.repeat, args.rounds)
    probes = [probe for probe, _ in columns]
    print(table(probes, args.markdown))
    if args.json:
        figures = {p.label: {"grid": p.grid, "ms": p.ms, "floor_ms": p.floor_ms,
                             "statements": p.statements} for p in probes}  # fmt: skip
        args.json.write_text(json.dumps({"district": seeding_figures, "probes": figures}))


if __name__ == "__main__":
    main()
