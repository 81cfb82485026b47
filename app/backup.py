"""Consistent SQLite backups through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def backup_sqlite(source: str, destination: str) -> int:
    """Copy a live SQLite database page by page; returns the number of pages written.

    The backup API copies a single consistent snapshot even while other connections write,
    so the app need not stop. The destination is written to a temporary name first, so a
    failed backup never leaves a half-written file under the final name.
    """
    target = Path(destination)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(source, timeout=30)) as src,
        closing(sqlite3.connect(partial)) as dst,
    ):
        src.backup(dst)
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
    partial.replace(target)
    return pages
