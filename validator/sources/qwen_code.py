"""Qwen Code settings: ``.qwen/settings.json`` / ``~/.qwen/settings.json`` and the system files
``/etc/qwen-code/{settings,system-defaults}.json`` (config-formats.md §3). JSON with comments.

Targets:

* one per ``modelProviders.<authType>[]`` entry: ``id`` is the model sent to the API,
  ``baseUrl`` the base, ``envKey`` the *name* of the variable holding the key (a reference the
  linker resolves), ``generationConfig.samplingParams`` / ``extra_body`` the request
  parameters. ``openai`` entries are client ``qwen-code`` (appends ``/chat/completions``);
  ``anthropic`` entries are ``qwen-code-anthropic``; ``gemini`` / ``vertex-ai`` entries keep
  ``protocol=None`` (no Model Studio protocol);
* without providers, the environment-only setup Qwen Code reads: ``OPENAI_API_KEY`` /
  ``OPENAI_BASE_URL`` / ``OPENAI_MODEL`` (or ``ANTHROPIC_*`` when ``selectedType`` is
  ``anthropic``) from the settings ``env`` block (values) or the environment (the linker),
  with ``model.name``.

The ``env`` block becomes bindings with scope ``settings``: for Qwen Code the *lowest*
priority (CLI > shell > first ``.env`` > settings ``env``); the catalogue's client precedence
tells the linker so.

Notes: ``unknown-provider-key: modelProviders.<k>`` (Qwen Code silently skips entries under a
key that is neither a known auth type nor declared in ``providerProtocol``),
``ignored-provider-shape: modelProviders.<k>`` (not a list: the old wrapped shape),
``literal-env-key: modelProviders.<k>[i].envKey`` (a key pasted where a variable *name* goes;
the Secret sits in settings), ``model-not-listed: <name>`` (``model.name`` matches no ``id``),
``ignored-key: env.OPENAI_API_BASE`` (Qwen Code reads ``OPENAI_BASE_URL``).
"""

from __future__ import annotations

import re
from validator.record import replace

from validator.model import Binding, Origin, Target, TargetKind, Value

from . import confkit as ck
from . import valuekit as vk
from .base import Document, ReadResult
from .markers import is_key_name, looks_like_key

_RELEVANT = r"modelProviders|OPENAI_|ANTHROPIC_|selectedType|envKey|baseUrl|\"model\"|DASHSCOPE|BAILIAN"
_AUTH_TYPES = {"openai": ("qwen-code", "openai"), "anthropic": ("qwen-code-anthropic", "anthropic"),
               "gemini": ("qwen-code", None), "vertex-ai": ("qwen-code", None)}
