"""The Markdown body: teaching sections, each starting with a '## ' heading."""

from __future__ import annotations

import re

from app.lessons.frontmatter import Located

_FENCE = re.compile(r" {0,3}(```|~~~)")
_SECTION = re.compile(r"##(?!#)(?:\s+(.*?))?\s*#*\s*$")
_TOP_HEADING = re.compile(r"#(?:\s|$)")


class _Sections:
    """Collects sections line by line, ignoring '#' inside fenced code."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.sections: list[tuple[str, list[str]]] = []
        self.problems: list[Located] = []
        self.in_fence = False
        self.stray_reported = False

    def add(self, offset: int, line: str) -> None:
        """Take one body line: a new section, a problem, or content of the current section."""
        line_number = self.first_line + offset
        if _FENCE.match(line):
            self.in_fence = not self.in_fence
        heading = None if self.in_fence else _SECTION.match(line)
        if heading:
            if not heading.group(1):
                self.problems.append((line_number, "body", "a '##' heading has no text"))
            self.sections.append(((heading.group(1) or "").strip(), []))
            return
        if not self.in_fence and _TOP_HEADING.match(line):
            message = (
                "use '## ' for section headings; the lesson title is the page's only '# ' heading"
            )
            self.problems.append((line_number, "body", message))
        if self.sections:
            self.sections[-1][1].append(line)
        elif line.strip() and not self.stray_reported:
            self.stray_reported = True
            message = "text before the first section; start each section with a '## ' heading"
            self.problems.append((line_number, "body", message))


def read_body(body: str, first_line: int) -> tuple[tuple[tuple[str, str], ...], list[Located]]:
    """(heading, Markdown) per section, and problems located by file line."""
    collector = _Sections(first_line)
    for offset, line in enumerate(body.split("\n")):
        collector.add(offset, line)
    if not collector.sections:
        message = "the body has no sections; start each section with a '## ' heading"
        collector.problems.append((first_line, "body", message))
    sections = tuple((heading, "\n".join(lines).strip()) for heading, lines in collector.sections)
    return sections, collector.problems
