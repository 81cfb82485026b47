"""Time or profile pages in-process (Flask's test client, no network) beside the framework floor.

    .venv/bin/python bench/profile.py                      # every page against the floor
    .venv/bin/python bench/profile.py --repeat 60 --rounds 3 --markdown   # least of 3, Markdown
    .venv/bin/python bench/profile.py gradebook --repeat 50   # pyinstrument call tree of one page
    .venv/bin/python bench/profile.py lesson --html /tmp/lesson.html
    .venv/bin/python bench/profile.py --ratelimit-storage redis://127.0.0.1:6379/15  # limits on
    .venv/bin/python bench/profile.py --crowd 20 --students-per-class 5   # a smaller data set

Seeds the standard data set into a temporary SQLite file (options for bench/seed.py pass
through), logs the bench student and teacher in through the real form, warms each page up once,
then either times `--repeat` requests of every page (the cost table) or profiles one page (needs
`pip install pyinstrument`, not a requirement).

The yardstick is the framework floor, `../shared/bench/floor.py` beside the checkout: a minimal
Flask + Flask-Login + Flask-WTF + SQLAlchemy app whose `/healthz` runs one SELECT 1 and whose
`/signed` is a signed-in page (the user loaded through the ORM, one query, a template with a CSRF
token). Each page is timed right after its floor page, with the same function and repeat count,
so a machine whose speed drifts moves both; the table gives each page's ratio to its floor page
(least time over least time, which the verdict reads) and the target for it, and beside them
each round's own ratio (median and range), which shows how close a verdict is. In-process costs
leave out gunicorn and the socket.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed as seeding  # noqa: E402
from client import answers_form, csrf_token  # noqa: E402

from app import create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402

FLOOR = ROOT.parent / "shared" / "bench" / "floor.py"


@dataclass(frozen=True)
class Yardstick:
    """What a page is compared with: its label, the floor page and the most it may cost."""

    label: str
    floor_page: str
    target: float | None  # the highest page/floor ratio that meets it; None: no target


# Page name (as given on the command line) -> its yardstick, in the order the table shows them.
YARDSTICKS = {
    "healthz": Yardstick("`/healthz`", "/healthz", 1.5),
    "home": Yardstick("student home", "/signed", 1.5),
    "lesson": Yardstick("lesson page", "/signed", 1.5),
    "autosave": Yardstick("autosave", "/signed", 1.5),
    "submit": Yardstick("quiz submit (repeat)", "/signed", None),
    "result": Yardstick("result page", "/signed", None),
    "first-submit": Yardstick("first submission", "/signed", 2.0),
    "class": Yardstick("class page (bench class)", "/signed", None),
    "gradebook": Yardstick("gradebook (bench class)", "/signed", 2.0),
    "analysis": Yardstick("item analysis", "/signed", 2.0),
    "csv": Yardstick("gradebook CSV", "/signed", 2.0),
}
PAGES = list(YARDSTICKS)
FLOOR_PAGES = ("/hello", "/healthz", "/signed")


def logged_in(app, name: str, password: str):
    """A test client logged in through the real log-in form."""
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    form = {"csrf_token": token, "login": name, "password": password, "next": ""}
    if client.post("/login", data=form).status_code != 302:
        sys.exit(f"log-in of {name} failed")
    return client


FORM = "application/x-www-form-urlencoded"


def form_body(pairs: list[tuple[str, str]]) -> bytes:
    """A form's body encoded once, as a browser sends it.

    Handing the test client a dict instead would time its own encoding (about 0.2 ms of a
    quiz form) with every request, a cost no server pays.
    """
    return urlencode(pairs).encode()


def first_submits(app, info, count: int):
    """A request that hands in a new crowd student's first attempt each time it is called."""
    crowd = f"/student/assignments/{info.crowd_assignment_id}"
    answers = answers_form(info.lesson_slugs[str(info.crowd_assignment_id)])
    ready = []
    for name in info.crowd_students[:count]:
        client = logged_in(app, name, info.password)
        token = csrf_token(client.get(crowd).get_data(as_text=True))
        ready.append((client, form_body([("csrf_token", token), ("attempt", "1"), *answers])))
    ready.reverse()

    def submit():
        client, body = ready.pop()
        return client.post(f"{crowd}/submit", data=body, content_type=FORM)

    return submit


