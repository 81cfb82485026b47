"""Gunicorn serving the app as a subprocess for fault tests, and a cookie-keeping visitor."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (gunicorn's workers), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


@dataclass
class Gunicorn:
    """A running gunicorn: its address, master process and everything it logged so far."""

    base: str
    process: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def workers(self) -> list[int]:
        """The worker processes now."""
        return children(self.process.pid)

    def pids(self) -> list[int]:
        """The master and its workers."""
        return [self.process.pid, *self.workers()]


def _collect(stream, lines: list[str]) -> None:
    # A pipe, not a file: a file-size limit on the server must not stop its logging.
    for line in stream:
        lines.append(line.rstrip("\n"))


def _wait_until_ready(server: Gunicorn, workers: int, seconds: float) -> None:
    """Return once /healthz answers and every worker is up; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + "\n".join(server.log))
        try:
            urllib.request.urlopen(server.base + "/healthz", timeout=1)  # noqa: S310 - local
            if len(server.workers()) == workers:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start in time:\n" + "\n".join(server.log))


@contextmanager
def serve(env: dict[str, str], workers: int = 2) -> Iterator[Gunicorn]:
    """Gunicorn with sync workers on tests.security.served_app, stopped on the way out."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "--workers", str(workers)),
        *("--bind", f"127.0.0.1:{port}", "--no-control-socket", "--graceful-timeout", "1"),
        "tests.security.served_app:app",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Gunicorn(f"http://127.0.0.1:{port}", process)
    reader = threading.Thread(target=_collect, args=(process.stderr, server.log), daemon=True)
    reader.start()
    try:
        _wait_until_ready(server, workers, seconds=15)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        reader.join(timeout=5)
        process.stderr.close()


@dataclass(frozen=True)
class Reply:
    """What the server answered: status, body and the address it ended on."""

    status: int
    body: str
    url: str


class Visitor:
    """One browser without JavaScript: its own cookies, redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> Reply:
        """GET a page of the site."""
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 - local server

    def post(self, path: str, data) -> Reply:
        """POST a form (a dict of lists, or a list of pairs) to a page of the site."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._open(urllib.request.Request(self.base + path, body))  # noqa: S310 - local

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            with self._opener.open(request, timeout=30) as response:
                return Reply(response.status, response.read().decode(), response.url)
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.read().decode(), error.url)


class KeptForm(HTMLParser):
    """The form a 503 page offers again: found or not, and the hidden fields it would send."""

    def __init__(self, page: str, action: str):
        super().__init__()
        self.action, self.fields, self.found, self._inside = action, [], False, False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        """Collect the hidden fields of the form that posts back to `action`."""
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("action") == self.action
            self.found = self.found or self._inside
        elif tag == "input" and self._inside and attrs.get("type") == "hidden":
            self.fields.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        """Stop collecting where the form ends."""
        if tag == "form":
            self._inside = False
