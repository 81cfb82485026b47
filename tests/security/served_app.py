"""The app as gunicorn serves it in fault tests: test settings, database from the environment."""

from __future__ import annotations

import os

from app import create_app
from tests.conftest import BASE_CONFIG

app = create_app(
    {
        **BASE_CONFIG,
        "DATABASE_URL": os.environ["FAULT_DATABASE_URL"],
        "DATABASE_SCHEMA": os.environ.get("FAULT_DATABASE_SCHEMA", ""),
    }
)
