"""The layers hold: the pure core imports neither Flask nor SQLAlchemy; views import no views."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"

# The pure core (see docs/ARCHITECTURE.md): add a module here when it joins it.
PURE_MODULES = [
    "app.analytics",
    "app.assignment_rules",
    "app.charts",
    "app.check_in_rules",
    "app.csv_export",
    "app.grading",
    "app.lesson_vocabulary",
    "app.roster",
    "app.score_numbers",
    # Every lesson and question module, including ones added later.
    *sorted(
        "app." + ".".join(path.relative_to(APP).with_suffix("").parts).removesuffix(".__init__")
        for folder in ("lessons", "questions")
        for path in (APP / folder).rglob("*.py")
    ),
]

# app/__init__.py builds the Flask app, so the probe registers a bare `app` package first:
# what is checked is what the module itself pulls in.
PROBE = """
import importlib, sys, types
package = types.ModuleType("app")
package.__path__ = [{app!r}]
sys.modules["app"] = package
importlib.import_module({module!r})
print(sorted(name for name in sys.modules if name.split(".")[0] in ("flask", "sqlalchemy")))
"""


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_neither_flask_nor_sqlalchemy(module):
    probe = PROBE.format(app=str(APP), module=module)
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


def _module_name(path: Path) -> str:
    return "app." + ".".join(path.relative_to(APP).with_suffix("").parts)


def _is_view_module(tree: ast.Module) -> bool:
    """Whether the module defines routes (`@bp.route(...)`)."""
    return any(isinstance(node, ast.Attribute) and node.attr == "route" for node in ast.walk(tree))


def _imported(tree: ast.Module) -> set[str]:
    """Every module an import names, with `from a import b` counted as both a and a.b."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


TREES = {_module_name(path): ast.parse(path.read_text()) for path in APP.rglob("*.py")}
VIEWS = sorted(name for name, tree in TREES.items() if _is_view_module(tree))


@pytest.mark.parametrize("view", VIEWS)
def test_view_module_imports_no_other_view_module(view):
    assert _imported(TREES[view]) & set(VIEWS) == set()


def test_the_view_modules_are_found():
    assert {"app.main", "app.auth.routes", "app.teacher.results"} <= set(VIEWS)
