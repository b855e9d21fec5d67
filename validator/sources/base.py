"""The contract between the file walk and the readers.

A reader knows one file format and its client's conventions, nothing about rules. It gets a
:class:`Document` (text already read and decoded, size-checked) and returns a
:class:`ReadResult`: the targets it saw, the environment variable definitions (bindings) it
saw, and problems (parse errors) with file and line. Readers never raise for bad input: a
malformed file is a ``parse-error`` problem and the walk goes on.

Variable references are left unresolved by readers (``Value(value=None, origin=VARIABLE,
variable="X")``); :mod:`validator.sources.link` resolves them across the tree afterwards,
following the client's precedence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from validator.model import Binding, Location, Target


@dataclass(slots=True)
class Document:
    """One file's text, read once.

    ``path`` is absolute; ``display`` is how locations name it. ``committed`` says whether the
    file is meant to be committed (tracked by git, or not ignored); ``None`` when unknown.
    """

    path: Path
    display: str
    text: str
    committed: bool | None = None

    def loc(self, line: int, column: int = 0, end_line: int = 0, end_column: int = 0) -> Location:
        return Location(self.display, line, column, end_line, end_column)

    def loc_at(self, offset: int, length: int = 0) -> Location:
        """Location of a character span given by offsets into ``text``."""
        return span(self.display, self.text, offset, offset + length)


def span(path: str, text: str, start: int, end: int) -> Location:
    """Turn character offsets into a 1-based line/column span."""
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = line + text.count("\n", start, end)
    end_col = end - (text.rfind("\n", 0, end) + 1) + 1
    return Location(path, line, col, end_line, end_col)


@dataclass(slots=True)
class Problem:
    """A problem with the input itself; becomes a finding of rule ``rule`` (``parse-error``…)."""

    rule: str
    message: str
    loc: Location


@dataclass(slots=True)
class ReadResult:
    targets: list[Target] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: "ReadResult") -> None:
        self.targets.extend(other.targets)
        self.bindings.extend(other.bindings)
        self.problems.extend(other.problems)


class Reader(Protocol):
    """One file format. Registered in :data:`validator.sources.registry.READERS`."""

    name: str                       # e.g. "dotenv", "claude-code-settings"

    def matches(self, path: Path) -> bool:
        """By name only (no I/O): is this a file of my format?"""

    def relevant(self, text: str) -> bool:
        """Cheap content test before any parsing: can this file matter to Model Studio?"""

    def read(self, doc: Document) -> ReadResult:
        """Parse and extract. Never raises for bad input."""
