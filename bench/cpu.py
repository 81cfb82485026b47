"""CPU time spent by each kind of process on the machine between two moments (Linux /proc).

A burst's latency is mostly the time its queue takes to drain, so what it costs in CPU, and who
else was using the cores meanwhile, says why it took as long as it did.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Snapshot:
    """CPU seconds used so far by each process, and by the whole machine, at one moment."""

    processes: dict[int, tuple[str, float]]
    machine_busy: float
    at: float


def snapshot(app_masters: Collection[int]) -> Snapshot | None:
    """Every process's CPU so far, labelled app (our gunicorn), postgres, client or other."""
    if not (PROC / "stat").exists():
        return None
    processes = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        name, fields = stat.split("(", 1)[1].rsplit(")", 1)
        fields = fields.split()
        pid, parent = int(entry.name), int(fields[1])
        cpu = (int(fields[11]) + int(fields[12])) / TICKS
        processes[pid] = (_kind(pid, parent, name, app_masters), cpu)
    cpu_line = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    jiffies = [int(value) for value in cpu_line]
    busy = (sum(jiffies) - jiffies[3] - jiffies[4]) / TICKS  # all but idle and iowait
    return Snapshot(processes, busy, time.perf_counter())


def _kind(pid: int, parent: int, name: str, app_masters: Collection[int]) -> str:
    if pid == os.getpid():
        return "client"
    if pid in app_masters or parent in app_masters:
        return "app"
    return "postgres" if name == "postgres" else "other"


def spent(before: Snapshot | None, after: Snapshot | None) -> dict:
    """CPU ms used by each kind between the snapshots, the wall ms, and the machine's busy ms."""
    if before is None or after is None:
        return {}
    used: dict[str, float] = {"app": 0.0, "postgres": 0.0, "client": 0.0, "other": 0.0}
    for pid, (kind, cpu) in after.processes.items():
        used[kind] += cpu - before.processes.get(pid, (kind, 0.0))[1]
    wall = after.at - before.at
    return {
        **{f"{kind}_ms": round(seconds * 1000) for kind, seconds in used.items()},
        "wall_ms": round(wall * 1000),
        "machine_busy_ms": round((after.machine_busy - before.machine_busy) * 1000),
        "cores": os.cpu_count(),
    }
