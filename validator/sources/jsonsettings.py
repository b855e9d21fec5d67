"""A declarative reader: a client record's ``settings`` mapping says where its values are.

Many tools keep their provider settings in one JSON object: Cline's ``globalState.json``
(``openAiBaseUrl``, ``openAiApiKey``, ``actModeOpenAiModelId``), Roo Code's exported settings
(``providerProfiles.apiConfigs.<profile>.openAiBaseUrl``…). Such a client needs no code: its
catalogue record names the files (``files``), ``reader: json-settings`` and the mapping::

    settings:
      each: [providerProfiles.apiConfigs.*] # where one configuration sits ("" = the top level)
      base_url: [openAiBaseUrl]             # first path present wins
      key: [openAiApiKey]
      model: [openAiModelId]                # every path present is a model the tool uses
      when: {apiProvider: [openai]}         # a configuration for another provider is not this client's

This reader does the rest the same way for every such client: parsing and the not-a-mapping
problem (:func:`confkit.read_mapping`), positions, keys wrapped as secrets, variable references
(``${X}``) left for the linker. A configuration with none of the mapped values is not reported;
one that has some (a half-written profile) becomes a target with what it has.
"""

from __future__ import annotations

from validator.model import Target, TargetKind, Value

from . import confkit as ck
from .base import Document, ReadResult

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterator

    from validator.catalogue.records import Client
    from validator.parsing import Node


def _walk(node: "Node", parts: list[str], label: str) -> Iterator[tuple[str, "Node"]]:
    if not parts:
        yield label, node
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if node.is_mapping:
            for key, child in node.items():
                yield from _walk(child, rest, key)
        elif node.is_sequence:
            for i, child in enumerate(node.value):
                yield from _walk(child, rest, f"{label}[{i}]")
        return
    child = node.get(head) if node.is_mapping else None
    if child is not None:
        yield from _walk(child, rest, label)


def _at(node: "Node", path: str) -> "Node | None":
    for part in path.split("."):
        if not node.is_mapping:
            return None
        node = node.get(part)
        if node is None:
            return None
    return node


class SettingsReader:
    """The reader of the ``json-settings`` records that name one set of files."""

    def __init__(self, name: str, clients: "list[Client]") -> None:
        self.name = name
        self.maps = [_Mapping(c) for c in clients]
        self.fmt = self.maps[0].fmt
        self.what = f"{clients[0].name.split(' (')[0]} settings"
        self.words = tuple(dict.fromkeys(w for m in self.maps for w in m.words))

    def relevant(self, text: str) -> bool:
        return any(w in text for w in self.words)

    def read(self, doc: Document) -> ReadResult:
        if any(e[:1] == ["*"] for m in self.maps for e in m.each):   # a top-level list (OAI_CONFIG_LIST)
            result = ReadResult()
            root, problem = ck.parse(doc, self.fmt, self.what)
            if problem is not None:
                result.problems.append(problem)
                return result
            if root is None or not (root.is_mapping or root.is_sequence):
                result.problems.append(ck.not_a_mapping(doc, root, self.what))
                return result
        else:
            root, result = ck.read_mapping(doc, self.fmt, self.what)
            if root is None:
                return result
        for m in self.maps:
            for each in m.each:
                for label, node in _walk(root, each, ""):
                    if node.is_mapping and m.applies(node):
                        target = m.target(doc, label, node)
                        if target is not None:
                            result.targets.append(target)
        result.targets.sort(key=lambda t: (t.origin.line, t.origin.column))
        return result


class _Mapping:
    """One record's ``settings``: where its configurations and their values are."""

    def __init__(self, client: "Client") -> None:
        self.client = client
        spec: dict[str, Any] = client.settings or {}
        self.fmt: str = spec.get("format") or "jsonc"
        self.each = [[p for p in path.split(".") if p] for path in (spec.get("each") or [""])]
        self.base: list[str] = list(spec.get("base_url") or ())
        self.key: list[str] = list(spec.get("key") or ())
        self.model: list[str] = list(spec.get("model") or ())
        self.when: dict[str, list[str]] = dict(spec.get("when") or {})
        self.words = tuple(spec.get("relevant") or [p.rsplit(".", 1)[-1] for p in self.base + self.key + self.model])

    def applies(self, node: "Node") -> bool:
        """At least one ``when`` field is present, and none names another provider."""
        present = False
        for field, allowed in self.when.items():
            value = ck.text(_at(node, field))
            if value is not None:
                if value not in allowed:
                    return False
                present = True
        return present or not self.when

    def _first(self, doc: Document, node: "Node", paths: list[str], *, secret: bool = False) -> Value | None:
        for path in paths:
            v = ck.scalar(doc, _at(node, path), secret=secret)
            if v is not None:
                return v
        return None

    def target(self, doc: Document, label: str, node: "Node") -> Target | None:
        c = self.client
        base = self._first(doc, node, self.base)
        key = self._first(doc, node, self.key, secret=True)
        models: list[Value] = []
        for path in self.model:
            v = ck.scalar(doc, _at(node, path))
            if v is not None and all(m.value != v.value for m in models):
                models.append(v)
        if base is None and key is None and not models:
            return None
        where = f" profile {label}" if label else ""
        t = Target(name=f"{doc.display}{where} ({c.name})", client=c.id, origin=ck.origin_of(doc, node),
                   kind=TargetKind.CONFIG, protocol=c.protocol, committed=doc.committed)
        if c.usage == "interactive":
            t.usage = ck.interactive(c.name)
        t.base_url = base
        t.key = key
        t.key_variable = key.variable if key is not None else None
        t.models = models
        return t
