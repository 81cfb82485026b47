"""Time or profile pages in-process (Flask's test client, no network) on the bench data set.

    .venv/bin/python bench/profile.py                      # mean cost of every page, vs /healthz
    .venv/bin/python bench/profile.py gradebook --repeat 50   # pyinstrument call tree of one page
    .venv/bin/python bench/profile.py lesson --html /tmp/lesson.html
    .venv/bin/python bench/profile.py --ratelimit-storage redis://127.0.0.1:6379/15  # limits on

Seeds the standard data set into a temporary SQLite file, logs the bench student and teacher in
through the real form, warms each page up once, then either times `--repeat` requests of every
page (the cost table) or profiles one page (needs `pip install pyinstrument`, not a requirement).
In-process costs leave out gunicorn and the socket, so their ratios are harsher than wrk's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from werkzeug.datastructures import MultiDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed as seeding  # noqa: E402
from client import answers_form, csrf_token  # noqa: E402

from app import create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402

PAGES = [
    "healthz",
    "home",
    "lesson",
    "autosave",
    "submit",
    "result",
    "first-submit",
    "gradebook",
    "analysis",
    "csv",
]


def logged_in(app, name: str, password: str):
    """A test client logged in through the real log-in form."""
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    form = {"csrf_token": token, "login": name, "password": password, "next": ""}
    if client.post("/login", data=form).status_code != 302:
        sys.exit(f"log-in of {name} failed")
    return client


def first_submits(app, info, count: int):
    """A request that hands in a new crowd student's first attempt each time it is called."""
    crowd = f"/student/assignments/{info.crowd_assignment_id}"
    answers = answers_form(info.lesson_slugs[str(info.crowd_assignment_id)])
    ready = []
    for name in info.crowd_students[:count]:
        client = logged_in(app, name, info.password)
        token = csrf_token(client.get(crowd).get_data(as_text=True))
        ready.append((client, MultiDict([("csrf_token", token), ("attempt", "1"), *answers])))
    ready.reverse()

    def submit():
        client, form = ready.pop()
        return client.post(f"{crowd}/submit", data=form)

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
    save = MultiDict(head + answers_form(info.lesson_slugs[str(opened)]))
    submit = MultiDict(head + answers_form(info.lesson_slugs[str(done)]))
    return {
        "healthz": lambda: student.get("/healthz"),
        "home": lambda: student.get("/student/"),
        "lesson": lambda: student.get(f"/student/assignments/{opened}"),
        "autosave": lambda: student.post(f"/student/assignments/{opened}/save?auto=1", data=save),
        "submit": lambda: student.post(f"/student/assignments/{done}/submit", data=submit),
        "result": lambda: student.get(f"/student/assignments/{done}/attempts/1"),
        "first-submit": first_submits(app, info, min(repeat + 1, len(info.crowd_students))),
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


def settings(url: str, ratelimit_storage: str | None) -> dict:
    """The app's settings: rate limiting only when a storage to count in is given."""
    limits = {"RATELIMIT_ENABLED": False}
    if ratelimit_storage:
        limits = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": ratelimit_storage}
    return {"DATABASE_URL": url, "SECRET_KEY": "profile-" + "x" * 40, **limits}


def main() -> None:
    """Seed, log in, then time every page or profile one."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("page", nargs="?", choices=PAGES, help="profile this page (default: time all)")
    p.add_argument("--repeat", type=int, default=30)
    p.add_argument("--html", help="also write pyinstrument's HTML report here")
    p.add_argument(
        "--ratelimit-storage",
        metavar="URI",
        help="turn rate limiting on, counting in this storage (default: rate limiting off)",
    )
    args = p.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    url = f"sqlite:///{workdir / 'profile.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    info = seeding.seed(engine, seeding.parser().parse_args(["--url", url]))
    engine.dispose()
    app = create_app(settings(url, args.ratelimit_storage), instance_path=str(workdir))
    most = len(info.crowd_students) - 1
    if args.repeat > most:
        sys.exit(f"--repeat is at most {most} (one first submission per crowd student)")
    pages = requests(app, info, args.repeat)
    for name, request in pages.items():
        status = request().status_code
        if status >= 400:
            sys.exit(f"{name} answered {status}")
    if args.page is None:
        costs = {name: mean_ms(request, args.repeat) for name, request in pages.items()}
        for name, cost in costs.items():
            print(f"{name:12} {cost:7.2f} ms CPU   healthz/page {costs['healthz'] / cost:6.1%}")
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
