"""What two app hosts on one database and one Redis must share: sessions and guessing counts."""

from __future__ import annotations

import logging
import os

from client import answers_form, http, login, page_token, try_login
from limits import parse_many

from app.config import Defaults
from app.ratelimit_storage import StorageWithFallback
from app.throttle import Throttle


def session_check(ports: list[int], info) -> dict:
    """A student logged in on host 1 opens a page and autosaves with host 1's token on host 2."""
    first, second = ports[0], ports[1]
    page = f"/student/assignments/{info.open_assignment_id}"
    cookie, token = page_token(first, login(first, info.bench_student, info.password), page)
    home = http(second, "GET", "/student/", cookie)[0]
    answers = answers_form(info.lesson_slugs[str(info.open_assignment_id)])
    body = [("csrf_token", token), ("attempt", "1"), *answers]
    saved = http(second, "POST", f"{page}/save?auto=1", cookie, body)[0]
    # The same POST with a token that is not host 1's must be refused, or the check proves nothing.
    forged_body = [("csrf_token", "x" * 40), ("attempt", "1"), *answers]
    forged = http(second, "POST", f"{page}/save?auto=1", cookie, forged_body)[0]
    return {"home_on_host_2": home, "save_on_host_2": saved, "forged_token_on_host_2": forged}


def throttle_check(ports: list[int], name: str, password: str, redis_url: str) -> dict:
    """Wrong passwords for one login name, host 1 and host 2 in turn, then the right one."""
    # The hosts read THROTTLE_ACCOUNT from the same environment as this process.
    setting = os.environ.get("THROTTLE_ACCOUNT") or Defaults.THROTTLE_ACCOUNT
    limit = min(item.amount for item in parse_many(setting))
    forget_wrong_passwords(redis_url, setting, name)
    try:
        wrong = [
            try_login(ports[i % len(ports)], name, "not-" + password)[0] for i in range(limit + 2)
        ]
        right = try_login(ports[1], name, password)[0]
    finally:
        forget_wrong_passwords(redis_url, setting, name)
    return {"limit": limit, "wrong_password_statuses": wrong, "right_password_status": right}


def forget_wrong_passwords(redis_url: str, setting: str, name: str) -> None:
    """Clear the login name's count in Redis, so a run repeated within the hour starts afresh."""
    counters = StorageWithFallback.from_uri(
        redis_url, dict(Defaults.RATELIMIT_STORAGE_OPTIONS), logging.getLogger(__name__)
    )
    Throttle(counters, {"login": parse_many(setting)}).forget("login", name)


def report(checks: dict) -> str:
    """Two lines: the session moved between hosts, and the count both hosts kept."""
    s, t = checks["session"], checks["throttle"]
    session_ok = s["home_on_host_2"] == 200 and s["save_on_host_2"] == 200
    session_ok = session_ok and s["forged_token_on_host_2"] == 400
    wrong, limit = t["wrong_password_statuses"], t["limit"]
    shared = wrong[:limit] == [200] * limit and set(wrong[limit:]) == {429}
    shared = shared and t["right_password_status"] == 429
    return "\n".join(
        [
            f"Session: logged in on host 1; on host 2 the student home answered "
            f"{s['home_on_host_2']} and an autosave with host 1's CSRF token "
            f"{s['save_on_host_2']} (a made-up token: {s['forged_token_on_host_2']}) -> "
            + ("shared" if session_ok else "NOT shared"),
            f"Throttle: {len(wrong)} wrong passwords for one login name, hosts 1 and 2 in turn, "
            f"answered {wrong}; then the right password on host 2: "
            f"{t['right_password_status']} -> "
            + (f"one count across both hosts (limit {limit})" if shared else "NOT shared"),
        ]
    )
