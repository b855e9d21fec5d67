"""JSON (RFC 8259) and JSONC to :class:`Node` trees, with positions.

Hand-written because neither ``json`` nor any allowed library reports where a value sits,
and JSONC (``//`` and ``/* */`` comments, trailing commas: VS Code, OpenCode, Crush,
Qwen Code settings) is not JSON at all for ``json.loads``. Tokens are matched with
regular expressions and strings with escapes decoded by ``json``'s own C string scanner, which keeps a 1 MB file
well under a second and escape handling exactly standard. Recursion is bounded by
``max_depth``, so a hostile ``[[[[...`` file is a :class:`ParseError`, not a crash.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.parsing.tree import LineIndex, Node, ParseError

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

_BREAKS = lazy(r"\r\n|[\r\n]")   # compiled for a text with a \r (:class:`LineIndex`)
_WS = lazy(r"[ \t\n\r]*")
_WS_COMMENTS = lazy(r"(?:[ \t\n\r]+|//[^\n\r]*|/\*.*?\*/)*", re.DOTALL)
_STRING = lazy(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = lazy(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}

_scanstring: Any = None   # json's C scanner, loaded for the first string with an escape


def _decoded(raw: str) -> str:
    """The value of string token ``raw`` (quotes included), as ``json.loads(raw)`` gives it.

    A token without a backslash is its own value (``_STRING`` admits no control character and
    no bare quote there), so json's scanner (the ``_json`` extension, ~0.5 ms to load; the json
    package's Python one where it is missing) is loaded only for a string with an escape.
    """
    if "\\" not in raw:
        return raw[1:-1]
    global _scanstring
    if _scanstring is None:
        try:   # json's C scanner without the json package's import (~1.5 ms of a pre-commit run)
            from _json import scanstring as _scanstring
        except ImportError:  # pragma: no cover - an interpreter without json's C accelerator
            from json.decoder import scanstring as _scanstring
    return _scanstring(raw, 1)[0]


class _Parser:
    __slots__ = ("text", "pos", "jsonc", "max_depth", "lines", "skip")

    def __init__(self, text: str, jsonc: bool, max_depth: int) -> None:
        self.text = text
        self.pos = 0
        self.jsonc = jsonc
        self.max_depth = max_depth
        self.lines = LineIndex(text, _BREAKS, "\r")
        self.skip = (_WS_COMMENTS if jsonc else _WS).match

    # ------------------------------------------------------------------ helpers

    def error(self, message: str, offset: int | None = None) -> ParseError:
        line, column = self.lines.position(self.pos if offset is None else offset)
        return ParseError(message, line, column)

    def unexpected(self, expected: str) -> ParseError:
        if self.pos >= len(self.text):
            return self.error(f"unexpected end of input, expected {expected}")
        char = self.text[self.pos]
        if self.jsonc and self.text.startswith("/*", self.pos):
            return self.error("unterminated /* comment")
        if char == "/" and not self.jsonc:
            return self.error("comments are not allowed in JSON")
        shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        return self.error(f"unexpected character {shown}, expected {expected}")

    def ws(self) -> None:
        self.pos = self.skip(self.text, self.pos).end()

    def node(self, value: Any, start: int, raw: str | None) -> Node:
        line, column = self.lines.position(start)
        end_line, end_column = self.lines.position(self.pos)
        return Node(value, line, column, end_line, end_column, raw)

    # ------------------------------------------------------------------ grammar

    def document(self) -> Node:
        self.ws()
        root = self.value(0)
        self.ws()
        if self.pos < len(self.text):
            raise self.unexpected("end of input")
        return root

    def value(self, depth: int) -> Node:
        text, start = self.text, self.pos
        char = text[start] if start < len(text) else ""
        if char == '"':
            raw = self.string()
            return self.node(_decoded(raw), start, raw)
        if char == "{":
            return self.container(depth, is_object=True)
        if char == "[":
            return self.container(depth, is_object=False)
        match = _NUMBER.match(text, start)
        if match:
            raw = match.group()
            self.pos = match.end()
            number: int | float
            if raw.isdigit() or (raw[0] == "-" and raw[1:].isdigit()):
                if len(raw) > 4000:
                    raise self.error("integer too large", start)
                number = int(raw)
            else:
                number = float(raw)
            return self.node(number, start, raw)
        for word, literal in _LITERALS.items():
            if text.startswith(word, start):
                self.pos = start + len(word)
                return self.node(literal, start, word)
        raise self.unexpected("a value")

    def string(self) -> str:
        match = _STRING.match(self.text, self.pos)
        if match is None:
            raise self.string_error()
        self.pos = match.end()
        return match.group()

    def string_error(self) -> ParseError:
        """Find the exact character that makes the string at ``pos`` invalid."""
        text, start = self.text, self.pos
        index = start + 1
        while index < len(text):
            char = text[index]
            if char == '"':
                break
            if char < " ":
                return self.error(f"invalid control character U+{ord(char):04X} in string", index)
            if char == "\\":
                escape = text[index + 1 : index + 2]
                if escape == "u":
                    digits = text[index + 2 : index + 6]
                    if len(digits) < 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                        return self.error("invalid \\u escape in string", index)
                    index += 6
                    continue
                if escape == "" or escape not in '"\\/bfnrt':
                    return self.error("invalid escape in string", index)
                index += 2
                continue
            index += 1
        return self.error("unterminated string", start)

    def container(self, depth: int, *, is_object: bool) -> Node:
        if depth >= self.max_depth:
            raise self.error(f"nesting deeper than {self.max_depth} levels")
        start = self.pos
        close = "}" if is_object else "]"
        entries: dict[str, Node] = {}
        items: list[Node] = []
        self.pos += 1
        self.ws()
        text = self.text
        first = True
        while True:
            if self.pos < len(text) and text[self.pos] == close:
                self.pos += 1
                break
            if not first:
                if self.pos >= len(text) or text[self.pos] != ",":
                    raise self.unexpected(f"',' or '{close}'")
                comma = self.pos
                self.pos += 1
                self.ws()
                if self.pos < len(text) and text[self.pos] == close:
                    if not self.jsonc:
                        raise self.error("trailing comma is not allowed in JSON", comma)
                    self.pos += 1
                    break
            first = False
            if is_object:
                key_start = self.pos
                if key_start >= len(text) or text[key_start] != '"':
                    raise self.unexpected("a string key" if entries else f"a string key or '{close}'")
                key = _decoded(self.string())
                self.ws()
                if self.pos >= len(text) or text[self.pos] != ":":
                    raise self.unexpected("':'")
                self.pos += 1
                self.ws()
                child = self.value(depth + 1)
                child.key_line, child.key_column = self.lines.position(key_start)
                entries[key] = child  # a repeated key: last value wins, like json.loads
            else:
                items.append(self.value(depth + 1))
            self.ws()
        return self.node(entries if is_object else items, start, None)


def parse_json(text: str, *, jsonc: bool = True, max_depth: int = 200) -> Node:
    """One JSON value as a Node tree. ``jsonc`` allows comments and trailing commas.

    A leading byte-order mark is ignored (positions are counted after it). Raises
    :class:`ParseError` with the line and column of the offending character.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    parser = _Parser(text, jsonc, max_depth)
    try:
        return parser.document()
    except ParseError:
        raise
    except RecursionError:
        raise parser.error(f"nesting deeper than the interpreter allows (max_depth={max_depth})") from None
    except (ValueError, IndexError, MemoryError) as error:  # defensive: the grammar above should catch all
        raise parser.error(f"invalid JSON ({type(error).__name__})") from None
