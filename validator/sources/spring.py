"""Spring Boot ``application*.yml`` / ``application*.properties`` (and ``bootstrap*``):
Spring AI Alibaba (``spring.ai.dashscope.*``) and Spring AI OpenAI (``spring.ai.openai.*``),
config-formats.md §6.7.

Keys are matched the way Spring's relaxed binding matches them (``base-url`` = ``baseUrl`` =
``base_url``; nested YAML and dotted keys alike). Two clients, two joining rules:

* ``spring-ai-dashscope`` (protocol ``dashscope``): the base is the **host only**; the starter
  appends ``/api/v1/services/aigc/…``;
* ``spring-ai-openai`` (protocol ``openai``): the base is ``…/compatible-mode`` **without**
  ``/v1``; the starter appends ``/v1/chat/completions``.

``chat.base-url`` / ``chat.api-key`` override the general ``base-url`` / ``api-key`` (the loser
is kept in ``overridden``). ``chat.options.model`` and ``embedding.options.model`` are models;
the other ``chat.options.*`` are parameters (``max-tokens`` → ``max_tokens``). ``${VAR}`` and
``${VAR:default}`` placeholders are references. Each YAML document (profile) is its own target.
"""

from __future__ import annotations

import re

from validator.model import Target, TargetKind, Value
from validator.record import replace

from . import confkit as ck
from .base import Document, ReadResult

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from validator.parsing import Node

_NAME = r"(?:application|bootstrap)(?:-[\w.-]+)?\.(?:ya?ml|properties)$"
_RELEVANT = r"(?i)dashscope|openai"
_PREFIXES = {"spring.ai.dashscope.": ("spring-ai-dashscope", "dashscope"),
             "spring.ai.openai.": ("spring-ai-openai", "openai")}
_CAMEL = r"(?<=[a-z0-9])(?=[A-Z])"


def normal(path: str) -> str:
    """Spring relaxed-binding form of a property path: lower case, no ``-`` or ``_``."""
    return path.lower().replace("-", "").replace("_", "")


def param_name(key: str) -> str:
    return re.sub(_CAMEL, "_", key).lower().replace("-", "_")


Flat = dict[str, tuple[str, "Node"]]     # normal path -> (last key as written, node)


def flatten(node: "Node", prefix: str = "", out: Flat | None = None, depth: int = 0) -> Flat:
    out = {} if out is None else out
    if depth > 50:
        return out
    for key, child in node.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if child.is_mapping:
            flatten(child, path, out, depth + 1)
        elif child.is_scalar:
            out[normal(path)] = (str(key).rsplit(".", 1)[-1], child)
    return out


# ----------------------------------------------------------------------------- .properties

_ESC = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def parse_properties(text: str) -> Flat:
    """A ``.properties`` file as flat entries with positions (java.util.Properties syntax).

    Continuation lines (an odd number of trailing backslashes) are joined the way Java joins
    them, and every character of the joined line remembers its physical line and column, so
    a value that starts on a continuation line is located there, and ``raw`` is the exact text
    at the value's span.
    """
    from validator.parsing.tree import Node

    out: Flat = {}
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        stripped = line.lstrip(" \t\f")
        if not stripped or stripped[0] in "#!":
            i += 1
            continue
        # logical line: (character, physical line index, column) for each character kept
        chars: list[tuple[str, int, int]] = []
        indent = len(line) - len(stripped)
        physical, col0, body = i, indent, stripped
        while True:
            continued = _continues(body)
            kept = body[:-1] if continued else body
            chars.extend((ch, physical, col0 + k) for k, ch in enumerate(kept))
            i += 1
            if not continued or i >= len(lines):
                break
            nxt = lines[i].rstrip("\r")
            body = nxt.lstrip(" \t\f")
            physical, col0 = i, len(nxt) - len(body)
        logical = "".join(c for c, _, _ in chars)
        key_chars: list[str] = []
        j = 0
        while j < len(logical) and logical[j] not in "=: \t\f":
            if logical[j] == "\\" and j + 1 < len(logical):
                key_chars.append(_ESC.get(logical[j + 1], logical[j + 1]))
                j += 2
                continue
            key_chars.append(logical[j])
            j += 1
        while j < len(logical) and logical[j] in " \t\f":
            j += 1
        if j < len(logical) and logical[j] in "=:":
            j += 1
            while j < len(logical) and logical[j] in " \t\f":
                j += 1
        key = "".join(key_chars)
        if not key or not chars:
            continue
        value = _unescape(logical[j:])
        first = chars[min(j, len(chars) - 1)]
        last = chars[-1]
        if j >= len(chars):           # empty value: a zero-width span after the separator
            line_no, col = chars[-1][1], chars[-1][2] + 1
            start_off = end_off = starts[line_no] + col
            node = Node(value, line_no + 1, col + 1, line_no + 1, col + 1, "", chars[0][1] + 1, chars[0][2] + 1)
        else:
            start_off = starts[first[1]] + first[2]
            end_off = starts[last[1]] + last[2] + 1
            node = Node(value, first[1] + 1, first[2] + 1, last[1] + 1, last[2] + 2, text[start_off:end_off],
                        chars[0][1] + 1, chars[0][2] + 1)
        out[normal(key)] = (key.rsplit(".", 1)[-1], node)
    return out


