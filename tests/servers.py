"""Real servers for fault tests (a throwaway PostgreSQL cluster, gunicorn), each bounded in time."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from app.db import make_engine
from app.migrate import upgrade
from tests.conftest import IN_CI

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_BINS = "/usr/lib/postgresql/*/bin"
# Every wait on a server gives up after this long, so a stuck server fails the test instead of
# hanging the suite.
WAIT_SECONDS = 30


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def steady_port() -> int:
    """A free port below the kernel's range for outgoing connections, for a server we restart.

    While our server is down, no outgoing connection can be given its port, and a client
    retrying it cannot end up connected to itself (a TCP self-connect).
    """
    ranges = Path("/proc/sys/net/ipv4/ip_local_port_range")
    first_outgoing = int(ranges.read_text().split()[0]) if ranges.exists() else 32768
    # A machine whose outgoing range starts lower gets no such guarantee, but still a port.
    below = range(10000, first_outgoing) or range(10000, 30000)
    for port in random.sample(below, 50):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the outgoing range")


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder; missing binaries fail in CI, skip elsewhere."""
    found = [
        path for path in Path("/").glob(POSTGRES_BINS.lstrip("/")) if (path / "initdb").exists()
    ]
    found.sort(
        key=lambda path: [int(part) for part in path.parent.name.split(".") if part.isdigit()]
    )
    if not found:
        message = f"No PostgreSQL server binaries in {POSTGRES_BINS} (apt-get install postgresql)."
        if IN_CI:
            pytest.fail(message + " CI must install them.")
        pytest.skip(message)
    return found[-1]


@dataclass
class PostgresCluster:
    """A PostgreSQL cluster of the test's own: its data folder, its port, its log."""

    bin: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        """The data directory (initdb wants to create it, inside a folder postgres owns)."""
        return self.folder / "data"

    @property
    def log(self) -> Path:
        """The server's log, kept outside the data directory so a failed start can be read."""
        return self.folder / "server.log"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one of the cluster's databases."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run one of the server's programs, as the postgres user when we are root."""
        # initdb and the server refuse to run as root.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [*prefix, str(self.bin / tool), *args]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=WAIT_SECONDS + 5, check=False
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip()}\n{self.log_tail()}")
        return done

    def log_tail(self, lines: int = 20) -> str:
        """The end of the server's log, to explain a failure."""
        with suppress(OSError):
            return "\n".join(self.log.read_text().splitlines()[-lines:])
        return ""

    def init(self) -> None:
        """Create the cluster: user postgres, trust authentication, no fsync of the new files."""
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self) -> None:
        """Start the server on our port and wait until it accepts connections."""
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k /tmp "
            # A killed server loses nothing the operating system already holds, and the
            # tests never crash the machine: skipping fsync keeps them quick on shared disks.
            "-c fsync=off -c full_page_writes=off"
        )
        args = ["-D", str(self.data), "-l", str(self.log), "-o", options]
        self.run("pg_ctl", *args, "-w", "-t", str(WAIT_SECONDS), "start")

    def stop(self, mode: str = "fast", check: bool = True) -> None:
        """Stop the server (fast: end sessions cleanly; immediate: like a crash) and wait."""
        args = ["-D", str(self.data), "-m", mode, "-w", "-t", str(WAIT_SECONDS), "stop"]
        self.run("pg_ctl", *args, check=check)

    def is_running(self) -> bool:
        """Whether the server is up (pg_ctl status answers 0 only then)."""
        return self.run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def create_database(self, name: str) -> None:
        """Create an empty database in the cluster."""
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def kill_leftover(self) -> None:
        """Kill the server if a stop could not, so no test leaves a server behind."""
        with suppress(OSError, ValueError, IndexError):
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGKILL)


@contextmanager
def throwaway_postgres(database: str = "sourcewise") -> Iterator[PostgresCluster]:
    """A running cluster on a free port with an empty `database`; stopped and removed after."""
    # Under /tmp itself: pytest's own temp folders are private to root, so postgres could
    # not reach a data directory inside them.
    folder = Path(tempfile.mkdtemp(prefix="sourcewise-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = PostgresCluster(postgres_bin(), folder, steady_port())
    try:
        cluster.init()
        cluster.start()
        cluster.create_database(database)
        yield cluster
    finally:
        try:
            cluster.stop("immediate", check=False)
        except subprocess.TimeoutExpired:
            cluster.kill_leftover()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def migrated_postgres(database: str = "sourcewise") -> Iterator[PostgresCluster]:
    """A throwaway cluster whose `database` has the app's schema, made by our migrations."""
    with throwaway_postgres(database) as cluster:
        engine = make_engine(cluster.url(database))
        upgrade(engine)
        engine.dispose()
        yield cluster


def closing_responses(app: WSGIApplication) -> WSGIApplication:
    """`app` with each response body read whole and closed before the server writes it.

    Werkzeug's server closes a body only after draining the socket, and a browser that drops
    the connection then (Chromium aborting a favicon on navigation) makes the drain raise:
    the body (an open static file) is left to the garbage collector, whose ResourceWarning
    lands on whichever test runs next.
    """

    def closing(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return closing


def thread_server(app: WSGIApplication) -> BaseWSGIServer:
    """A threaded werkzeug server for `app` on a free local port, not yet serving."""
    return make_server("127.0.0.1", 0, closing_responses(app), threaded=True)


@contextmanager
def served_in_thread(app: Flask) -> Iterator[str]:
    """The app on a free local port, in a background thread (werkzeug, threaded); its base URL."""
    server = thread_server(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=WAIT_SECONDS)


@dataclass
class Gunicorn:
    """A gunicorn master serving an app on a local port."""

    base: str
    process: subprocess.Popen


def _answers(url: str) -> bool:
    """Whether an HTTP server answers at `url` at all (an error status counts as an answer)."""
    try:
        urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - local test server
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], workers: int = 3, log: Path | None = None
) -> Iterator[Gunicorn]:
    """Gunicorn with sync workers serving `app` ("module:variable"); its stderr goes to `log`."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "--workers", str(workers)),
        *("--bind", f"127.0.0.1:{port}", "--graceful-timeout", "1"),
        # gunicorn 27 otherwise gives every instance the same control socket path.
        *("--no-control-socket", app),
    ]
    stderr = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until(lambda: _answers(base + "/healthz") or process.poll() is not None)
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        yield Gunicorn(base, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if log:
            stderr.close()


def child_pids(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (a gunicorn master's workers), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def _wait_until(ready, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not ready after {seconds} s")
        time.sleep(0.1)