def requests(app, info, repeat: int) -> dict:
    """Page name -> a function making that request (returns the response)."""
    student = logged_in(app, info.bench_student, info.password)
    teacher = logged_in(app, info.bench_teacher, info.password)
    opened, done, room = (
        info.open_assignment_id,
        info.submitted_assignment_id,
        info.bench_classroom_id,
    )
    token = csrf_token(student.get(f"/student/assignments/{opened}").get_data(as_text=True))
    head = [("csrf_token", token), ("attempt", "1")]
    save = form_body(head + answers_form(info.lesson_slugs[str(opened)]))
    submit = form_body(head + answers_form(info.lesson_slugs[str(done)]))
    return {
        "healthz": lambda: student.get("/healthz"),
        "home": lambda: student.get("/student/"),
        "lesson": lambda: student.get(f"/student/assignments/{opened}"),
        "autosave": lambda: student.post(
            f"/student/assignments/{opened}/save?auto=1", data=save, content_type=FORM
        ),
        "submit": lambda: student.post(
            f"/student/assignments/{done}/submit", data=submit, content_type=FORM
        ),
        "result": lambda: student.get(f"/student/assignments/{done}/attempts/1"),
        "first-submit": first_submits(app, info, min(repeat + 1, len(info.crowd_students))),
        "class": lambda: teacher.get(f"/teacher/classes/{room}"),
        "gradebook": lambda: teacher.get(f"/teacher/classes/{room}/gradebook"),
        "analysis": lambda: teacher.get(f"/teacher/assignments/{done}/analysis"),
        "csv": lambda: teacher.get(f"/teacher/classes/{room}/gradebook.csv"),
    }


def mean_ms(request, repeat: int) -> float:
    """Mean CPU time of one request, in milliseconds.

    CPU time, not wall time: on a shared machine, time spent waiting for a core is noise.
    """
    started = time.process_time()
    for _ in range(repeat):
        request()
    return (time.process_time() - started) / repeat * 1000


def floor_requests(path: Path) -> dict:
    """Floor page -> a function making that request, on the floor app loaded from `path`."""
    if not path.is_file():
        sys.exit(f"no framework floor at {path} (give its place with --floor)")
    spec = importlib.util.spec_from_file_location("framework_floor", path)
    floor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floor)
    client = floor.make().test_client()
    if client.get("/login-as").status_code != 200:
        sys.exit("the floor app did not sign in")
    return {page: (lambda page=page: client.get(page)) for page in FLOOR_PAGES}


@dataclass(frozen=True)
class Row:
    """One page's mean CPU time beside that of its floor page, measured right before it."""

    page: str
    ms: float
    floor_ms: float
    paired: tuple[float, ...] = ()  # each round's page time over its floor time, in order

    @property
    def paired_text(self) -> str:
        """The rounds' own ratios: median and range, or the one ratio of a single round.

        Beside the ratio of least times: a machine whose speed drifts from round to round
        moves both figures of a round together, so a wide range says the verdict is close.
        """
        ordered = sorted(self.paired)
        if not ordered:
            return ""
        median = ordered[len(ordered) // 2]
        if len(ordered) == 1:
            return f"{median:.2f}x"
        return f"{median:.2f}x ({ordered[0]:.2f}-{ordered[-1]:.2f})"

    @property
    def yardstick(self) -> Yardstick:
        """The floor page and target this page is held to."""
        return YARDSTICKS[self.page]

    @property
    def ratio(self) -> float:
        """How many times its floor page the page costs."""
        return self.ms / self.floor_ms

    @property
    def verdict(self) -> str:
        """'met', 'MISSED', or '' for a page without a target."""
        target = self.yardstick.target
        if target is None:
            return ""
        return "met" if self.ratio <= target else "MISSED"


def measure(
    pages: dict, floor: dict, repeat: int, rounds: int
) -> tuple[list[Row], dict[str, float]]:
    """Each page timed right after its floor page, `rounds` times over; each figure its least.

    The floor's own pages are timed first in each round. The least of several rounds is the
    figure least disturbed by whatever else the machine was doing.
    """
    floor_alone = dict.fromkeys(floor, float("inf"))
    best = {name: (float("inf"), float("inf")) for name in pages}
    paired: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(rounds):
        for page, request in floor.items():
            floor_alone[page] = min(floor_alone[page], mean_ms(request, repeat))
        for name, request in pages.items():
            floor_ms = mean_ms(floor[YARDSTICKS[name].floor_page], repeat)
            ms = mean_ms(request, repeat)
            best[name] = (min(best[name][0], ms), min(best[name][1], floor_ms))
            paired[name].append(ms / floor_ms)
    rows = [Row(name, ms, floor_ms, tuple(paired[name])) for name, (ms, floor_ms) in best.items()]
    return rows, floor_alone


def table(rows: list[Row], floor_alone: dict[str, float], markdown: bool) -> str:
    """The cost table: page, its ms, its floor page and the floor's ms, ratio, target, verdict."""
    head = ("page", "CPU ms", "floor page", "floor ms", "ratio", "target", "met", "per round")
    body = [
        (
            row.yardstick.label,
            f"{row.ms:.2f}",
            f"`{row.yardstick.floor_page}`",
            f"{row.floor_ms:.2f}",
            f"{row.ratio:.2f}x",
            f"<= {row.yardstick.target:g}x" if row.yardstick.target else "",
            row.verdict,
            row.paired_text,
        )
        for row in rows
    ]
    alone = ", ".join(f"`{page}` {ms:.2f} ms" for page, ms in floor_alone.items())
    footer = f"Floor pages timed on their own, before the pages in each round: {alone}."
    if markdown:
        lines = ["| " + " | ".join(head) + " |"]
        lines.append("| --- | ---: | --- | ---: | ---: | --- | --- | --- |")
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join([*lines, "", footer])
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *body]]
    return "\n".join([*lines, "", footer.replace("`", "")])


