"""Environments JS/TS code builds for a coding agent or an SDK (part of :mod:`.jslex`).

The JS counterpart of :mod:`.pyconfigs`' environment half: ``process.env.ANTHROPIC_BASE_URL =
"…"`` (bindings the linker sees, and one ``process.env`` block), object literals of
``ANTHROPIC_*`` / ``OPENAI_*`` / ``DASHSCOPE_*`` keys (``spawn("claude", args, { env: {
...process.env, ANTHROPIC_AUTH_TOKEN: key } })``), each an :class:`EnvBlock` for
:mod:`.envgroup`; the command a ``spawn`` / ``exec`` / ``execa`` call starts is the launcher hint.
"""

from __future__ import annotations

from validator.model import Binding, Location

from . import valuekit as vk
from .base import EnvBlock, ReadResult
from .markers import ENV_NAME

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from .jslex import _Reader

SPAWN = frozenset({"spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "execa", "execaSync",
                   "fork"})


def _binding(r: "_Reader", name: str, start: int, end: int) -> Binding | None:
    return vk.env_binding(name, r.value(start, end))


def _statement_end(r: "_Reader", start: int) -> int:
    """``_expr_end``, but a line break before a new statement ends it too (no semicolons)."""
    end = r._expr_end(start)
    toks, text = r.toks, r.doc.text
    for j in range(start + 1, end):
        if "\n" in text[toks[j - 1].end:toks[j].start] and toks[j].kind in ("id", "str") \
                and toks[j - 1].kind != "punct":
            return j
    return end


def _words(r: "_Reader") -> tuple[str, ...]:
    toks = r.toks
    out: list[str] = []
    for i, tok in enumerate(toks):
        if tok.kind == "id" and tok.text in SPAWN and r.is_(i + 1, "(") and i + 2 < len(toks):
            first = toks[i + 2]
            if first.kind == "str" and isinstance(first.value, str) and first.value.strip():
                word = first.value.strip().split()[0].rsplit("/", 1)[-1]
                if word and word not in out:
                    out.append(word)
    return tuple(out)


def _env_objects(r: "_Reader") -> list[int]:
    """Openers of the object literals with an ``ANTHROPIC_*``-style key, in one pass (a file of
    50,000 nested objects must not cost 50,000 scans)."""
    toks = r.toks
    stack: list[int] = []
    out: list[int] = []
    for i, tok in enumerate(toks):
        if tok.kind == "punct":
            if tok.text in "([{":
                stack.append(i)
            elif tok.text in ")]}" and stack:
                stack.pop()
        elif tok.kind in ("id", "str") and stack and toks[stack[-1]].text == "{" and r.is_(i + 1, ":") \
                and ENV_NAME.match(str(tok.value if tok.kind == "str" else tok.text)) \
                and (not out or out[-1] != stack[-1]):
            out.append(stack[-1])
    return sorted(set(out))


def add_env(r: "_Reader", result: ReadResult) -> None:
    toks = r.toks
    words = _words(r)
    written: list[Binding] = []
    for i, tok in enumerate(toks):
        if tok.kind == "id" and tok.text == "process" and r.is_(i + 1, ".") and r.is_(i + 2, "env") \
                and not r.is_(i - 1, "."):
            if r.is_(i + 3, ".") and i + 4 < len(toks) and toks[i + 4].kind == "id":
                name, at = toks[i + 4].text, i + 5
            elif r.is_(i + 3, "[") and i + 4 < len(toks) and toks[i + 4].kind == "str" and r.is_(i + 5, "]"):
                name, at = str(toks[i + 4].value), i + 6
            else:
                continue
            if r.is_(at, "=") and ENV_NAME.match(name):
                b = _binding(r, name, at + 1, _statement_end(r, at + 1))
                if b is not None:
                    written.append(b)
    for i in _env_objects(r):
        props, _spread = r.props(i)
        named = [p for p in props.values() if ENV_NAME.match(p.name)]
        if not named:
            continue
        bindings = [b for p in named for b in [_binding(r, p.name, p.start, p.end)] if b is not None]
        if not vk.configures(bindings):
            continue
        inherits = any(r.is_(j, "...") and r.is_(j + 1, "process") and r.is_(j + 3, "env")
                       for j in range(i + 1, min(r.match.get(i, i), i + 400)))
        loc = r.loc(i, i + 1)
        spawned = r.is_(i - 2, "env") and r.is_(i - 1, ":")
        result.blocks.append(EnvBlock(f"env object (line {loc.line})", Location(r.doc.display, loc.line,
                                                                               loc.column),
                                      bindings, hints=words, closed=spawned and not inherits))
    if written and vk.configures(written):
        first = min(written, key=lambda b: (b.loc.line, b.loc.column))
        result.blocks.append(EnvBlock("process.env", Location(r.doc.display, first.loc.line, 1), written,
                                      hints=words))
        result.bindings.extend(written)
