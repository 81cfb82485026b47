"""The app as gunicorn serves it in fault tests: test settings, database from the environment.

With FAULT_RATELIMIT_STORAGE_URI set, rate limiting is on and counts in that storage.
"""

from __future__ import annotations

import os

from app import create_app
from tests.conftest import BASE_CONFIG


def _ratelimit() -> dict:
    uri = os.environ.get("FAULT_RATELIMIT_STORAGE_URI", "")
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": uri} if uri else {}


app = create_app(
    {
        **BASE_CONFIG,
        "DATABASE_URL": os.environ["FAULT_DATABASE_URL"],
        "DATABASE_SCHEMA": os.environ.get("FAULT_DATABASE_SCHEMA", ""),
        **_ratelimit(),
    }
)
