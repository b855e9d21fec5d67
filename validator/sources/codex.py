"""OpenAI Codex CLI: ``~/.codex/config.toml`` (or ``$CODEX_HOME/config.toml``), project
``.codex/config.toml`` and per-profile ``<name>.config.toml`` (config-formats.md §4).

One ``codex`` target per ``[model_providers.<id>]`` table, plus one for the built-in ``openai``
provider when ``model_provider`` selects nothing defined here. The selected provider gets the
top-level ``model``. What the target carries:

* ``base_url`` (Codex appends ``/responses``), ``key`` = a reference to the variable named by
  ``env_key`` (Codex never takes a key inline), ``settings``: ``provider_id``, ``selected``,
  ``wire_api``, ``api`` (``responses``; ``chat.completions`` for the removed ``chat``),
  ``requires_openai_auth``, ``query_params``, ``model_reasoning_effort``…

Notes (see :mod:`validator.sources.confkit`): ``literal-env-key: model_providers.<id>.env_key``
(a key where a variable *name* goes), ``wire-api-chat: model_providers.<id>`` (``wire_api =
"chat"`` is a load error in current Codex), ``reserved-provider: openai`` (redefining the
built-in provider), ``legacy-profile: profiles.<name>`` / ``legacy-profile: profile``
(``[profiles.*]`` and ``profile =`` are no longer read), ``ignored-key:
model_providers.<id>.api_key`` (Codex has no inline key), ``unknown-provider: <id>``
(``model_provider`` names a table that is not defined), ``provider-not-selected: <id>``.
"""

from __future__ import annotations

import re

from validator.model import Target, TargetKind, Value

from . import confkit as ck
from . import valuekit as vk
from .base import Document, ReadResult
from .markers import looks_like_key

CLIENT = "codex"
_RELEVANT = r"model_provider|wire_api|env_key|\bmodel\s*="
_VAR_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_BUILT_IN = frozenset({"openai", "oss", "ollama", "lmstudio"})
_PROVIDER_SETTINGS = ("name", "requires_openai_auth", "query_params", "http_headers", "env_http_headers",
                      "request_max_retries", "stream_max_retries", "stream_idle_timeout_ms")
_TOP_SETTINGS = ("model_reasoning_effort", "model_reasoning_summary", "model_context_window",
                 "model_auto_compact_token_limit", "model_verbosity")


