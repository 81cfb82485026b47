"""The accounts blueprint: sign-up, log-in, log-out, passwords and joining a class."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
