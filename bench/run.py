"""Load-test the app on SQLite and PostgreSQL: seed, serve with gunicorn, wrk each endpoint.

    .venv/bin/python bench/run.py                 # both databases, about 8 minutes
    .venv/bin/python bench/run.py --db sqlite     # one database
    .venv/bin/python bench/run.py --duration 5    # shorter wrk runs
    .venv/bin/python bench/run.py --only bursts   # the class and crowd bursts, no wrk
    .venv/bin/python bench/run.py --hosts 2       # two app hosts on PostgreSQL and Redis

Targets only 127.0.0.1. Every wrk run is bounded (--duration seconds), every HTTP call has a
timeout, gunicorn is stopped and the PostgreSQL schema dropped even when something fails.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bursts  # noqa: E402
import seed as seeding  # noqa: E402
import two_hosts  # noqa: E402
from client import (  # noqa: E402
    COOKIE,
    HOST,
    anonymous_login_form,
    answers_form,
    http,
    login,
    page_token,
)

from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/14"
TARGETS = {"quiz submit": 0.50, "gradebook": 0.30, "lesson page": 0.60}

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


# ---------------------------------------------------------------- servers and databases


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict, workers: int, log: Path):
    """gunicorn serving the app on 127.0.0.1: (port, master pid); stopped by its pid after."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "gunicorn",
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
            yield port, proc.pid
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


# ---------------------------------------------------------------- one database, end to end


def app_env(db: Database, args) -> dict:
    """The environment every app host gets: the same secret key, database and counters."""
    env = {
        **os.environ,
        "SECRET_KEY": "bench-" + "x" * 40,
        "DATABASE_URL": db.url,
        "DATABASE_SCHEMA": db.schema,
        "RATELIMIT_ENABLED": "false",
        "SESSION_COOKIE_SECURE": "false",
        "PROXY_FIX_HOPS": "0",
    }
    if args.hosts > 1:
        # Limits on and counted in Redis, as a district runs them. Every client here comes
        # from 127.0.0.1, like a school behind one address: the per-address flood guard is
        # raised for the bursts' log-ins, as docs/DEPLOY.md says to for a large school.
        env |= {
            "RATELIMIT_ENABLED": "true",
            "RATELIMIT_STORAGE_URI": args.redis_url,
            "RATELIMIT_LOGIN": "5000 per minute;50000 per hour",
        }
    return env


@contextmanager
def app_hosts(env: dict, args, workdir: Path):
    """`args.hosts` separate gunicorn masters on loopback ports: [(port, master pid)]."""
    with ExitStack() as stack:
        yield [
            stack.enter_context(gunicorn(env, args.workers, workdir / f"gunicorn-{n + 1}.log"))
            for n in range(args.hosts)
        ]


def measure_endpoints(port, info: seeding.SeedInfo, args, workdir: Path) -> dict:
    """wrk on every endpoint, each after a /healthz run of half the length."""
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
    return results


def run_bursts(hosts: list[tuple[int, int]], info: seeding.SeedInfo, db: Database, args) -> dict:
    """The class-sized burst, then the crowd (unless --no-crowd)."""
    groups = {"class": (info.class_assignment_id, info.class_students)}
    if args.crowd:
        groups["crowd"] = (info.crowd_assignment_id, info.crowd_students)
    results = {}
    for name, (assignment_id, students) in groups.items():
        slug = info.lesson_slugs[str(assignment_id)]
        burst = bursts.Burst(name, assignment_id, slug, students, info.password)
        ports, masters = [port for port, _ in hosts], {pid for _, pid in hosts}
        results[name] = bursts.run_burst(ports, burst, db, masters)
        print(" ", bursts.report(results[name], len(hosts)), flush=True)
    return results


