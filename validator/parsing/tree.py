"""The position-keeping tree every format parser produces, and the one error they raise.

Config readers need two things from a file: the values, and *where* each value sits, so a
finding can point at ``file:line:column``. The standard parsers (``json``, ``yaml``,
``tomllib``) give values only, so the parsers in this package build a :class:`Node` tree
instead. A reader walks it with :meth:`Node.get` and turns a node into a
:class:`validator.model.Location` with :meth:`Node.loc`.
"""

from __future__ import annotations

import bisect
import re

from validator.model import Location
from validator.record import record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any


class ParseError(Exception):
    """Malformed input. The only exception a parser in this package lets out.

    ``line`` and ``column`` are 1-based and point at the offending character (``0`` when
    the format gives no position). The message never quotes the input beyond a single
    character or a short name, so a secret in a broken file cannot leak through it.
    """

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message, line, column)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.message} (line {self.line}, column {self.column})"


@record
class Node:
    """A parsed value and the span of its text in the source.

    ``value`` is a plain scalar (``str``, ``int``, ``float``, ``bool``, ``None``), a
    ``dict[str, Node]`` or a ``list[Node]``. The span is 1-based with an exclusive end.
    ``raw`` is the exact source text of a scalar (quotes included), so a reader can tell
    ``"123"`` from ``123`` or quote the text the user wrote. ``key_line``/``key_column``
    give where the key of a mapping entry starts (``0`` for list items and documents).
    """

    value: Any
    line: int
    column: int
    end_line: int
    end_column: int
    raw: str | None = None
    key_line: int = 0
    key_column: int = 0

    def get(self, *path: str | int) -> "Node | None":
        """Walk dict keys and list indexes; ``None`` when a step is absent or of the wrong kind."""
        node: Node | None = self
        for step in path:
            if node is None:
                return None
            value = node.value
            if isinstance(step, str):
                node = value.get(step) if isinstance(value, dict) else None
            elif isinstance(step, int) and not isinstance(step, bool) and isinstance(value, list):
                node = value[step] if -len(value) <= step < len(value) else None
            else:
                return None
        return node

    def plain(self) -> Any:
        """The value as plain Python (dicts, lists, scalars) without positions."""
        value = self.value
        if isinstance(value, dict):
            return {key: child.plain() for key, child in value.items()}
        if isinstance(value, list):
            return [child.plain() for child in value]
        return value

    def loc(self, path: str) -> Location:
        """Where this value sits in the file ``path`` (as displayed)."""
        return Location(path, self.line, self.column, self.end_line, self.end_column)

    def items(self) -> list[tuple[str, "Node"]]:
        """The entries of a mapping, in source order; ``[]`` for anything else."""
        value = self.value
        return list(value.items()) if isinstance(value, dict) else []

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, (dict, list))


class LineIndex:
    """Turns a character offset into a 1-based (line, column), in O(log lines).

    Each format has its own idea of a line break (YAML also breaks on NEL, LS and PS), so
    the pattern is a parameter, with ``others``: the characters besides ``\n`` it can break
    at. A text holding none of them (most files) breaks at each ``\n`` alone, found with
    ``str.find``, and the pattern is not used (a lazy one is never compiled). Columns count
    code points, like the parsers' own marks.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str, breaks: "re.Pattern[str]", others: str) -> None:
        starts = [0]
        if any(c in text for c in others):
            starts.extend(match.end() for match in breaks.finditer(text))
        else:
            find = text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based (line, column); clamped to the known lines."""
        index = min(max(line - 1, 0), len(self._starts) - 1)
        return self._starts[index] + max(column - 1, 0)
