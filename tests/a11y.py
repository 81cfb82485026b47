"""axe-core in the browser: any test calls assert_accessible(page) on a page it has open."""

from __future__ import annotations

from importlib import resources

AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations."""
    # Evaluated rather than added as a <script> tag: the CSP forbids inline scripts.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """A readable list of violations for an assertion message."""
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail with a readable list if axe-core finds any violation on the page."""
    violations = axe_violations(page)
    assert not violations, f"axe-core violations on {page.url}:\n{describe(violations)}"