def _continues(line: str) -> bool:
    count = len(line) - len(line.rstrip("\\"))
    return count % 2 == 1


def _unescape(raw: str) -> str:
    out: list[str] = []
    j = 0
    while j < len(raw):
        ch = raw[j]
        if ch == "\\" and j + 1 < len(raw):
            nxt = raw[j + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", raw[j + 2:j + 6] or ""):
                out.append(chr(int(raw[j + 2:j + 6], 16)))
                j += 6
                continue
            out.append(_ESC.get(nxt, nxt))
            j += 2
            continue
        out.append(ch)
        j += 1
    return "".join(out).rstrip()


# ----------------------------------------------------------------------------- reader


class SpringReader:
    """``application*.yml`` / ``application*.properties`` with ``spring.ai.dashscope`` / ``spring.ai.openai``."""

    name = "spring-config"

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None and "ai" in text

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        if doc.suffix == ".properties":
            flats = [parse_properties(doc.text)]
        else:
            docs, problem = ck.parse(doc, "yaml", "Spring configuration")
            if problem is not None:
                result.problems.append(problem)
                return result
            flats = [flatten(d) for d in docs if d.is_mapping]
        for n, flat in enumerate(flats):
            profile = flat.get(normal("spring.config.activate.on-profile")) or flat.get(normal("spring.profiles"))
            suffix = f" profile {profile[1].value}" if profile is not None else (f" document {n + 1}" if len(flats) > 1
                                                                                  else "")
            for prefix, (client, protocol) in _PREFIXES.items():
                target = self._target(doc, flat, normal(prefix), client, protocol, suffix)
                if target is not None:
                    result.targets.append(target)
        return result

    def _target(self, doc: Document, flat: Flat, prefix: str, client: str, protocol: str,
                suffix: str) -> Target | None:
        entries = {k[len(prefix):]: v for k, v in flat.items() if k.startswith(prefix)}
        if not entries:
            return None

        def value(path: str, secret: bool = False) -> Value | None:
            found = entries.get(path)
            return ck.scalar(doc, found[1], secret=secret) if found else None

        first = min((node for _, node in entries.values()), key=lambda n: (n.line, n.column))
        t = Target(name=f"{doc.display} {prefix.rstrip('.')}{suffix} (Spring AI)", client=client,
                   origin=first.loc(doc.display), kind=TargetKind.CONFIG, protocol=protocol,
                   committed=doc.committed)
        t.base_url = _layer(value("chat.baseurl"), value("baseurl"), "chat.base-url")
        t.key = _layer(value("chat.apikey", True), value("apikey", True), "chat.api-key")
        if t.key is not None:
            t.key_variable = t.key.variable
        for path in ("chat.options.model", "embedding.options.model", "image.options.model",
                     "audio.transcription.options.model", "rerank.options.model"):
            v = value(path)
            if v is not None:
                t.models.append(v)
        workspace = value("chat.workspaceid") or value("workspaceid")
        if workspace is not None:
            t.settings["workspace"] = workspace
        for path in ("chat.completionspath", "embedding.embeddingspath", "chat.options.multimodel"):
            v = value(path)
            if v is not None:
                t.settings[path] = v
        for path, (key, node) in entries.items():
            if path.startswith("chat.options.") and path not in ("chat.options.model", "chat.options.multimodel"):
                v = ck.scalar(doc, node)
                if v is not None:
                    t.parameters.setdefault(param_name(key), v)
        return t


def _layer(specific: Value | None, general: Value | None, name: str) -> Value | None:
    if specific is None:
        return general
    if general is None:
        return specific
    return replace(specific, overridden=(general, *specific.overridden), via=f"{name} wins over the general setting")


READER = SpringReader()
