"""Guessing throttles keyed by what is being guessed (an account, a class code), not by address.

A whole school reaches the server from one public address, so counting by address would lock a
class out. Wrong passwords are counted per account and wrong class codes per address with a
generous allowance; successes cost nothing. The counters live in the rate-limit storage
(`RATELIMIT_STORAGE_URI`), so every worker and every host shares them when that is Redis; while it
cannot be reached they are kept in each process's memory (app/ratelimit_storage.py).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.strategies import MovingWindowRateLimiter

from app.ratelimit_storage import StorageWithFallback

# Each rule: the setting that holds its limits, and what it counts.
RULES = {
    "login": "THROTTLE_ACCOUNT",  # wrong passwords typed for one login name
    "signed_in_account": "THROTTLE_ACCOUNT",  # wrong current passwords for one account
    "join_code": "THROTTLE_JOIN_CODE",  # wrong class codes from one address
    "join_per_class": "THROTTLE_JOIN_PER_CLASS",  # new accounts made with one class code
}


@dataclass(frozen=True)
class Throttle:
    """Failure counters over the configured storage, one moving window per rule."""

    counters: StorageWithFallback
    limits: dict[str, list[RateLimitItem]]
    enabled: bool = True

    @classmethod
    def from_app(cls, app: Flask) -> Throttle:
        """A throttle on `RATELIMIT_STORAGE_URI` with the limits each rule's setting names."""
        config = app.config
        counters = StorageWithFallback.from_uri(
            config["RATELIMIT_STORAGE_URI"], config["RATELIMIT_STORAGE_OPTIONS"], app.logger
        )
        limits = {rule: parse_many(config[setting]) for rule, setting in RULES.items()}
        return cls(counters, limits, bool(config["RATELIMIT_ENABLED"]))

    def wait_seconds(self, rule: str, key: str) -> int:
        """Seconds until `key` may try again under `rule`; 0 when it may try now."""
        if not self.enabled:
            return 0
        name = _digest(key)
        waits = (self.counters.run(_seconds_left, item, rule, name) for item in self.limits[rule])
        return math.ceil(max(waits, default=0))

    def count(self, rule: str, key: str) -> None:
        """Count one failure (or, for a ceiling rule, one use) against `key`."""
        if not self.enabled:
            return
        for item in self.limits[rule]:
            self.counters.run(MovingWindowRateLimiter.hit, item, rule, _digest(key))

    def forget(self, rule: str, key: str) -> None:
        """Clear `key`'s count, after it proved itself (a correct password)."""
        for item in self.limits[rule]:
            self.counters.run(MovingWindowRateLimiter.clear, item, rule, _digest(key))

    def storage_state(self) -> str:
        """'ok', 'unreachable' (counting in memory meanwhile) or 'disabled', for /healthz."""
        if not self.enabled:
            return "disabled"
        return "ok" if self.counters.reachable() else "unreachable"


def _seconds_left(limiter: MovingWindowRateLimiter, item: RateLimitItem, *names: str) -> float:
    """0 while `item` allows one more, else the seconds until its window frees one (at least 1)."""
    if limiter.test(item, *names):
        return 0
    return max(limiter.get_window_stats(item, *names).reset_time - time.time(), 1)


def _digest(key: str) -> str:
    # Counters are named by a hash: the storage never holds usernames or addresses in clear.
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]


def get_throttle() -> Throttle:
    """The app's throttle."""
    return current_app.extensions["throttle"]


def wait_message(seconds: int) -> str:
    """'1 minute', '4 minutes': how long to wait, rounded up to whole minutes."""
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def init_app(app: Flask) -> None:
    """Build the throttle from the app's settings; warn when workers would count apart."""
    app.extensions["throttle"] = Throttle.from_app(app)
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("memory://") and not (app.debug or app.testing):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: each worker counts on its own, so limits "
            "multiply with workers and hosts. Use redis://host:6379/0 in production."
        )
