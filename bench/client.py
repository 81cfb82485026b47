"""The benchmark's HTTP client: loopback requests, the log-in form and CSRF tokens."""

from __future__ import annotations

import re
import sys
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo import answers_form as demo_answers
from app.lesson_library import DEFAULT_FOLDER, library_for

HOST = "127.0.0.1"  # never anything else
COOKIE = "sourcewise_session"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def http(port, method, path, cookie="", body=None, timeout=60.0):
    """One request to 127.0.0.1 without following redirects: (status, headers, text, cookie)."""
    conn = HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read().decode("utf-8", "replace")
        new_cookie = cookie
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith(COOKIE + "="):
                new_cookie = value.split(";", 1)[0].split("=", 1)[1]
        return response.status, dict(response.getheaders()), payload, new_cookie
    finally:
        conn.close()


def csrf_token(page: str) -> str:
    """The hidden csrf_token input of a form page."""
    match = CSRF_RE.search(page)
    if not match:
        raise RuntimeError("no csrf_token on the page")
    return match.group(1) or match.group(2)


def anonymous_login_form(port) -> tuple[str, str]:
    """(cookie, csrf token) of a fresh visitor on the log-in page."""
    status, _, page, cookie = http(port, "GET", "/login")
    if status != 200:
        raise RuntimeError(f"GET /login answered {status}")
    return cookie, csrf_token(page)


def try_login(port, name: str, password: str) -> tuple[int, str, str]:
    """POST the real log-in form (CSRF included): (status, Location, session cookie)."""
    cookie, token = anonymous_login_form(port)
    form = {"csrf_token": token, "login": name, "password": password, "next": ""}
    status, headers, _, cookie = http(port, "POST", "/login", cookie, form)
    return status, headers.get("Location", ""), cookie


def login(port, name: str, password: str) -> str:
    """Log in through the real form and return the session cookie."""
    status, location, cookie = try_login(port, name, password)
    if status != 302 or "/login" in location:
        raise RuntimeError(f"log-in of {name} failed with {status}")
    return cookie


def page_token(port, cookie: str, path: str) -> tuple[str, str]:
    """(cookie, csrf token) from a logged-in page with a form (the log-in cleared the old token)."""
    status, _, page, cookie = http(port, "GET", path, cookie)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return cookie, csrf_token(page)


def answers_form(slug: str) -> list[tuple[str, str]]:
    """A full, mostly right set of quiz answers for the lesson, as form pairs."""
    lesson = library_for(DEFAULT_FOLDER).get(slug)
    form = demo_answers(lesson, wrong={1, 5})
    return list(form.items(multi=True))
