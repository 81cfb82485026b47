"""Students working on a quiz over real HTTP, every request recorded with its timing and answer."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar

from tests.factories import PASSWORD

Fields = list[tuple[str, str]]


@dataclass(frozen=True)
class Sent:
    """One request a student sent, and what came back."""

    kind: str  # autosave, submit (the first hand-in), retry (the same form again) or view
    student: str
    started: float
    ended: float
    status: int  # -1 when the connection itself failed
    url: str  # where the redirects ended
    body: str
    retry_after: str | None

    def json(self) -> dict:
        """The body read as JSON (autosave answers)."""
        return json.loads(self.body)

    def within(self, start: float, end: float) -> bool:
        """Whether the request was sent and answered between `start` and `end`."""
        return start <= self.started and self.ended <= end


class KeptForm(HTMLParser):
    """The form a 503 page offers again: where it posts, its hidden fields, its button."""

    def __init__(self, page: str):
        super().__init__()
        self.action: str | None = None
        self.fields: Fields = []
        self.button = ""
        self._in_button = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        """Collect the form's action and hidden fields, as a browser would send them."""
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method") == "post":
            self.action = attributes.get("action")
        elif tag == "input" and attributes.get("type") == "hidden":
            self.fields.append((attributes["name"], attributes.get("value") or ""))
        self._in_button = tag == "button"

    def handle_data(self, data):
        """Keep the button's label."""
        if self._in_button:
            self.button += data.strip()

    def handle_endtag(self, tag):
        """Stop reading the label at the end of the button."""
        if tag == "button":
            self._in_button = False


def pairs(form: dict[str, list[str]]) -> Fields:
    """Form data as (name, value) pairs, the shape a browser posts."""
    return [(name, value) for name, values in form.items() for value in values]


@dataclass
class Student:
    """One student's browser reduced to its cookies, logged in to `base`."""

    base: str
    name: str
    log: list[Sent] = field(default_factory=list)

    def __post_init__(self):
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def log_in(self) -> None:
        """Log in through the form; the session cookie is kept."""
        sent = self.post("login", "/login", [("login", self.name), ("password", PASSWORD)])
        if sent.status != 200 or "/login" in sent.url:
            raise AssertionError(f"{self.name} could not log in: {sent.status}")

    def post(self, kind: str, path: str, fields: Fields, json_wanted: bool = False) -> Sent:
        """Post form fields and record the answer (after redirects, as a browser follows them)."""
        headers = {"Accept": "application/json"} if json_wanted else {}
        body = urllib.parse.urlencode(fields).encode()
        return self._send(kind, urllib.request.Request(self.base + path, body, headers))  # noqa: S310 - local

    def get(self, kind: str, path: str) -> Sent:
        """Open a page and record the answer."""
        return self._send(kind, urllib.request.Request(self.base + path))  # noqa: S310 - local

    def _send(self, kind: str, request: urllib.request.Request) -> Sent:
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=20) as response:
                answer = (response.status, response.url, response.read().decode(), None)
        except urllib.error.HTTPError as error:
            answer = (error.code, error.url, error.read().decode(), error.headers["Retry-After"])
        except OSError as error:
            answer = (-1, "", str(error), None)
        sent = Sent(kind, self.name, started, time.monotonic(), *answer)
        if kind != "login":
            self.log.append(sent)
        return sent
