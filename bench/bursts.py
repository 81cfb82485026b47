"""Bursts: a group of students log in, open one quiz, then all POST their submission at once.

With several app hosts the students are spread over them in turn, and each one hands in on a
different host from the one it logged in on, as behind a load balancer without stickiness.
"""

from __future__ import annotations

import math
import statistics
import threading
import time
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cpu
from client import answers_form, http, login, page_token
from sqlalchemy import text

from app.db import make_engine

# p99 targets of a burst, in ms, by the number of students in it.
TARGETS_MS = {30: 150, 200: 600}


@dataclass
class Burst:
    """Who submits what, where."""

    name: str
    assignment_id: int
    slug: str
    students: list[str]
    password: str


def run_burst(ports: list[int], burst: Burst, db, app_masters: Collection[int] = ()) -> dict:
    """Prepare every student's session, release all submissions at one instant, check the rows.

    `app_masters` are the gunicorn masters' pids, so the CPU their workers spend is told apart.
    """
    page = f"/student/assignments/{burst.assignment_id}"

    def prepare(index_name):
        index, name = index_name
        port = ports[index % len(ports)]
        return page_token(port, login(port, name, burst.password), page)

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        sessions = list(pool.map(prepare, enumerate(burst.students)))
    prepared_s = time.perf_counter() - started
    answers = answers_form(burst.slug)
    cpu_at = {}
    # The barrier's action runs once, when the last thread arrives and before any is released.
    barrier = threading.Barrier(
        len(sessions), action=lambda: cpu_at.update(release=cpu.snapshot(app_masters))
    )
    results: list[tuple[float, str]] = [(0.0, "not run")] * len(sessions)

    def submit(index):
        cookie, token = sessions[index]
        port = ports[(index + 1) % len(ports)]
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
    used = cpu.spent(cpu_at.get("release"), cpu.snapshot(app_masters))
    result = summary(burst, results, prepared_s, wall, stored_attempts(db, burst.assignment_id))
    return result | {"cpu": used}


def summary(burst: Burst, results, prepared_s: float, wall_s: float, stored: dict) -> dict:
    """Latency percentiles (nearest rank), errors and the stored rows of one burst."""
    latencies = sorted(seconds * 1000 for seconds, _ in results)
    errors = [outcome for _, outcome in results if outcome != "ok"]
    n = len(latencies)
    return {
        "name": burst.name,
        "students": n,
        "prepare_s": round(prepared_s, 1),
        "wall_s": round(wall_s, 2),
        "errors": len(errors),
        "error_samples": errors[:5],
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[math.ceil(0.99 * n) - 1], 1),
        "max_ms": round(latencies[-1], 1),
        "stored": stored,
    }


def stored_attempts(db, assignment_id: int) -> dict:
    """What the database holds for the burst's assignment after it."""
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


def exactly_once(result: dict) -> bool:
    """One submitted attempt numbered 1 per student of the burst, and nothing else."""
    s, n = result["stored"], result["students"]
    return (
        s["rows"] == s["students"] == s["submitted"] == n
        and s["min_number"] == s["max_number"] == 1
    )


def report(result: dict, hosts: int) -> str:
    """One paragraph on a burst: latencies, errors, the stored rows, the targets checked."""
    c, s = result, result["stored"]
    where = f" spread over {hosts} hosts" if hosts > 1 else ""
    line = (
        f"{c['name']}: {c['students']} students submit at once{where}: {c['errors']} errors, "
        f"p50 {c['p50_ms']} ms, p99 {c['p99_ms']} ms, max {c['max_ms']} ms, burst over in "
        f"{c['wall_s']} s. Stored: {s['rows']} attempts from {s['students']} students, "
        f"{s['submitted']} submitted, numbers {s['min_number']}..{s['max_number']} -> "
        + ("exactly once" if exactly_once(c) else "NOT exactly once")
    )
    target = TARGETS_MS.get(c["students"])
    if target is not None:
        line += f". p99 < {target} ms: {'met' if c['p99_ms'] < target else 'MISSED'}"
    line += f"; 0 errors: {'met' if c['errors'] == 0 else 'MISSED'}."
    if c.get("cpu"):
        line += "\n" + cpu_report(c["cpu"], c["students"])
    if c["error_samples"]:
        line += f"\nError samples: {c['error_samples']}"
    return line


def cpu_report(used: dict, students: int) -> str:
    """Where the cores went during the burst: per submission, and the machine's whole use."""
    per = ", ".join(
        f"{kind} {used[f'{kind}_ms'] / students:.1f}"
        for kind in ("app", "postgres", "client", "other")
    )
    capacity = used["wall_ms"] * (used["cores"] or 1)
    return (
        f"CPU during it, ms per submission: {per} (app: our gunicorn workers; other: the rest "
        f"of the machine); machine busy {used['machine_busy_ms']} of {capacity} core-ms."
    )
