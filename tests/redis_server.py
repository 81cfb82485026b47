"""A throwaway Redis server for fault tests: started, stopped, frozen and thawed on one port."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port

REDIS_SERVER = shutil.which("redis-server")


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class RedisServer:
    """A redis-server of the test's own: no persistence, so a restart starts empty."""

    port: int
    workdir: Path
    process: subprocess.Popen | None = None

    def url(self, database: int = 0) -> str:
        """The redis:// address of one of its databases."""
        return f"redis://127.0.0.1:{self.port}/{database}"

    def start(self, timeout: float = 10.0) -> None:
        """Start it (again, on the same port) and wait until it answers PING."""
        command = [REDIS_SERVER or "redis-server", "--port", str(self.port)]
        command += ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.workdir)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while not _answers_ping(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def freeze(self) -> None:
        """Pause it (SIGSTOP): connections are accepted but nothing is answered, as in a hang."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        """Let a frozen server go on (SIGCONT)."""
        self.process.send_signal(signal.SIGCONT)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop it, as an outage would: connections are refused until it starts again."""
        if self.process is None:
            return
        self.thaw()  # a frozen server would not act on SIGTERM
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)
        self.process = None


def start_redis(workdir: Path) -> RedisServer:
    """A started redis-server on a free port (stop it when done)."""
    server = RedisServer(port=free_port(), workdir=workdir)
    server.start()
    return server
