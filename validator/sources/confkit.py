"""Shared plumbing for the AI-tool config readers (Claude Code, Qwen Code, Codex, LiteLLM…).

Each tool reader parses its file with :mod:`validator.parsing` and walks the position-keeping
:class:`~validator.parsing.Node` tree. What they have in common lives here: turning a scalar
node into a :class:`~validator.model.Value` (literal, or a variable reference in any syntax
of :mod:`validator.sources.refs`), keys wrapped in :class:`~validator.model.Secret` at once,
``route/model`` strings split so the model part has its own span, parse errors as
``parse-error`` problems, and *notes*.

Notes are how a reader tells rules about tool-specific mistakes it saw (an invented key the
tool ignores, a key pasted into ``env_key``…) without deciding anything itself: a typed
:class:`validator.notes.Note` of a kind from the one table :data:`validator.notes.KINDS`; when
it is about one value, that value sits in ``Target.settings`` under ``"kind:detail"`` (no space)
so a rule can point at its location: see :func:`add_note` and :func:`note_value`.
"""

from __future__ import annotations

from validator.model import Location, Origin, Target, Value
from validator.record import replace

from . import valuekit as vk
from .base import Document, Problem, ReadResult, parse  # noqa: F401  (parse: re-exported for the tool readers)
from .refs import parse_reference, reference_value

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Callable

    from validator.parsing import Node


def read_mapping(doc: Document, fmt: str, what: str) -> "tuple[Node | None, ReadResult]":
    """The preamble of every structured-config reader: parse ``doc`` as ``fmt``, and a parse
    error or a top level that is not a mapping becomes the result's one problem (the root is
    then ``None``). Readers start with ``root, result = read_mapping(...)`` and return
    ``result`` when ``root`` is ``None``."""
    result = ReadResult()
    root, problem = parse(doc, fmt, what)
    if problem is not None:
        result.problems.append(problem)
        return None, result
    if root is None or not root.is_mapping:
        result.problems.append(not_a_mapping(doc, root, what))
        return None, result
    return root, result


def not_a_mapping(doc: Document, node: "Node | None", what: str) -> Problem:
    line, column = (node.line, node.column) if node is not None else (0, 0)
    return Problem("parse-error", f"{what}: expected an object at the top level; this file was not checked",
                   doc.loc(line, column))


def text(node: "Node | None") -> str | None:
    """The node's value when it is a string (after strip), else None."""
    if node is None or not isinstance(node.value, str):
        return None
    return node.value


def scalar(doc: Document, node: "Node | None", *, secret: bool = False, defines: str | None = None,
           refs: bool = True, secrets_are_env: bool = False) -> Value | None:
    """A scalar node as a Value: a literal, or a variable reference in any syntax (``${X}``,
    ``$X``, ``{env:X}``, ``os.environ/X``…) left for the linker. ``None`` for absent nodes,
    JSON ``null`` and containers.

    ``defines`` names the variable a literal *defines* (a settings ``env`` entry) so the linker
    can compare it with other definitions. ``secrets_are_env``: ``${{ secrets.X }}`` is read
    from the local environment / ``.env`` (Continue), not from a CI secret store.
    """
    if node is None or node.value is None or isinstance(node.value, (dict, list)):
        return None
    loc = node.loc(doc.display)
    raw = node.raw
    value = node.value
    if isinstance(value, str) and refs:
        ref = parse_reference(value)
        if ref is not None and ref.name:
            if secrets_are_env and ref.namespace == "secrets":
                ref = replace(ref, namespace="env")
            v = reference_value(ref, loc, raw)
            return vk.secret(v) if secret else v
    if secret and isinstance(value, str):
        return vk.secret(Value(value, loc, Origin.LITERAL, defines, raw))
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return Value(value, loc, Origin.LITERAL, defines, raw)
    return Value(value, loc, Origin.LITERAL, defines, raw)


def key_value(doc: Document, node: "Node", key: str) -> Value:
    """The mapping *key* of ``node`` as a Value (for model ids written as keys, ``"qwen-plus": {}``)."""
    if node.key_line <= 0:
        return Value(key, node.loc(doc.display), Origin.LITERAL, None, None)
    raw = _key_raw(doc, node, key)
    return Value(key, Location(doc.display, node.key_line, node.key_column, node.key_line,
                               node.key_column + len(raw)), Origin.LITERAL, None, raw)


def _key_raw(doc: Document, node: "Node", key: str) -> str:
    import json

    lines = doc.text.splitlines()
    if 0 < node.key_line <= len(lines):
        line = lines[node.key_line - 1]
        start = node.key_column - 1
        for candidate in (json.dumps(key, ensure_ascii=False), f"'{key}'", key):
            if line.startswith(candidate, start):
                return candidate
    return key


def split(value: Value | None, sep: str, *, last: bool = False) -> tuple[str | None, Value | None]:
    """``"bailian/qwen3-coder-plus"`` → (``"bailian"``, Value ``qwen3-coder-plus`` with its own span).

    ``last`` splits on the last separator (model ids such as ``Qwen/Qwen3-8B`` keep their slash
    when the provider is the first part: the default splits on the first).
    """
    if value is None or not isinstance(value.value, str) or sep not in value.value:
        return None, value
    full = value.value
    head, _, tail = full.rpartition(sep) if last else full.partition(sep)
    if value.loc is None or value.raw is None:
        return head, replace(value, value=tail)
    at = value.raw.find(full)
    if at < 0:
        return head, replace(value, value=tail)
    loc, raw = vk.sub_span(value.loc, value.raw, at + len(head) + len(sep), at + len(full))
    return head, replace(value, value=tail, loc=loc, raw=raw)


def add_note(target_notes: list[str], settings: dict[str, Value], kind: str, detail: str,
             value: Value | None = None) -> None:
    """Record the note ``kind: detail`` (once; ``kind`` from :data:`validator.notes.KINDS`) and,
    when given, the value it is about."""
    from validator.notes import Note

    n = Note(kind, detail)
    if n not in target_notes:
        target_notes.append(n)
    if value is not None:
        settings.setdefault(n.setting, value)


def note_value(target: Target, note: str) -> Value | None:
    """The value a note is about (``"ignored-key: apiBase"`` → ``settings["ignored-key:apiBase"]``)."""
    kind, _, detail = note.partition(": ")
    return target.settings.get(f"{kind}:{detail}")


def interactive(client: str) -> Value:
    """AI coding tools are interactive: what the Coding Plan and Token Plan allow."""
    return Value("interactive", None, Origin.DEFAULT, via=f"{client} is an interactive coding tool")


def default(value: object, via: str) -> Value:
    """A value msv derived (a client default, a selection), not written anywhere."""
    return Value(value, None, Origin.DEFAULT, via=via)


def flatten_params(doc: Document, node: "Node | None", out: dict[str, Value], *, via: str | None = None,
                   rename: Callable[[str], str] = lambda k: k) -> None:
    """Copy each entry of a mapping of request parameters into ``out`` (first one wins)."""
    if node is None:
        return
    for key, child in node.items():
        v = scalar(doc, child)
        if v is None and isinstance(child.value, (dict, list)):
            v = Value(child.plain(), child.loc(doc.display), Origin.LITERAL, None, None)
        if v is not None:
            out.setdefault(rename(key), replace(v, via=via) if via and v.via is None else v)


def origin_of(doc: Document, node: "Node | None") -> Location:
    if node is None:
        return doc.loc(1, 1)
    return node.loc(doc.display)
