"""Load-test the app on SQLite and PostgreSQL: seed, serve with gunicorn, wrk each endpoint.

    .venv/bin/python bench/run.py                 # both databases, about 8 minutes
    .venv/bin/python bench/run.py --db sqlite     # one database
    .venv/bin/python bench/run.py --duration 5    # shorter wrk runs

Targets only 127.0.0.1. Every wrk run is bounded (--duration seconds), every HTTP call has a
timeout, gunicorn is stopped and the PostgreSQL schema dropped even when something fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed as seeding  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.demo import answers_form as demo_answers  # noqa: E402
from app.lesson_library import DEFAULT_FOLDER, library_for  # noqa: E402
from app.migrate import upgrade  # noqa: E402

HOST = "127.0.0.1"  # never anything else
COOKIE = "sourcewise_session"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGETS = {"quiz submit": 0.50, "gradebook": 0.30, "lesson page": 0.60}
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')

LUA = """
wrk.method = "{method}"
wrk.headers["Cookie"] = "{cookie}"
{body}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {{\\"requests\\": %d, \\"duration_us\\": %d, \\"p50\\": %d, \\"p95\\": %d, "
    .. "\\"p99\\": %d, \\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"status\\": %d, "
    .. "\\"timeout\\": %d}}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
"""


# ---------------------------------------------------------------- HTTP on loopback


def http(port, method, path, cookie="", body=None, timeout=60.0):
    """One request to 127.0.0.1 without following redirects: (status, headers, text, cookie)."""
    conn = HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read().decode("utf-8", "replace")
        new_cookie = cookie
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith(COOKIE + "="):
                new_cookie = value.split(";", 1)[0].split("=", 1)[1]
        return response.status, dict(response.getheaders()), payload, new_cookie
    finally:
        conn.close()


def csrf_token(page: str) -> str:
    """The hidden csrf_token input of a form page."""
    match = CSRF_RE.search(page)
    if not match:
        raise RuntimeError("no csrf_token on the page")
    return match.group(1) or match.group(2)


def anonymous_login_form(port) -> tuple[str, str]:
    """(cookie, csrf token) of a fresh visitor on the log-in page."""
    status, _, page, cookie = http(port, "GET", "/login")
    if status != 200:
        raise RuntimeError(f"GET /login answered {status}")
    return cookie, csrf_token(page)


def login(port, name: str, password: str) -> str:
    """Log in through the real form (CSRF included) and return the session cookie."""
    cookie, token = anonymous_login_form(port)
    form = {"csrf_token": token, "login": name, "password": password, "next": ""}
    status, headers, _, cookie = http(port, "POST", "/login", cookie, form)
    if status != 302 or "/login" in headers.get("Location", ""):
        raise RuntimeError(f"log-in of {name} failed with {status}")
    return cookie


def page_token(port, cookie: str, path: str) -> tuple[str, str]:
    """(cookie, csrf token) from a logged-in page with a form (the log-in cleared the old token)."""
    status, _, page, cookie = http(port, "GET", path, cookie)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return cookie, csrf_token(page)


def answers_form(slug: str) -> list[tuple[str, str]]:
    """A full, mostly right set of quiz answers for the lesson, as form pairs."""
    lesson = library_for(DEFAULT_FOLDER).get(slug)
    form = demo_answers(lesson, wrong={1, 5})
    return list(form.items(multi=True))


# ---------------------------------------------------------------- servers and databases


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict, workers: int, log: Path):
    """gunicorn serving the app on 127.0.0.1; stopped (by its pid) on the way out."""
    port = free_port()
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--workers", str(workers),
        "--bind", f"{HOST}:{port}",
        "--no-control-socket",
        "--timeout", "60",
        "app:create_app()",
    ]  # fmt: skip
    with log.open("w") as out:
        # Fixed argument list, no shell: nothing untrusted reaches the command.
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            while True:
                with suppress(OSError):
                    if http(port, "GET", "/healthz", timeout=5)[0] == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start; see {log}")
                time.sleep(0.3)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@dataclass
class Database:
    """Where one benchmark run keeps its data."""

    label: str
    url: str
    schema: str = ""


@contextmanager
def fresh_database(kind: str, workdir: Path):
    """A new SQLite file in a temp dir, or a new PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        yield Database("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}")
        return
    schema = f"bench_{os.getpid()}_{secrets.token_hex(3)}"
    url = os.environ.get("BENCH_POSTGRES_URL", PG_URL)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield Database("PostgreSQL", url, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


# ---------------------------------------------------------------- wrk


@dataclass
class Endpoint:
    """One wrk target."""

    name: str
    method: str
    path: str
    cookie: str = ""
    body: list | None = None


def run_wrk(port, endpoint: Endpoint, args, workdir: Path, duration: int | None = None) -> dict:
    """wrk -t2 -c16 for `duration` seconds on one endpoint; the numbers from its done()."""
    duration = duration or args.duration
    body = ""
    if endpoint.body is not None:
        encoded = urllib.parse.urlencode(endpoint.body, doseq=True)
        body = (
            f'wrk.body = "{encoded}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"'
        )
    cookie = f"{COOKIE}={endpoint.cookie}" if endpoint.cookie else ""
    script = workdir / f"{endpoint.name.replace(' ', '_')}.lua"
    script.write_text(LUA.format(method=endpoint.method, cookie=cookie, body=body))
    # One request first, so the table can say what the endpoint answers (200, 302...).
    probe = http(port, endpoint.method, endpoint.path, endpoint.cookie, endpoint.body)[0]
    cmd = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s",
        "--timeout", "10s", "-s", str(script), f"http://{HOST}:{port}{endpoint.path}",
    ]  # fmt: skip
    out = subprocess.run(  # noqa: S603  (fixed wrk arguments, no shell)
        cmd, capture_output=True, text=True, timeout=duration + 30, check=True
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    result = json.loads(line[len("WRKJSON ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    result["probe_status"] = probe
    return result


def endpoints(port, info: seeding.SeedInfo) -> list[Endpoint]:
    """The endpoints to measure, with logged-in cookies and CSRF tokens from the real forms."""
    student = login(port, info.bench_student, info.password)
    teacher = login(port, info.bench_teacher, info.password)
    opened, done = info.open_assignment_id, info.submitted_assignment_id
    student, token = page_token(port, student, f"/student/assignments/{opened}")
    anon_cookie, anon_token = anonymous_login_form(port)
    login_body = [("csrf_token", anon_token), ("login", "s00001"),
                  ("password", info.password), ("next", "")]  # fmt: skip
    save_body = [("csrf_token", token), ("attempt", "1")]
    save_body += answers_form(info.lesson_slugs[str(opened)])
    submit_body = [("csrf_token", token), ("attempt", "1")]
    submit_body += answers_form(info.lesson_slugs[str(done)])
    room = info.bench_classroom_id
    return [
        Endpoint("healthz", "GET", "/healthz"),
        Endpoint("log-in", "POST", "/login", anon_cookie, login_body),
        Endpoint("student home", "GET", "/student/", student),
        Endpoint("lesson page", "GET", f"/student/assignments/{opened}", student),
        Endpoint(
            "autosave", "POST", f"/student/assignments/{opened}/save?auto=1", student, save_body
        ),
        Endpoint(
            "quiz submit", "POST", f"/student/assignments/{done}/submit", student, submit_body
        ),
        Endpoint("result page", "GET", f"/student/assignments/{done}/attempts/1", student),
        Endpoint("gradebook", "GET", f"/teacher/classes/{room}/gradebook", teacher),
        Endpoint("item analysis", "GET", f"/teacher/assignments/{done}/analysis", teacher),
        Endpoint("CSV export", "GET", f"/teacher/classes/{room}/gradebook.csv", teacher),
    ]


# ---------------------------------------------------------------- 200 students at once


def crowd(port, info: seeding.SeedInfo, db: Database) -> dict:
    """Every crowd student logs in, opens the quiz, then all submit at the same moment."""
    assignment = info.crowd_assignment_id
    page = f"/student/assignments/{assignment}"

    def prepare(name):
        cookie = login(port, name, info.password)
        return page_token(port, cookie, page)

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        sessions = list(pool.map(prepare, info.crowd_students))
    prepared_s = time.perf_counter() - started
    answers = answers_form(info.lesson_slugs[str(assignment)])
    barrier = threading.Barrier(len(sessions))
    results: list[tuple[float, object]] = [(0.0, None)] * len(sessions)

    def submit(index):
        cookie, token = sessions[index]
        body = [("csrf_token", token), ("attempt", "1"), *answers]
        barrier.wait(timeout=60)
        t0 = time.perf_counter()
        try:
            status, headers, _, _ = http(port, "POST", f"{page}/submit", cookie, body)
            ok = status == 302 and headers.get("Location", "").endswith(f"{page}/attempts/1")
            outcome = "ok" if ok else f"HTTP {status} {headers.get('Location', '')}"
        except OSError as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        results[index] = (time.perf_counter() - t0, outcome)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(sessions))]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    wall = time.perf_counter() - wall
    latencies = sorted(r[0] * 1000 for r in results)
    errors = [r[1] for r in results if r[1] != "ok"]
    return {
        "students": len(sessions),
        "prepare_s": round(prepared_s, 1),
        "wall_s": round(wall, 2),
        "errors": len(errors),
        "error_samples": errors[:5],
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
        "max_ms": round(latencies[-1], 1),
        "stored": stored_attempts(db, assignment),
    }


def stored_attempts(db: Database, assignment_id: int) -> dict:
    """What the database holds for the crowd assignment after the burst."""
    engine = make_engine(db.url, db.schema)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT count(*), count(DISTINCT student_id), min(number), max(number),"
                    " sum(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END)"
                    " FROM attempt WHERE assignment_id = :a"
                ),
                {"a": assignment_id},
            ).one()
    finally:
        engine.dispose()
    rows, students, low, high, submitted = row
    return {"rows": rows, "students": students, "min_number": low, "max_number": high,
            "submitted": submitted}  # fmt: skip


# ---------------------------------------------------------------- one database, end to end


def bench_database(kind: str, args) -> dict:
    """Migrate, seed, serve and measure one database."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    try:
        with fresh_database(kind, workdir) as db:
            engine = make_engine(db.url, db.schema)
            t0 = time.perf_counter()
            upgrade(engine)
            migrate_s = time.perf_counter() - t0
            info = seeding.seed(
                engine, seeding.parser().parse_args(["--url", db.url, *args.seed_args])
            )
            engine.dispose()
            print(f"\n== {db.label}: migrated in {migrate_s:.1f} s; seeded", info.counts,
                  f"in {info.seconds} s", flush=True)  # fmt: skip
            env = {
                **os.environ,
                "SECRET_KEY": "bench-" + "x" * 40,
                "DATABASE_URL": db.url,
                "DATABASE_SCHEMA": db.schema,
                "RATELIMIT_ENABLED": "false",
                "SESSION_COOKIE_SECURE": "false",
                "PROXY_FIX_HOPS": "0",
            }
            with gunicorn(env, args.workers, workdir / "gunicorn.log") as port:
                results = {}
                targets = endpoints(port, info)
                for endpoint in targets:
                    # The machine's speed drifts, so each endpoint is compared with a /healthz
                    # run just before it rather than with one at the start.
                    base = run_wrk(port, targets[0], args, workdir, max(1, args.duration // 2))
                    r = results[endpoint.name] = run_wrk(port, endpoint, args, workdir)
                    r["healthz_rps"] = base["rps"]
                    p99 = r["p99"] / 1000
                    print(f"  {endpoint.name:14} {r['rps']:8.1f} req/s  p99 {p99:7.1f} ms"
                          f"  errors {r['errors']}  (/healthz just before: "
                          f"{base['rps']:.1f} req/s)", flush=True)  # fmt: skip
                crowd_result = crowd(port, info, db) if args.crowd else None
            return {"label": db.label, "seed": info.counts, "seed_s": info.seconds,
                    "wrk": results, "crowd": crowd_result}  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(run: dict) -> str:
    """A Markdown table of one database's numbers, with the targets checked."""
    wrk = run["wrk"]
    lines = [
        f"### {run['label']}",
        "",
        "| endpoint | status | req/s | p50 ms | p95 ms | p99 ms | errors | /healthz just before "
        "| vs /healthz | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, r in wrk.items():
        ratio = r["rps"] / r["healthz_rps"]
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f">= {target:.0%}: " + ("met" if ratio >= target else "MISSED")
        lines.append(
            f"| {name} | {r['probe_status']} | {r['rps']:.1f} | {r['p50'] / 1000:.1f} | "
            f"{r['p95'] / 1000:.1f} | {r['p99'] / 1000:.1f} | {r['errors']} | "
            f"{r['healthz_rps']:.1f} | {ratio:.0%} | {verdict} |"
        )
    c = run["crowd"]
    if c:
        s = c["stored"]
        exact = (s["rows"] == s["students"] == s["submitted"] == c["students"]
                 and s["min_number"] == s["max_number"] == 1)  # fmt: skip
        lines += [
            "",
            f"Concurrency: {c['students']} students submit at once: {c['errors']} errors, "
            f"p50 {c['p50_ms']} ms, p99 {c['p99_ms']} ms, max {c['max_ms']} ms, burst over in "
            f"{c['wall_s']} s. Stored: {s['rows']} attempts from {s['students']} students, "
            f"{s['submitted']} submitted, numbers {s['min_number']}..{s['max_number']} -> "
            + ("exactly once" if exact else "NOT exactly once")
            + f". p99 < 300 ms: {'met' if c['p99_ms'] < 300 else 'MISSED'}; "
            f"0 errors: {'met' if c['errors'] == 0 else 'MISSED'}.",
        ]
        if c["error_samples"]:
            lines.append(f"Error samples: {c['error_samples']}")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark on the chosen databases and print a table per database."""
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Any other option goes to bench/seed.py: the data set's sizes "
        "(--teachers, --students-per-class, --crowd...; see bench/seed.py --help).",
    )
    p.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    p.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--connections", type=int, default=16, help="wrk connections")
    p.add_argument("--no-crowd", dest="crowd", action="store_false",
                   help="skip the 200-students-submit-at-once run")  # fmt: skip
    p.add_argument("--json", help="also write the raw numbers to this file")
    args, args.seed_args = p.parse_known_args()
    seeding.parser().parse_args(["--url", "sqlite://", *args.seed_args])  # exits on a bad one
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    started = time.perf_counter()
    runs = [bench_database(kind, args) for kind in kinds]
    print()
    for run in runs:
        print(report(run), end="\n\n")
    elapsed = time.perf_counter() - started
    print(f"total {elapsed:.0f} s; wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s, gunicorn --workers {args.workers}")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
