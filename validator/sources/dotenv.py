"""``.env`` files, read the way python-dotenv reads them, with positions.

The grammar is python-dotenv's (``dotenv/parser.py``), re-implemented so that every value keeps
its file:line:col and its exact text: optional ``export``, quoted or unquoted keys, ``'single'``
(literal, only ``\\'`` and ``\\\\`` escapes) and ``"double"`` quoted values (escapes decoded,
may span lines), unquoted values ending at `` #`` comments with trailing blanks dropped, and
``${VAR}`` / ``${VAR:-default}`` interpolation in unquoted and double-quoted values. A line
python-dotenv cannot parse is skipped by it with a warning; msv reports it as ``parse-error``.

Files: ``.env``, ``.env.*`` (``.env.local``, ``.env.production``…), ``*.env`` and
``.qwen/.env``. Templates (``.env.example``, ``.env.sample``, ``.env.template``…) are read too,
since people copy them, but their bindings get the scope ``template``: no client loads them,
so they never win over a real definition (see :mod:`validator.sources.link`).
"""

from __future__ import annotations

import os
import re

from validator.lazyre import lazy
from validator.model import Binding, Secret
from validator.record import record
from validator.vocab import has_template_word  # one test, shared with rules._common.is_template

from .base import Document, EnvBlock, Problem, ReadResult
from .markers import has_marker, is_key_name, looks_like_key
from .refs import expand, parse_reference

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

# ``.env.<suffix>`` that is code or another format, not a dotenv file.
_NOT_DOTENV = {"py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "json", "jsonc", "yaml", "yml", "toml", "go",
               "rs", "java", "kt", "md", "txt", "sh", "bash", "zsh", "ps1", "bat", "cmd", "fish", "d.ts",
               "swp", "bak", "lock", "gpg", "enc", "age", "vault"}
_NOT_DOTENV_ENDS = tuple(sorted("." + s for s in _NOT_DOTENV))   # built once: the walk asks for every file

_WS = lazy(r"[^\S\r\n]*")
_MULTI_WS = lazy(r"\s*")
_EXPORT = lazy(r"(?:export[^\S\r\n]+)?")
_SQ_KEY = lazy(r"'([^']+)'")
_UQ_KEY = lazy(r"([^=\#\s]+)")
_EQ = lazy(r"=[^\S\r\n]*")
_SQ_VALUE = lazy(r"'((?:\\'|[^'])*)'")
_DQ_VALUE = lazy(r'"((?:\\"|[^"])*)"')
_UQ_VALUE = lazy(r"[^\r\n]*")
_COMMENT = lazy(r"(?:[^\S\r\n]*#[^\r\n]*)?")
_EOL = lazy(r"[^\S\r\n]*(?:\r\n|\n|\r|$)")
_REST = lazy(r"[^\r\n]*(?:\r\n|\n|\r)?")
_DQ_ESCAPES = lazy(r"\\[\\'\"abfnrtv]")
_SQ_ESCAPES = lazy(r"\\[\\']")
_INLINE_COMMENT = lazy(r"\s+#.*")


@record(frozen=True)
class Entry:
    """One ``KEY=value`` statement. Offsets index the file text; ``raw`` is the value as written."""

    name: str
    value: str | None          # decoded; None for a bare ``KEY`` line
    raw: str
    quote: str                 # "", "'" or '"'
    key_start: int
    value_start: int
    value_end: int
    export: bool


class _Fail(Exception):
    pass


def _match(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str]:
    m = pattern.match(text, pos)
    if m is None:
        raise _Fail
    return m


def _decode_dq(s: str) -> str:
    table = {"\\\\": "\\", "\\'": "'", '\\"': '"', "\\a": "\a", "\\b": "\b", "\\f": "\f", "\\n": "\n",
             "\\r": "\r", "\\t": "\t", "\\v": "\v"}
    return _DQ_ESCAPES.sub(lambda m: table[m.group(0)], s)


