"""Form pieces shared by several blueprints."""

from __future__ import annotations

import unicodedata

from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

PASSWORD_MIN = 8
PASSWORD_MAX = 128
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,31}$"
USERNAME_HELP = "3-32 characters: lower-case letters, digits, dot, dash or underscore."


def without_controls(text: str, keep: str = "") -> str:
    """Text without control characters (NUL and the like), except those in `keep`.

    PostgreSQL refuses NUL in text, and no control character belongs in a name or a comment.
    """
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch) != "Cc")


def lower_strip(value: str | None) -> str | None:
    """Filter: drop control characters, trim and lower-case (usernames, emails, codes)."""
    return without_controls(value).strip().lower() if isinstance(value, str) else value


def strip(value: str | None) -> str | None:
    """Filter: drop control characters and trim surrounding white space (one-line fields)."""
    return without_controls(value).strip() if isinstance(value, str) else value


def clean_multiline(value: str | None) -> str:
    """Filter: drop control characters but keep line breaks and tabs (text areas)."""
    return without_controls(value, keep="\n\t") if isinstance(value, str) else ""


def new_password_field(label: str = "New password") -> PasswordField:
    """A password field with the app's length rule."""
    return PasswordField(
        label,
        validators=[
            DataRequired(message="Choose a password."),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def confirm_field(other: str = "password") -> PasswordField:
    """A repeat-the-password field."""
    return PasswordField(
        "Type it again",
        validators=[
            DataRequired(message="Type the password again."),
            EqualTo(other, message="The two passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def username_validators() -> list:
    """Rules for a student's username."""
    return [
        DataRequired(message="Choose a username."),
        Regexp(USERNAME_PATTERN, message="Use " + USERNAME_HELP[0].lower() + USERNAME_HELP[1:]),
    ]
