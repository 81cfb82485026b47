"""Reading one YAML mapping of a lesson file while recording every problem found in it.

Validation never stops at the first mistake: each reader method records an issue (a field path
and a plain-English message) and returns None, so a teacher sees every problem in one run.
Field paths count list entries from 1 (`quiz[3]` is the third question), like paragraph numbers.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from app.lesson_vocabulary import Skill

# Slugs and question ids: they appear in URLs and in stored answers.
ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
ID_RULE = "use lowercase letters, digits and hyphens, starting and ending with a letter or digit"
# Option, category and item ids: short keys such as `a` or `checked`, used in form fields.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
KEY_RULE = "use letters, digits, hyphens or underscores, with no spaces"

Issue = tuple[str, str]


def join(path: str, key: str) -> str:
    """Path of a field inside the mapping at `path` (the root has the empty path)."""
    return f"{path}.{key}" if path else key


def describe(value: Any) -> str:
    """Name a YAML value's kind the way a teacher would."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    text = str(value).strip()
    if not text:
        return "empty"
    return f"'{text}'" if len(text) <= 40 else f"'{text[:37]}...'"


def count_rule(noun: str, low: int, high: int | None) -> str:
    """Phrase such as 'needs 2 to 6 options' or 'needs at least 10 questions'."""
    if high is None and low == 1:
        return f"needs at least one {noun.removesuffix('s')}"
    if high is None:
        return f"needs at least {low} {noun}"
    return f"needs {low} to {high} {noun}"