class CodexReader:
    """Codex ``config.toml`` and profile files."""

    name = "codex-config"

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None and ("model_provider" in text or "wire_api" in text
                                                        or "env_key" in text or ".codex" in text
                                                        or "[profiles" in text)

    def read(self, doc: Document) -> ReadResult:
        root, result = ck.read_mapping(doc, "toml", "Codex config.toml")
        if root is None:
            return result
        file_notes: list[str] = []
        file_settings: dict[str, Value] = {}
        model = ck.scalar(doc, root.get("model"))
        selected_node = root.get("model_provider")
        selected = ck.text(selected_node)
        profiles = root.get("profiles")
        if profiles is not None and profiles.is_mapping:
            for name, node in profiles.items():
                ck.add_note(file_notes, file_settings, "legacy-profile", f"profiles.{name}",
                            ck.key_value(doc, node, name))
        if root.get("profile") is not None:
            ck.add_note(file_notes, file_settings, "legacy-profile", "profile", ck.scalar(doc, root.get("profile")))
        top_settings: dict[str, Value] = {}
        for key in _TOP_SETTINGS:
            v = ck.scalar(doc, root.get(key))
            if v is not None:
                top_settings[key] = v
        targets: list[Target] = []
        providers = root.get("model_providers")
        ids: list[str] = []
        if providers is not None and providers.is_mapping:
            for pid, table in providers.items():
                if table.is_mapping:
                    ids.append(pid)
                    targets.append(self._provider(doc, pid, table, selected, model))
        if model is not None or selected is not None:
            if selected is None or (selected not in ids):
                pid = selected or "openai"
                t = self._target(doc, selected_node or root.get("model") or root, pid, True,
                                 f"{doc.display} provider {pid} (Codex)")
                t.settings["provider_id"] = ck.scalar(doc, selected_node) if selected_node is not None \
                    else ck.default("openai", "Codex uses the built-in openai provider when model_provider is unset")
                if pid not in _BUILT_IN:
                    ck.add_note(t.notes, t.settings, "unknown-provider", pid, ck.scalar(doc, selected_node))
                if model is not None:
                    t.models.append(model)
                targets.insert(0, t)
        if selected is None and ids:
            for t in targets:
                pid = t.settings["provider_id"].value
                if pid in ids:
                    ck.add_note(t.notes, t.settings, "provider-not-selected", pid)
        if not targets and file_notes:
            targets.append(self._target(doc, root, "openai", False, f"{doc.display} (Codex)"))
        for t in targets:
            for note in file_notes:
                if note not in t.notes:
                    t.notes.append(note)
            for k, v in {**file_settings, **top_settings}.items():
                t.settings.setdefault(k, v)
        result.targets.extend(targets)
        return result

    def _target(self, doc: Document, node, pid: str, is_selected: bool, name: str) -> Target:
        t = Target(name=name, client=CLIENT, origin=ck.origin_of(doc, node), kind=TargetKind.CONFIG,
                   protocol="openai", usage=ck.interactive("Codex"), committed=doc.committed)
        t.settings["selected"] = ck.default(is_selected, "model_provider selects this provider" if is_selected
                                            else "model_provider selects another provider")
        return t

    def _provider(self, doc: Document, pid: str, table, selected: str | None, model: Value | None) -> Target:
        path = f"model_providers.{pid}"
        t = self._target(doc, table, pid, selected == pid, f"{doc.display} provider {pid} (Codex)")
        t.settings["provider_id"] = ck.key_value(doc, table, pid)
        if pid == "openai":
            ck.add_note(t.notes, t.settings, "reserved-provider", "openai", ck.key_value(doc, table, pid))
        t.base_url = ck.scalar(doc, table.get("base_url"))
        env_key = table.get("env_key")
        name = ck.text(env_key)
        if name is not None:
            stripped = name.strip()
            if looks_like_key(stripped) or stripped.startswith("sk-") or not re.fullmatch(_VAR_NAME, stripped):
                ck.add_note(t.notes, t.settings, "literal-env-key", f"{path}.env_key",
                            ck.scalar(doc, env_key, secret=True, refs=False))
            else:
                t.key = vk.variable(stripped, env_key.loc(doc.display), env_key.raw, via="env_key")
                t.key_variable = stripped
        for invented in ("api_key", "apiKey", "key", "token"):
            node = table.get(invented)
            if node is not None:
                ck.add_note(t.notes, t.settings, "ignored-key", f"{path}.{invented}",
                            ck.scalar(doc, node, secret=True))
        wire = ck.scalar(doc, table.get("wire_api"))
        if wire is not None:
            t.settings["wire_api"] = wire
            if wire.value == "chat":
                ck.add_note(t.notes, t.settings, "wire-api-chat", path, wire)
        if wire is not None and wire.value == "responses":
            t.settings["api"] = wire
        elif wire is not None and wire.value == "chat":
            t.settings["api"] = ck.default("chat.completions", 'wire_api = "chat" (removed from current Codex)')
        else:
            t.settings["api"] = ck.default("responses", "Codex calls {base_url}/responses")
        for key in _PROVIDER_SETTINGS:
            v = ck.scalar(doc, table.get(key))
            if v is None and table.get(key) is not None:
                node = table.get(key)
                v = Value(node.plain(), node.loc(doc.display))
            if v is not None:
                t.settings[key] = v
        requires = table.get("requires_openai_auth")
        if t.key is None and requires is not None and requires.value is True:
            t.key_variable = "OPENAI_API_KEY"
        if selected == pid and model is not None:
            t.models.append(model)
        return t


READER = CodexReader()
