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

import os

from validator.model import Binding, Location, Severity, Target
from validator.record import field, record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Protocol
else:
    Protocol = object   # the base only type checkers read: Reader is a structural type


@record
class Document:
    """One file's text, read once.

    ``path`` is absolute, a ``str`` (the checks build no ``Path``: docs/architecture.md; a
    reader that needs one makes it); ``display`` is how locations name it. ``committed`` says
    whether the file is meant to be committed (tracked by git, or not ignored); ``None`` when
    unknown.
    """

    path: str
    display: str
    text: str
    committed: bool | None = None

    @property
    def name(self) -> str:
        """The file's name: ``Path(path).name``."""
        return os.path.basename(self.path)

    @property
    def suffix(self) -> str:
        """The file's extension, dot included: ``Path(path).suffix``."""
        return suffix_of(self.name)

    def loc(self, line: int, column: int = 0, end_line: int = 0, end_column: int = 0) -> Location:
        return Location(self.display, line, column, end_line, end_column)

    def loc_at(self, offset: int, length: int = 0) -> Location:
        """Location of a character span given by offsets into ``text``."""
        return span(self.display, self.text, offset, offset + length)


# The line starts of the last text ``span`` was asked about. Readers place every value of a
# file (a 2 MiB ``.env`` has ~300,000 of them); counting newlines from the top each time made
# that quadratic (minutes). One entry is enough: a reader works on one document at a time.
_LINE_STARTS: list = [None, [0]]


def _line_starts(text: str) -> list[int]:
    if _LINE_STARTS[0] is not text:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        _LINE_STARTS[0], _LINE_STARTS[1] = text, starts
    return _LINE_STARTS[1]


def span(path: str, text: str, start: int, end: int) -> Location:
    """Turn character offsets into a 1-based line/column span (``\n`` ends a line), in O(log lines)."""
    from bisect import bisect_right

    starts = _line_starts(text)
    line = bisect_right(starts, start)
    end_line = bisect_right(starts, end)
    return Location(path, line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1)


@record
class Problem:
    """A problem with the input itself; becomes a finding of rule ``rule`` (``parse-error``…).

    ``severity`` overrides the rule's when msv is less sure than usual: a C-family file its
    lexer cannot read to the end is an *info* ``parse-error`` (the compiler may disagree)."""

    rule: str
    message: str
    loc: Location
    severity: Severity | None = None


@record
class EnvBlock:
    """Variable definitions read together: a ``.env`` file, a shell script, a compose service,
    an Actions job or step, the process environment.

    Environment-style readers return blocks instead of targets because deciding *which client*
    reads a set of variables needs the catalogue (``Client.base_vars``/``key_vars``), which
    readers do not see; :mod:`validator.sources.envgroup` turns each block into targets.

    ``bindings`` are in file order; a later binding of the same name wins (``override_via`` says
    why, e.g. "step env wins over job env"). ``hints`` are client ids the context points at
    (a launcher script that runs ``claude``). ``closed`` marks an environment nothing else
    leaks into (a container, a CI job): only its own values and references apply.
    ``includes`` lists display paths of files layered *under* this block (compose
    ``env_file:``), resolved by :func:`validator.sources.collect` once every file is read.
    """

    label: str | None
    origin: Location
    bindings: list[Binding] = field(default_factory=list)
    hints: tuple[str, ...] = ()
    closed: bool = False
    override_via: str | None = None
    includes: tuple[str, ...] = ()


@record
class ReadResult:
    targets: list[Target] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blocks: list[EnvBlock] = field(default_factory=list)   # turned into targets by envgroup

    def extend(self, other: "ReadResult") -> None:
        self.targets.extend(other.targets)
        self.bindings.extend(other.bindings)
        self.problems.extend(other.problems)
        self.blocks.extend(other.blocks)


class Reader(Protocol):
    """One file format. Registered in :data:`validator.sources.registry.READERS`."""

    name: str                       # e.g. "dotenv", "claude-code-settings"

    def matches(self, path: Path) -> bool:
        """By name only (no I/O): is this a file of my format?

        A reader that looks at nothing but the file name also has ``matches_name(name: str)``
        (and ``matches`` calls it): the walk then decides on the name it already holds,
        without building a ``Path`` per file (``walk.Dispatch``)."""

    def relevant(self, text: str) -> bool:
        """Cheap content test before any parsing: can this file matter to Model Studio?"""

    def read(self, doc: Document) -> ReadResult:
        """Parse and extract. Never raises for bad input."""


def suffix_of(name: str) -> str:
    """``PurePath(name).suffix`` of a bare file name, without building the path."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def parse(doc: Document, fmt: str, what: str) -> tuple[Any, Problem | None]:
    """Parse ``doc`` as ``json`` / ``jsonc`` / ``yaml`` / ``toml``; a ParseError becomes a Problem.

    Every reader of a structured format starts here, so a malformed file is reported the same
    way everywhere (``parse-error`` with the parser's line and column) and never raises.
    """
    from validator import parsing  # only the parser asked for is imported
    from validator.parsing import ParseError

    try:
        if fmt == "json":
            return parsing.parse_json(doc.text, jsonc=False), None
        if fmt == "jsonc":
            return parsing.parse_json(doc.text, jsonc=True), None
        if fmt == "yaml":
            return parsing.parse_yaml(doc.text), None
        return parsing.parse_toml(doc.text), None
    except ParseError as exc:
        return None, Problem("parse-error", f"{what}: {exc.message}; this file was not checked",
                             doc.loc(exc.line, exc.column))
    except (RecursionError, MemoryError, ValueError) as exc:   # parsers promise ParseError; belt and braces
        return None, Problem("parse-error", f"{what}: cannot parse ({type(exc).__name__}); this file was not checked",
                             doc.loc(0))