class Fields:
    """One mapping from the front matter; every read records what is wrong instead of raising."""

    def __init__(
        self, data: Mapping[Any, Any], path: str, allowed: Collection[str], issues: list[Issue]
    ) -> None:
        self.data = data
        self.path = path
        self.issues = issues
        for key in data:
            if key not in allowed:
                self._unknown(key, allowed)

    def _unknown(self, key: Any, allowed: Collection[str]) -> None:
        guess = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.75)
        hint = (
            f" (did you mean '{guess[0]}'?)" if guess else f"; allowed here: {', '.join(allowed)}"
        )
        self.report(str(key), f"unknown field '{key}'{hint}")

    def at(self, key: str) -> str:
        """Field path of `key` in this mapping."""
        return join(self.path, key)

    def report(self, key: str | None, message: str) -> None:
        """Record a problem with `key` (or with the whole mapping when key is None)."""
        self.issues.append((self.at(key) if key else self.path, message))

    def get(self, key: str) -> Any:
        """The raw value of `key`, or None."""
        return self.data.get(key)

    def _present(self, key: str, required: bool, why: str | None) -> bool:
        if key in self.data:
            return True
        if required:
            self.report(None, f"{key} is missing" + (f" ({why})" if why else ""))
        return False

    def text(self, key: str, *, required: bool = True, why: str | None = None) -> str | None:
        """A non-empty string, stripped of surrounding whitespace."""
        if not self._present(key, required, why):
            return None
        value = self.data[key]
        if not isinstance(value, str):
            hint = "; put it in quotes" if isinstance(value, int | float | datetime.date) else ""
            self.report(key, f"must be text, not {describe(value)}{hint}")
            return None
        if not value.strip():
            self.report(key, "is empty" + (f" ({why})" if why else ""))
            return None
        return value.strip()

    def identifier(self, key: str, *, pattern: re.Pattern[str] = ID_PATTERN) -> str | None:
        """A required id matching `pattern`."""
        value = self.text(key)
        if value is None:
            return None
        if not pattern.fullmatch(value):
            rule = ID_RULE if pattern is ID_PATTERN else KEY_RULE
            self.report(key, f"'{value}' is not a valid id ({rule})")
            return None
        return value

    def whole_number(
        self, key: str, low: int, high: int, *, required: bool = True, default: int | None = None
    ) -> int | None:
        """An integer from low to high inclusive (booleans are not numbers here)."""
        if not self._present(key, required, None):
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.report(key, f"must be a whole number from {low} to {high}, not {describe(value)}")
            return None
        return value

    def flag(self, key: str, *, required: bool = False, default: bool = False) -> bool | None:
        """A true/false value."""
        if not self._present(key, required, None):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self.report(key, f"must be true or false, not {describe(value)}")
            return None
        return value

    def choice(self, key: str, options: Collection[str], *, what: str) -> str | None:
        """A text value that must be one of `options`."""
        value = self.text(key)
        if value is None:
            return None
        if value not in options:
            self.report(key, f"'{value}' is not a {what}; use one of: {', '.join(options)}")
            return None
        return value

    def items(self, key: str, noun: str, low: int, high: int | None = None) -> list[Any] | None:
        """A list with between low and high entries (high None: no upper limit)."""
        if not self._present(key, low > 0, None):
            return None
        value = self.data[key]
        if not isinstance(value, list):
            self.report(key, f"must be a list of {noun}, not {describe(value)}")
            return None
        if len(value) < low or (high is not None and len(value) > high):
            found = f"not {len(value)}" if value else "and the list is empty"
            self.report(key, f"{count_rule(noun, low, high)}, {found}")
        return value

    def section(self, key: str, allowed: Collection[str]) -> Fields | None:
        """A required nested mapping, read with its own allowed keys."""
        if not self._present(key, True, None):
            return None
        value = self.data[key]
        if not isinstance(value, dict):
            self.report(
                key, f"must be a group of fields ({', '.join(allowed)}), not {describe(value)}"
            )
            return None
        return Fields(value, self.at(key), allowed, self.issues)

    def records(
        self, key: str, allowed: Collection[str], noun: str, low: int, high: int | None = None
    ) -> list[Fields]:
        """A list of mappings, each read with `allowed` keys; other entries are reported."""
        entries = self.items(key, noun, low, high) or []
        records = []
        for number, entry in enumerate(entries, start=1):
            path = f"{self.at(key)}[{number}]"
            if isinstance(entry, dict):
                records.append(Fields(entry, path, allowed, self.issues))
            else:
                fields = ", ".join(allowed)
                self.issues.append(
                    (path, f"must be a group of fields ({fields}), not {describe(entry)}")
                )
        return records

    def texts(self, key: str, noun: str, *, low: int = 1) -> list[tuple[str, str]]:
        """A list of non-empty strings, returned with each entry's field path."""
        found = []
        for number, entry in enumerate(self.items(key, noun, low) or [], start=1):
            path = f"{self.at(key)}[{number}]"
            if isinstance(entry, str) and entry.strip():
                found.append((path, entry.strip()))
            else:
                self.issues.append((path, f"must be non-empty text, not {describe(entry)}"))
        return found

    def skills(self, key: str = "skills") -> tuple[str, ...] | None:
        """A non-empty list of known skill ids without repeats."""
        entries = self.items(key, "skill ids", 1)
        if entries is None:
            return None
        good: list[str] = []
        for number, entry in enumerate(entries, start=1):
            path = f"{self.at(key)}[{number}]"
            if not isinstance(entry, str) or entry not in tuple(Skill):
                self.issues.append(
                    (path, f"{describe(entry)} is not a skill; use one of: {', '.join(Skill)}")
                )
            elif entry in good:
                self.issues.append((path, f"skill '{entry}' is listed twice"))
            else:
                good.append(entry)
        return tuple(good) if len(good) == len(entries) and good else None


def unique_ids(
    records: list[Fields], noun: str, *, pattern: re.Pattern[str] = KEY_PATTERN
) -> list[str | None]:
    """Read each record's `id`, reporting repeats; returns ids in order (None where unusable)."""
    seen: set[str] = set()
    ids: list[str | None] = []
    for record in records:
        value = record.identifier("id", pattern=pattern)
        if value is not None and value in seen:
            record.report("id", f"{noun} id '{value}' is used more than once")
            value = None
        if value is not None:
            seen.add(value)
        ids.append(value)
    return ids


def verbatim(
    fields: Fields,
    key: str,
    contains: Callable[[str], bool],
    *,
    required: bool,
    closest: Callable[[str], str] | None = None,
) -> str | None:
    """Text that must appear word for word in one paragraph; `closest` names the changed word."""
    value = fields.text(key, required=required)
    if value is not None and not contains(value):
        fields.report(
            key,
            "is not word for word in any one paragraph of the article "
            "(check spelling, punctuation, quotation marks and spaces)"
            + (closest(value) if closest else ""),
        )
        return None
    return value
