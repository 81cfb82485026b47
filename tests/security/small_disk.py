"""A small disk holding one SQLite database that a test can fill up and free again.

A tmpfs mounted for the test is a real filesystem: once a filler file takes its last page, the
kernel answers every further allocation with ENOSPC. Where mounting is refused, a file-size
limit (RLIMIT_FSIZE) on the server's processes makes the kernel refuse the same writes with
EFBIG instead. Both failures come from the operating system, never from the code under test.
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PAGE = 4096


class TmpfsDisk:
    """A tmpfs of a few megabytes: filling it takes every page, for every process."""

    how = "tmpfs"

    def __init__(self, path: Path, database: str):
        self.path = path
        self.database = path / database
        self._filler = path / "filler"

    def fill(self, _server_pids: list[int], room: int = 0) -> int:
        """Write a filler file until the filesystem refuses more, then give back `room` bytes.

        Returns the bytes left free (whole pages: tmpfs hands out no less).
        """
        with open(self._filler, "ab", buffering=0) as filler:
            for size in (1 << 20, PAGE):  # large writes first, then the last pages one by one
                _write_until_full(filler, size)
            if room:
                filler.truncate(filler.tell() - room)
        stat = os.statvfs(self.path)
        return stat.f_bavail * stat.f_frsize

    def free(self, _server_pids: list[int]) -> None:
        """Delete the filler: the space comes back at once."""
        self._filler.unlink()

    def limited(self, command: list[str]) -> list[str]:
        """The command as it would run on this disk: already full for everyone."""
        return command


class FileSizeLimit:
    """A plain folder where the server may not write past the write-ahead log's current size.

    Not quite a full disk: a smaller file may still grow up to that size (so a checkpoint into
    the database file can go through), and a write past it fails even where it overwrites.
    """

    how = "file-size limit"

    def __init__(self, path: Path, database: str):
        self.path = path
        self.database = path / database
        self._limit: int | None = None

    def fill(self, server_pids: list[int], room: int = 0) -> int:
        """Let the server's files grow `room` bytes past the log's size, no more; returns `room`."""
        wal = self.database.with_name(self.database.name + "-wal")
        self._limit = (wal.stat().st_size if wal.exists() else 0) + room
        for pid in server_pids:  # the master too, so a worker it starts again is limited
            _, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (self._limit, hard))
        return room

    def free(self, server_pids: list[int]) -> None:
        """Lift the limit on the running processes."""
        for pid in server_pids:
            _, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (hard, hard))
        self._limit = None

    def limited(self, command: list[str]) -> list[str]:
        """The command under the same limit as the server (util-linux prlimit)."""
        if self._limit is None:
            return command
        return ["prlimit", f"--fsize={self._limit}:", "--", *command]


def _write_until_full(file, size: int) -> None:
    block = b"\0" * size
    try:
        while file.write(block):
            pass
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise


def _mount(path: Path, size: int) -> bool:
    """Mount a tmpfs of `size` bytes on `path`; False where mounting is not permitted."""
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _unmount(path: Path) -> None:
    # Lazily if a process still holds a file there: the mount must never outlive the test.
    if subprocess.run(["umount", str(path)], capture_output=True, timeout=10).returncode:
        subprocess.run(["umount", "-l", str(path)], check=True, timeout=10)


@contextmanager
def small_disk(
    path: Path, size: int, database: str, mount: bool = True
) -> Iterator[TmpfsDisk | FileSizeLimit]:
    """A folder for `database` that can be filled: a tmpfs of `size` bytes if `mount` is
    asked for and permitted, else a file-size limit."""
    path.mkdir(parents=True)
    if not (mount and _mount(path, size)):
        yield FileSizeLimit(path, database)
        return
    try:
        yield TmpfsDisk(path, database)
    finally:
        _unmount(path)