def settings(url: str, ratelimit_storage: str | None) -> dict:
    """The app's settings: rate limiting only when a storage to count in is given."""
    limits = {"RATELIMIT_ENABLED": False}
    if ratelimit_storage:
        limits = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": ratelimit_storage}
    return {"DATABASE_URL": url, "SECRET_KEY": "profile-" + "x" * 40, **limits}


def parse_args() -> argparse.Namespace:
    """The options; any other goes to bench/seed.py (the data set's sizes)."""
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Any other option goes to bench/seed.py (--crowd, --students-per-class...).",
    )
    p.add_argument("page", nargs="?", choices=PAGES, help="profile this page (default: time all)")
    p.add_argument("--repeat", type=int, default=30, help="requests per page and round")
    p.add_argument("--rounds", type=int, default=1, help="time every page this many times")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument("--floor", type=Path, default=FLOOR, help=f"the floor app (default: {FLOOR})")
    p.add_argument("--html", help="also write pyinstrument's HTML report here")
    p.add_argument(
        "--ratelimit-storage",
        metavar="URI",
        help="turn rate limiting on, counting in this storage (default: rate limiting off)",
    )
    argv = sys.argv[1:]
    if "-h" in argv or "--help" in argv:
        p.parse_args(["--help"])
    # The data set's options first, so `--crowd 20` is not taken for a page name.
    seed_args, rest = seeding.parser().parse_known_args(["--url", "sqlite://", *argv])
    args = p.parse_args(rest)
    args.seed_args = seed_args
    return args


def main() -> None:
    """Seed, log in, then time every page beside the floor, or profile one page."""
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    url = f"sqlite:///{workdir / 'profile.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    args.seed_args.url = url
    info = seeding.seed(engine, args.seed_args)
    engine.dispose()
    app = create_app(settings(url, args.ratelimit_storage), instance_path=str(workdir))
    most = len(info.crowd_students) - 1
    if args.repeat * args.rounds > most:
        sys.exit(f"--repeat x --rounds is at most {most} (one first submission per crowd student)")
    pages = requests(app, info, args.repeat * args.rounds)
    for name, request in pages.items():
        status = request().status_code
        if status >= 400:
            sys.exit(f"{name} answered {status}")
    if args.page is None:
        floor = floor_requests(args.floor)
        for request in floor.values():
            request()
        rows, floor_alone = measure(pages, floor, args.repeat, args.rounds)
        print(table(rows, floor_alone, args.markdown))
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with profiler:
        cost = mean_ms(pages[args.page], args.repeat)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{args.page}: {cost:.1f} ms of CPU per request (profiled, in-process)")
    if args.html:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
