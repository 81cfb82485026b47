"""Profile one teacher page in-process with pyinstrument (not a requirement: pip install it).

    .venv/bin/pip install pyinstrument
    .venv/bin/python bench/profile.py gradebook --repeat 50
    .venv/bin/python bench/profile.py analysis --html /tmp/analysis.html

Seeds the standard data set into a temporary SQLite file, logs the bench teacher in through
the real form with Flask's test client (no network at all), warms the page up once, then profiles
`--repeat` requests and prints the call tree and the mean time per request.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed as seeding  # noqa: E402
from pyinstrument import Profiler  # noqa: E402
from run import csrf_token  # noqa: E402

from app import create_app  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402


def main() -> None:
    """Seed, log in, profile the chosen page."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("page", choices=["gradebook", "csv", "analysis", "lesson"])
    p.add_argument("--repeat", type=int, default=30)
    p.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = p.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    url = f"sqlite:///{workdir / 'profile.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    info = seeding.seed(engine, seeding.parser().parse_args(["--url", url]))
    engine.dispose()
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "profile-" + "x" * 40, "RATELIMIT_ENABLED": False},
        instance_path=str(workdir),
    )
    client = app.test_client()
    student_page = args.page == "lesson"
    token = csrf_token(client.get("/login").get_data(as_text=True))
    name = info.bench_student if student_page else info.bench_teacher
    form = {"csrf_token": token, "login": name, "password": info.password, "next": ""}
    if client.post("/login", data=form).status_code != 302:
        sys.exit("log-in failed")
    path = {
        "gradebook": f"/teacher/classes/{info.bench_classroom_id}/gradebook",
        "csv": f"/teacher/classes/{info.bench_classroom_id}/gradebook.csv",
        "analysis": f"/teacher/assignments/{info.submitted_assignment_id}/analysis",
        "lesson": f"/student/assignments/{info.open_assignment_id}",
    }[args.page]
    if client.get(path).status_code != 200:
        sys.exit(f"{path} did not answer 200")
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            client.get(path)
    elapsed = time.perf_counter() - started
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{path}: {elapsed / args.repeat * 1000:.1f} ms per request (profiled, in-process)")
    if args.html:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