def serve_and_measure(db: Database, info: seeding.SeedInfo, args, workdir: Path) -> dict:
    """Start the app hosts, then wrk (one host) or the two-host checks, then the bursts."""
    run = {"hosts": args.hosts, "workers": args.workers, "wrk": {}}
    with app_hosts(app_env(db, args), args, workdir) as hosts:
        ports = [port for port, _ in hosts]
        if args.hosts > 1:
            run["two_hosts"] = {
                "session": two_hosts.session_check(ports, info),
                "throttle": two_hosts.throttle_check(
                    ports, info.bench_student, info.password, args.redis_url
                ),
            }
            print(two_hosts.report(run["two_hosts"]), flush=True)
        elif args.only != "bursts":
            run["wrk"] = measure_endpoints(ports[0], info, args, workdir)
        run["bursts"] = run_bursts(hosts, info, db, args)
    return run


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
            run = {"label": db.label, "seed": info.counts, "seed_s": info.seconds}
            return run | serve_and_measure(db, info, args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(run: dict) -> str:
    """A Markdown table of one database's numbers, with the targets checked."""
    wrk = run["wrk"]
    hosts = f", {run['hosts']} app hosts" if run["hosts"] > 1 else ""
    lines = [f"### {run['label']}{hosts}"]
    if wrk:
        lines += [
            "",
            "| endpoint | status | req/s | p50 ms | p95 ms | p99 ms | errors "
            "| /healthz just before | vs /healthz | target |",
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
    if "two_hosts" in run:
        lines += ["", two_hosts.report(run["two_hosts"])]
    for result in run["bursts"].values():
        lines += ["", bursts.report(result, run["hosts"])]
    return "\n".join(lines)


def options() -> argparse.Namespace:
    """The command line; options it does not know go to bench/seed.py."""
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Any other option goes to bench/seed.py: the data set's sizes "
        "(--teachers, --students-per-class, --crowd, --class-size...; see bench/seed.py --help).",
    )
    p.add_argument("--db", choices=["sqlite", "postgresql", "both"],
                   help="default: both; postgresql with --hosts 2")  # fmt: skip
    two = "2: two gunicorn masters on one PostgreSQL and one Redis, no wrk runs"
    p.add_argument("--hosts", type=int, choices=[1, 2], default=1, help=two)
    redis_help = "the Redis both hosts count in, with --hosts 2 (default %(default)s)"
    redis_url = os.environ.get("BENCH_REDIS_URL", REDIS_URL)
    p.add_argument("--redis-url", default=redis_url, help=redis_help)
    p.add_argument("--only", choices=["all", "bursts"], default="all",
                   help="bursts: skip the wrk runs")  # fmt: skip
    p.add_argument("--workers", type=int, default=4, help="gunicorn sync workers per host")
    p.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--connections", type=int, default=16, help="wrk connections")
    p.add_argument("--no-crowd", dest="crowd", action="store_false",
                   help="skip the 200-students-submit-at-once burst")  # fmt: skip
    p.add_argument("--json", help="also write the raw numbers to this file")
    args, args.seed_args = p.parse_known_args()
    seeding.parser().parse_args(["--url", "sqlite://", *args.seed_args])  # exits on a bad one
    if args.hosts > 1 and args.db not in (None, "postgresql"):
        p.error(
            "--hosts 2 needs PostgreSQL (--db postgresql): SQLite is one file on one host, "
            "so several app hosts cannot share it."
        )
    args.db = args.db or ("postgresql" if args.hosts > 1 else "both")
    return args


def main() -> None:
    """Run the benchmark on the chosen databases and print a table per database."""
    args = options()
    if args.hosts == 1 and args.only != "bursts" and shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    started = time.perf_counter()
    runs = [bench_database(kind, args) for kind in kinds]
    print()
    for run in runs:
        print(report(run), end="\n\n")
    elapsed = time.perf_counter() - started
    print(f"total {elapsed:.0f} s; wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s, gunicorn --workers {args.workers} on each of "
          f"{args.hosts} host(s)")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