def parse(text: str) -> tuple[list[Entry], list[tuple[int, str]]]:
    """Entries and errors (offset, message) of a dotenv text, python-dotenv's grammar."""
    entries: list[Entry] = []
    errors: list[tuple[int, str]] = []
    pos, n = 0, len(text)
    while pos < n:
        start = pos
        try:
            pos = _match(_MULTI_WS, text, pos).end()
            if pos >= n:
                break
            if text[pos] == "#":
                pos = _match(_REST, text, pos).end()
                continue
            m = _match(_EXPORT, text, pos)
            export = m.end() > m.start()
            pos = m.end()
            key_start = pos
            if pos < n and text[pos] == "'":
                m = _match(_SQ_KEY, text, pos)
            else:
                m = _match(_UQ_KEY, text, pos)
            name = m.group(1)
            pos = _match(_WS, text, m.end()).end()
            value: str | None = None
            quote = ""
            vstart = vend = pos
            if pos < n and text[pos] == "=":
                pos = _match(_EQ, text, pos).end()
                vstart = pos
                ch = text[pos] if pos < n else ""
                if ch == "'":
                    m = _match(_SQ_VALUE, text, pos)
                    value = _SQ_ESCAPES.sub(lambda x: x.group(0)[-1], m.group(1))
                    quote = "'"
                    pos = vend = m.end()
                elif ch == '"':
                    m = _match(_DQ_VALUE, text, pos)
                    value = _decode_dq(m.group(1))
                    quote = '"'
                    pos = vend = m.end()
                else:
                    m = _match(_UQ_VALUE, text, pos)
                    part = _INLINE_COMMENT.sub("", m.group(0)).rstrip()
                    value = part
                    vend = vstart + len(part)
                    pos = vend
                pos = _match(_COMMENT, text, pos).end()
            pos = _match(_EOL, text, pos).end()
            entries.append(Entry(name, value, text[vstart:vend], quote, key_start, vstart, vend, export))
        except _Fail:
            line_end = _REST.match(text, start).end()
            snippet = text[start:line_end].strip()
            if snippet:
                first = text.find(snippet[:1], start)
                errors.append((first, _explain(snippet)))
            pos = max(line_end, start + 1)
    return entries, errors


def _explain(snippet: str) -> str:
    if re.search(r"=\s*\"", snippet) and snippet.count('"') % 2:
        return "unterminated double quote: python-dotenv skips this line"
    if re.search(r"=\s*'", snippet) and snippet.count("'") % 2:
        return "unterminated single quote: python-dotenv skips this line"
    return "python-dotenv cannot parse this line and skips it"


def is_dotenv_name(path: Path | str) -> bool:
    """By the name alone (a bare name or a path)."""
    name = path if isinstance(path, str) else path.name
    if name == ".env":
        return True
    if name.startswith(".env."):
        suffix = name[5:].lower()
        return bool(suffix) and suffix not in _NOT_DOTENV and not suffix.endswith(_NOT_DOTENV_ENDS)
    if name.endswith(".env") and len(name) > 4:
        return True
    return False


def is_template_name(path: Path | str) -> bool:
    """``.env.example``, ``example.env``, ``.env.sample``…: copied by people, loaded by no client."""
    return has_template_word(os.path.basename(path).lower())


def hints_for(path: Path | str) -> tuple[str, ...]:
    """Client ids a file's place implies: ``.qwen/.env`` is Qwen Code's."""
    parent = os.path.basename(os.path.dirname(path))
    if parent == ".qwen":
        return ("qwen-code",)
    if parent == ".continue":
        return ("continue",)
    return ()


def bindings_from_entries(entries: list[Entry], doc: Document, scope: str) -> list[Binding]:
    """Bindings in file order, with python-dotenv interpolation against earlier values of the file.

    A value that is exactly one reference (``${OTHER}``) records it in ``Binding.reference``
    so the linker can follow it beyond the file (the shell wins over the file for
    interpolation too, as ``load_dotenv(override=False)`` does).
    """
    seen: dict[str, str] = {}
    out: list[Binding] = []
    for e in entries:
        value = e.value
        reference = None
        if value is not None and e.quote != "'":
            ref = parse_reference(value) if "${" in value else None
            if ref is not None and ref.namespace == "env" and ref.syntax.startswith("${VAR"):
                reference = ref.name
            if "${" in value:
                value, _missing = expand(value, seen.get)
                if reference is not None and _missing:
                    value = None   # defined outside this file (or nowhere): the linker follows it
        if value is not None:
            seen[e.name] = value
        secret = is_key_name(e.name) or looks_like_key(value)
        stored: object = Secret(value) if secret and isinstance(value, str) else value
        loc = doc.loc_at(e.value_start, e.value_end - e.value_start)
        out.append(Binding(e.name, stored, loc, scope, e.raw, reference))
    return out


class DotenvReader:
    name = "dotenv"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return is_dotenv_name(name)

    def relevant(self, text: str) -> bool:
        return has_marker(text)

    def read(self, doc: Document) -> ReadResult:
        entries, errors = parse(doc.text)
        result = ReadResult()
        for offset, message in errors:
            loc = doc.loc_at(offset)
            result.problems.append(Problem("parse-error", message, loc))
        scope = "template" if is_template_name(doc.path) else "dotenv"
        bindings = bindings_from_entries(entries, doc, scope)
        result.bindings.extend(bindings)
        if bindings:
            result.blocks.append(EnvBlock(None, doc.loc(bindings[0].loc.line, 1), bindings,
                                          hints=hints_for(doc.path),
                                          override_via="defined again later in the file; the last definition wins"))
        return result


READER = DotenvReader()
