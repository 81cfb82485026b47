"""Rate-limit counters that outlive a Redis outage by counting in this process's memory meanwhile.

A Redis outage must not lock a school out, so counting fails open: while the configured storage
cannot be reached, each process counts in its own memory (guessing is still stopped, only per
worker), says so once, tries the storage again every few seconds and says so once it answers.
Flask-Limiter does the same for the per-address flood guards (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

T = TypeVar("T")

# How long a known state stands: the storage is tried again (while down) or pinged by the health
# check (while up and idle) no more often than this.
RETRY_SECONDS = 5.0

OUTAGE = (
    "Rate-limit storage cannot be reached (%s): until it answers, process %d counts wrong "
    "passwords, class codes and floods in its own memory, so limits apply per worker. Trying it "
    "again every %.0f s."
)
RECOVERY = "Rate-limit storage answers again after %.0f s: process %d counts in it again."


def _memory() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(MemoryStorage())


@dataclass
class StorageWithFallback:
    """Moving-window counters in the configured storage, or in memory while it is unreachable."""

    main: MovingWindowRateLimiter
    logger: logging.Logger
    retry_seconds: float = RETRY_SECONDS
    fallback: MovingWindowRateLimiter = field(default_factory=_memory)
    down_since: float | None = None
    checked_at: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_uri(cls, uri: str, options: dict, logger: logging.Logger) -> StorageWithFallback:
        """Counters on the storage at `uri` (its errors wrapped, so only they are caught)."""
        storage = storage_from_string(uri, wrap_exceptions=True, **options)
        return cls(MovingWindowRateLimiter(storage), logger)

    def run(self, operation: Callable[..., T], *args) -> T:
        """`operation(limiter, *args)` on the shared storage, or on memory while that is down."""
        if self.down_since is None or self._stale():
            try:
                result = operation(self.main, *args)
            except StorageError as error:
                self._failed(error)
            else:
                self._answered()
                return result
        return operation(self.fallback, *args)

    def reachable(self) -> bool:
        """Whether the storage answers: the last outcome while recent, else one PING."""
        if self._stale():
            if self.main.storage.check():
                self._answered()
            else:
                self._failed("no answer to PING")
        return self.down_since is None

    def _stale(self) -> bool:
        return time.monotonic() - self.checked_at >= self.retry_seconds

    def _answered(self) -> None:
        self.checked_at = time.monotonic()
        if self.down_since is None:
            return
        with self._lock:  # several threads may notice at once; one of them reports it
            if self.down_since is None:
                return
            outage, self.down_since = self.checked_at - self.down_since, None
        # A warning like the outage itself: the default log level would hide an info line.
        self.logger.warning(RECOVERY, outage, os.getpid())

    def _failed(self, error: object) -> None:
        self.checked_at = time.monotonic()
        with self._lock:
            if self.down_since is not None:
                return
            self.down_since = self.checked_at
        self.logger.warning(OUTAGE, error, os.getpid(), self.retry_seconds)
