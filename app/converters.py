"""The `id` URL converter: every number in a URL names a row, so it must fit an id column."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Ids are INTEGER columns: PostgreSQL refuses a larger number in a query ("integer out of
# range") and SQLite cannot even bind one above 2**63 - 1, so a larger number answers 404 here.
ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """1 to ID_MAX in ASCII digits without leading zeros, so each row has exactly one URL."""

    # Ten digits at most: no huge number is ever parsed; to_python checks the exact maximum.
    regex = r"[1-9][0-9]{0,9}"

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=ID_MAX)


def init_app(app: Flask) -> None:
    """Make `<id:name>` available to every blueprint's routes."""
    app.url_map.converters["id"] = IdConverter
