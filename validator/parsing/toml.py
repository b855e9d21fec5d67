"""TOML to :class:`Node` trees: values from ``tomllib``, positions from a small scanner.

``tomllib`` (``tomli`` before 3.11) decides what the document *means* and whether it is
valid, so no TOML rule is re-implemented here. It reports no positions, so a second pass
walks the (by then known-valid) text and records where each key path's value sits: table
headers (``[a."b.c"]``), arrays of tables (``[[x]]``, counted so ``[[x]]`` number two is
``x[1]``), dotted keys, inline tables, arrays, and all four string forms — multi-line
strings are skipped as a unit so a ``[`` or ``=`` inside one never looks like structure.

The scanner only ever adds positions. If it meets something it does not understand it
stops, and every value it did not reach takes the span of its nearest located ancestor
(in the worst case the whole document), so a surprise costs precision, never a crash.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys

from validator.lazyre import lazy
from validator.parsing.tree import LineIndex, Node, ParseError

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

_BREAKS = lazy(r"\r?\n")   # compiled for a text with a \r (:class:`LineIndex`)
_WS = lazy(r"[ \t]*")
_BLANK = lazy(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = lazy(r"[A-Za-z0-9_-]+")
_BASIC = lazy(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = lazy(r"'[^'\n]*'")
_ML_BASIC_STOP = lazy(r'\\.|"""', re.DOTALL)
_DATETIME = lazy(
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
    r"|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
)
_BARE_VALUE = lazy(r"[^\s,\]\}#]+")
_ERROR_AT = lazy(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_ERROR_AT_END = lazy(r"\s*\(at end of document\)\s*$")

Path = tuple[str | int, ...]
# line, column, end_line, end_column, raw, key_line, key_column
Span = tuple[int, int, int, int, "str | None", int, int]


class _Stop(Exception):
    """The scanner met text it does not understand: keep what was found so far."""


class _Scanner:
    def __init__(self, text: str, lines: LineIndex) -> None:
        self.text = text
        self.i = 0
        self.lines = lines
        self.spans: dict[Path, Span] = {}
        self.aot_counts: dict[Path, int] = {}

    # ------------------------------------------------------------------ helpers

    def span(self, start: int, end: int, raw: str | None, key_at: int | None) -> Span:
        line, column = self.lines.position(start)
        end_line, end_column = self.lines.position(end)
        key_line, key_column = self.lines.position(key_at) if key_at is not None else (0, 0)
        return (line, column, end_line, end_column, raw, key_line, key_column)

    def ws(self) -> None:
        self.i = _WS.match(self.text, self.i).end()

    def blank(self) -> None:
        self.i = _BLANK.match(self.text, self.i).end()

    def expect(self, token: str) -> None:
        if not self.text.startswith(token, self.i):
            raise _Stop
        self.i += len(token)

    # ------------------------------------------------------------------ document

    def run(self) -> None:
        text = self.text
        table: Path = ()
        while True:
            self.blank()
            if self.i >= len(text):
                return
            if text[self.i] == "[":
                table = self.header()
            else:
                self.keyval(table)

    def header(self) -> Path:
        start = self.i
        is_array = self.text.startswith("[[", start)
        self.i += 2 if is_array else 1
        parts = self.key()
        self.ws()
        self.expect("]]" if is_array else "]")
        end = self.i
        path: Path = ()
        for index, (name, key_at, key_end) in enumerate(parts):
            path += (name,)
            last = index == len(parts) - 1
            if last and is_array:
                count = self.aot_counts.get(path, 0)
                self.aot_counts[path] = count + 1
                self.spans.setdefault(path, self.span(start, end, None, key_at))
                path += (count,)
                self.spans[path] = self.span(start, end, None, None)
            elif path in self.aot_counts:
                path += (self.aot_counts[path] - 1,)
            elif last:
                self.spans[path] = self.span(start, end, None, key_at)
            else:
                self.spans.setdefault(path, self.span(key_at, key_end, None, key_at))
        return path

    def keyval(self, table: Path) -> None:
        parts = self.key()
        self.ws()
        self.expect("=")
        self.ws()
        path = table
        for name, key_at, key_end in parts[:-1]:
            path += (name,)
            self.spans.setdefault(path, self.span(key_at, key_end, None, key_at))
        name, key_at, _ = parts[-1]
        self.value(path + (name,), key_at)

    def key(self) -> list[tuple[str, int, int]]:
        """A dotted key: each part's name, start offset and end offset."""
        text = self.text
        parts: list[tuple[str, int, int]] = []
        while True:
            self.ws()
            start = self.i
            char = text[start : start + 1]
            if char == '"':
                match = _BASIC.match(text, start)
            elif char == "'":
                match = _LITERAL.match(text, start)
            else:
                match = _BARE_KEY.match(text, start)
            if match is None:
                raise _Stop
            raw = match.group()
            self.i = match.end()
            parts.append((_key_name(raw), start, self.i))
            self.ws()
            if text.startswith(".", self.i):
                self.i += 1
                continue
            return parts

    # ------------------------------------------------------------------ values

    def value(self, path: Path, key_at: int | None) -> None:
        text, start = self.text, self.i
        char = text[start : start + 1]
        if char == "[":
            self.array(path)
            self.spans[path] = self.span(start, self.i, None, key_at)
            return
        if char == "{":
            self.inline_table(path)
            self.spans[path] = self.span(start, self.i, None, key_at)
            return
        if text.startswith('"""', start) or text.startswith("'''", start):
            end = self.multiline_end(start)
        elif char == '"' or char == "'":
            match = (_BASIC if char == '"' else _LITERAL).match(text, start)
            if match is None:
                raise _Stop
            end = match.end()
        else:
            match = _DATETIME.match(text, start) or _BARE_VALUE.match(text, start)
            if match is None:
                raise _Stop
            end = match.end()
        self.i = end
        self.spans[path] = self.span(start, end, text[start:end], key_at)

    def multiline_end(self, start: int) -> int:
        text = self.text
        quote = text[start]
        position = start + 3
        while True:
            if quote == '"':
                match = _ML_BASIC_STOP.search(text, position)
                if match is None:
                    raise _Stop
                if match.group() != '"""':
                    position = match.end()
                    continue
                close = match.start()
            else:
                close = text.find("'''", position)
                if close < 0:
                    raise _Stop
            run = close
            while run < len(text) and text[run] == quote and run - close < 5:
                run += 1
            return run

    def array(self, path: Path) -> None:
        text = self.text
        self.i += 1
        index = 0
        while True:
            self.blank()
            if text.startswith("]", self.i):
                self.i += 1
                return
            self.value(path + (index,), None)
            index += 1
            self.blank()
            if text.startswith(",", self.i):
                self.i += 1
            elif not text.startswith("]", self.i):
                raise _Stop

    def inline_table(self, path: Path) -> None:
        text = self.text
        self.i += 1
        while True:
            self.blank()
            if text.startswith("}", self.i):
                self.i += 1
                return
            self.keyval(path)
            self.blank()
            if text.startswith(",", self.i):
                self.i += 1
            elif not text.startswith("}", self.i):
                raise _Stop


def _key_name(raw: str) -> str:
    if raw.startswith("'"):
        return raw[1:-1]
    if raw.startswith('"'):
        if "\\" not in raw:
            return raw[1:-1]
        return str(_loads(f"k = {raw}")["k"])
    return raw


def _loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib.loads(text)


def _decode_error(error: Exception, lines: LineIndex, text: str) -> ParseError:
    message = str(error)
    match = _ERROR_AT.search(message)
    if match:
        return ParseError(message[: match.start()], int(match.group(1)), int(match.group(2)))
    match = _ERROR_AT_END.search(message)
    line, column = lines.position(len(text))
    if match:
        return ParseError(message[: match.start()], line, column)
    return ParseError(message or "invalid TOML", line, column)


def parse_toml(text: str, *, max_depth: int = 100) -> Node:
    """A TOML document as a Node tree (the root is the top-level table).

    Dates and times become their ISO 8601 text. Raises :class:`ParseError` with the
    position ``tomllib`` reports, or for nesting deeper than ``max_depth``.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = LineIndex(text, _BREAKS, "\r")
    try:
        data = _loads(text)
    except RecursionError:
        raise ParseError("nesting too deep", 1, 1) from None
    except Exception as error:  # TOMLDecodeError, and ValueError for integers beyond Python's digit limit
        if type(error).__name__ == "TOMLDecodeError":
            raise _decode_error(error, lines, text) from None
        raise ParseError(f"invalid TOML ({type(error).__name__})", 1, 1) from None
    scanner = _Scanner(text, lines)
    try:
        scanner.run()
    except (_Stop, RecursionError, ValueError, IndexError):
        pass  # positions found so far are kept; the rest fall back to their ancestors
    end_line, end_column = lines.position(len(text))
    root: Span = (1, 1, end_line, end_column, None, 0, 0)
    return _build(data, (), root, scanner.spans, max_depth)


def _build(value: Any, path: Path, inherited: Span, spans: dict[Path, Span], max_depth: int) -> Node:
    span = spans.get(path)
    if span is None:
        span = (*inherited[:4], None, 0, 0)
    if len(path) > max_depth:
        raise ParseError(f"nesting deeper than {max_depth} levels", span[0], span[1])
    line, column, end_line, end_column, raw, key_line, key_column = span
    built: Any
    if isinstance(value, dict):
        built = {str(key): _build(child, path + (key,), span, spans, max_depth) for key, child in value.items()}
        raw = None
    elif isinstance(value, list):
        built = [_build(child, path + (index,), span, spans, max_depth) for index, child in enumerate(value)]
        raw = None
    elif isinstance(value, (_dt.date, _dt.time)):  # datetime is a date
        built = value.isoformat()
    else:
        built = value
    return Node(built, line, column, end_line, end_column, raw, key_line, key_column)