_ENV_VARS = {"openai": ("OPENAI_BASE_URL", ("OPENAI_API_KEY",), "OPENAI_MODEL"),
             "anthropic": ("ANTHROPIC_BASE_URL", ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"), "ANTHROPIC_MODEL")}
_VAR_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_GEN_SETTINGS = ("timeout", "maxRetries", "contextWindowSize", "customHeaders", "modalities")


class QwenCodeReader:
    """``.qwen/settings.json`` and the Qwen Code system settings files."""

    name = "qwen-code-settings"

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        root, result = ck.read_mapping(doc, "jsonc", "Qwen Code settings")
        if root is None:
            return result
        file_notes: list[str] = []
        file_settings: dict[str, Value] = {}
        env_values = self._env(doc, root.get("env"), result)
        selected = ck.scalar(doc, root.get("security", "auth", "selectedType") or root.get("selectedAuthType"))
        model_node = root.get("model")
        model_name = ck.scalar(doc, model_node.get("name") if model_node is not None and model_node.is_mapping
                               else model_node)
        if "OPENAI_API_BASE" in env_values:
            ck.add_note(file_notes, file_settings, "ignored-key", "env.OPENAI_API_BASE", env_values["OPENAI_API_BASE"])
        targets = self._providers(doc, root, file_notes, file_settings)
        if model_name is not None and isinstance(model_name.value, str) and targets:
            ids = {m.value for t in targets for m in t.models}
            if model_name.value not in ids:
                ck.add_note(file_notes, file_settings, "model-not-listed", model_name.value, model_name)
        if not targets:
            env_target = self._environment_target(doc, root, env_values, selected, model_name)
            if env_target is not None:
                targets.append(env_target)
        if not targets and file_notes:
            targets.append(self._target(doc, root, "qwen-code", "openai", f"{doc.display} (Qwen Code)"))
        for t in targets:
            if selected is not None:
                t.settings.setdefault("selectedType", selected)
            if model_name is not None:
                t.settings.setdefault("model.name", model_name)
            for note in file_notes:
                if note not in t.notes:
                    t.notes.append(note)
            for k, v in file_settings.items():
                t.settings.setdefault(k, v)
        result.targets.extend(targets)
        return result

    def _env(self, doc: Document, env, result: ReadResult) -> dict[str, Value]:
        values: dict[str, Value] = {}
        if env is None or not env.is_mapping:
            return values
        for name, node in env.items():
            v = ck.scalar(doc, node, secret=is_key_name(name) or looks_like_key(node.value), defines=name)
            if v is None:
                continue
            if not isinstance(node.value, str) and not isinstance(v.value, str):
                v = replace(v, value=str(node.value))
            values[name] = v
            result.bindings.append(Binding(name, v.value if v.origin is Origin.LITERAL else None, v.loc,
                                           "settings", v.raw, v.variable if v.origin is Origin.VARIABLE else None))
        return values

    def _target(self, doc: Document, node, client: str, protocol: str | None, name: str) -> Target:
        return Target(name=name, client=client, origin=ck.origin_of(doc, node), kind=TargetKind.CONFIG,
                      protocol=protocol, usage=ck.interactive("Qwen Code"), committed=doc.committed)

    def _providers(self, doc: Document, root, notes: list[str], settings: dict[str, Value]) -> list[Target]:
        providers = root.get("modelProviders")
        if providers is None or not providers.is_mapping:
            return []
        declared = root.get("providerProtocol")
        custom = {k: v.value for k, v in declared.items()} if declared is not None and declared.is_mapping else {}
        targets: list[Target] = []
        for auth_key, entries in providers.items():
            auth = auth_key if auth_key in _AUTH_TYPES else custom.get(auth_key)
            if auth not in _AUTH_TYPES:
                ck.add_note(notes, settings, "unknown-provider-key", f"modelProviders.{auth_key}",
                            ck.key_value(doc, entries, auth_key))
                continue
            if not entries.is_sequence:
                ck.add_note(notes, settings, "ignored-provider-shape", f"modelProviders.{auth_key}",
                            ck.key_value(doc, entries, auth_key))
                continue
            client, protocol = _AUTH_TYPES[auth]
            for i, entry in enumerate(entries.value):
                if entry.is_mapping:
                    targets.append(self._entry(doc, entry, auth_key, auth, i, client, protocol))
        return targets

    def _entry(self, doc: Document, entry, auth_key: str, auth: str, i: int, client: str,
               protocol: str | None) -> Target:
        path = f"modelProviders.{auth_key}[{i}]"
        model = ck.scalar(doc, entry.get("id"))
        label = model.value if model is not None else i
        t = self._target(doc, entry, client, protocol, f"{doc.display} {auth_key}:{label} (Qwen Code)")
        t.base_url = ck.scalar(doc, entry.get("baseUrl"))
        if model is not None:
            t.models.append(model)
        t.settings["authType"] = vk.literal(auth, None, None)
        env_key = entry.get("envKey")
        name = ck.text(env_key)
        if name is not None:
            stripped = name.strip()
            if looks_like_key(stripped) or stripped.startswith("sk-") or not re.fullmatch(_VAR_NAME, stripped):
                ck.add_note(t.notes, t.settings, "literal-env-key", f"{path}.envKey",
                            ck.scalar(doc, env_key, secret=True, refs=False))
            else:
                t.key = vk.variable(stripped, env_key.loc(doc.display), env_key.raw, via="envKey")
                t.key_variable = stripped
        gen = entry.get("generationConfig")
        if gen is not None and gen.is_mapping:
            ck.flatten_params(doc, gen.get("samplingParams"), t.parameters)
            ck.flatten_params(doc, gen.get("extra_body"), t.parameters, via="extra_body")
            for key in _GEN_SETTINGS:
                v = ck.scalar(doc, gen.get(key))
                if v is not None:
                    t.settings[key] = v
        return t

    def _environment_target(self, doc: Document, root, env: dict[str, Value], selected: Value | None,
                            model_name: Value | None) -> Target | None:
        auth = selected.value if selected is not None and selected.value in _ENV_VARS else None
        if auth is None:
            if any(k.startswith("OPENAI_") for k in env):
                auth = "openai"
            elif any(k.startswith("ANTHROPIC_") for k in env):
                auth = "anthropic"
            elif model_name is not None or selected is not None:
                auth = "openai"
            else:
                return None
        base_var, key_vars, model_var = _ENV_VARS[auth]
        client, protocol = _AUTH_TYPES[auth]
        t = self._target(doc, root.get("env") or root, client, protocol, f"{doc.display} (Qwen Code, environment)")
        t.base_url = env.get(base_var)
        for kv in key_vars:
            if kv in env:
                t.key, t.key_variable = env[kv], kv
                break
        if model_var in env:
            t.models.append(env[model_var])
        if model_name is not None:
            t.models.append(model_name)
        return t


READER = QwenCodeReader()
