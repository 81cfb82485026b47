"""Pure roster helpers: read pasted names or a CSV, and derive usernames."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

NAME_MAX = 80
USERNAME_MAX = 32
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")


@dataclass(frozen=True)
class RosterLine:
    """One student to create: display name and, if the teacher gave one, a username."""

    line: int
    name: str
    username: str | None = None


class RosterError(ValueError):
    """A roster that cannot be used; the message says which line and why."""


def clean_name(raw: str) -> str:
    """Collapse white space and strip control characters from a typed name."""
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch in " \t")
    return " ".join(text.split())


def parse_pasted(text: str) -> list[RosterLine]:
    """One name per line; blank lines are skipped."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        name = clean_name(raw)
        if name:
            lines.append(RosterLine(number, name))
    return lines


def parse_csv(data: bytes) -> list[RosterLine]:
    """A CSV with a `name` column and an optional `username` column (header row required)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(
            "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
        ) from exc
    # newline="" leaves line breaks to the csv module, which reads quoted ones inside a cell
    # and the bare carriage returns that old Mac spreadsheets end lines with.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _csv_lines(reader)
    except csv.Error as exc:  # in practice a cell over the csv module's limit of 131,072
        # line_num counts the lines read whole, so the one that failed is the next.
        raise RosterError(
            f"Line {reader.line_num + 1} of the file could not be read: a cell is far too long, "
            "or a quote mark is not closed. Check that this is the class list, saved as "
            "'CSV UTF-8'."
        ) from exc


def _csv_lines(reader: csv.DictReader) -> list[RosterLine]:
    """The named rows of a roster CSV; raises csv.Error on a file the csv module refuses."""
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    if "name" not in headers:
        raise RosterError("The CSV needs a header row with a 'name' column.")
    lines = []
    for row in reader:
        name = clean_name(row.get(headers["name"]) or "")
        username = (
            (row.get(headers["username"]) or "").strip().lower() if "username" in headers else ""
        )
        if name:
            lines.append(RosterLine(reader.line_num, name, username or None))
    return lines


def check_lines(lines: list[RosterLine], limit: int) -> None:
    """Refuse an empty or oversized roster, over-long names and malformed usernames."""
    if not lines:
        raise RosterError("The roster is empty: give at least one name.")
    if len(lines) > limit:
        raise RosterError(f"The roster has {len(lines)} names; the most at once is {limit}.")
    for entry in lines:
        if len(entry.name) > NAME_MAX:
            raise RosterError(f"Line {entry.line}: the name is longer than {NAME_MAX} characters.")
        if entry.username is not None and not USERNAME_RE.match(entry.username):
            raise RosterError(
                f"Line {entry.line}: '{entry.username}' is not a valid username "
                "(3-32 characters: lower-case letters, digits, dot, dash or underscore)."
            )


def username_base(name: str) -> str:
    """A username stem from a name: 'María José Núñez' -> 'maria.nunez'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    if not words:
        return "student"
    stem = words[0] if len(words) == 1 else f"{words[0]}.{words[-1]}"
    stem = stem[: USERNAME_MAX - 4]
    return stem if len(stem) >= 3 else f"{stem}.stu"


def unique_username(stem: str, taken: set[str]) -> str:
    """The stem, or the stem with the smallest number suffix that is not taken."""
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"
