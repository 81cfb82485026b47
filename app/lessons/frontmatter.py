"""From raw file contents to front matter data, a line for every field path, and the body.

Every failure becomes a located message (line, field, message); nothing here raises on bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Located = tuple[int | None, str, str]

_YAML_HINTS = {
    "mapping values are not allowed here": (
        "often a colon followed by a space inside unquoted text; "
        "put the text in quotes or start it with >- on its own line"
    ),
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "could not find expected ':'": "a line may be missing its 'field:' or a quote is not closed",
    "found unexpected end of stream": "a quotation mark may not be closed",
    "expected <block end>": (
        "often a quotation mark that is not closed, or a line indented differently from the "
        "lines around it"
    ),
}


@dataclass
class LineMap:
    """File line of each field path, e.g. 'quiz[3].options[1].feedback' -> 120."""

    lines: dict[str, int] = field(default_factory=dict)
    root: int | None = None

    def line_of(self, path: str) -> int | None:
        """Line of `path`, or of its nearest ancestor that exists in the file."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.root


@dataclass
class SplitFile:
    """A lesson file cut into front matter and body, with the file line each starts on."""

    front: str
    body: str
    front_line: int
    body_line: int


def decode(raw: str | bytes) -> tuple[str | None, Located | None]:
    """UTF-8 text with a leading BOM removed and line endings made '\\n'."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            byte = raw[error.start]
            return None, (
                line,
                "",
                f"the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8",
            )
    return raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), None


def split(text: str) -> tuple[SplitFile | None, Located | None]:
    """Find the front matter between the first two '---' lines."""
    if not text.strip():
        return None, (1, "", "the file is empty")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        message = "the file must start with a '---' line, then the YAML front matter, then '---'"
        return None, (1, "", message)
    for number in range(1, len(lines)):
        if lines[number].rstrip() == "---":
            front = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1 :])
            return SplitFile(front, body, front_line=2, body_line=number + 2), None
    return None, (1, "", "the front matter has no closing '---' line")


def _yaml_problem(error: yaml.YAMLError, front: str, first_line: int) -> Located:
    if isinstance(error, yaml.reader.ReaderError):
        line = front[: error.position].count("\n") + first_line
        char = error.character
        code = ord(char) if isinstance(char, str) else char
        return line, "", f"contains a character not allowed in a lesson file (U+{code:04X})"
    mark = getattr(error, "problem_mark", None)
    line = mark.line + first_line if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    hint = next((hint for start, hint in _YAML_HINTS.items() if problem.startswith(start)), None)
    message = f"the front matter is not valid YAML: {problem}" + (f" ({hint})" if hint else "")
    return line, "", message


class _Walker:
    """Records each path's line; refuses aliases (a few of them can expand to gigabytes)."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.map = LineMap()
        self.problems: list[Located] = []
        self.seen: set[int] = set()

    def walk(self, node: yaml.Node, path: str) -> None:
        """Record lines below `node`, whose field path is `path`."""
        if id(node) in self.seen:
            # An alias shares the anchored node, whose mark is the anchor's line: use the key's.
            line = self.map.lines.get(path, node.start_mark.line + self.first_line)
            self.problems.append(
                (line, path, "anchors and aliases (&name, *name) are not supported")
            )
            return
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self._mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value, start=1):
                item_path = f"{path}[{number}]"
                self.map.lines.setdefault(item_path, item.start_mark.line + self.first_line)
                self.walk(item, item_path)

    def _mapping(self, node: yaml.MappingNode, path: str) -> None:
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + self.first_line
            if key in keys:
                message = f"field '{key}' appears twice here; only one can count"
                self.problems.append((line, child, message))
            keys.add(key)
            self.map.lines.setdefault(child, line)
            self.walk(value_node, child)


def parse(front: str, first_line: int) -> tuple[Any, LineMap, list[Located]]:
    """YAML data, the line map and any problems; data is None when the YAML is unusable."""
    loader = None
    try:
        # The constructor already scans for unprintable characters, so it belongs in the try.
        loader = yaml.SafeLoader(front)
        node = loader.get_single_node()
        if node is None:
            return None, LineMap(root=first_line), [(first_line, "", "the front matter is empty")]
        walker = _Walker(first_line)
        walker.map.root = node.start_mark.line + first_line
        walker.walk(node, "")
        if any("aliases" in message for _, _, message in walker.problems):
            return None, walker.map, walker.problems
        return loader.construct_document(node), walker.map, walker.problems
    except yaml.YAMLError as error:
        return None, LineMap(root=first_line), [_yaml_problem(error, front, first_line)]
    except RecursionError:
        return (
            None,
            LineMap(root=first_line),
            [(first_line, "", "the front matter is nested too deeply")],
        )
    finally:
        if loader is not None:
            loader.dispose()
