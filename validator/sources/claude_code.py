"""Claude Code settings: ``.claude/settings.json``, ``.claude/settings.local.json``,
``~/.claude/settings.json`` and ``managed-settings.json`` (config-formats.md §2.1).

The ``env`` object is the only place Claude Code reads its endpoint from: ``ANTHROPIC_BASE_URL``,
``ANTHROPIC_AUTH_TOKEN`` (``Authorization: Bearer``) or ``ANTHROPIC_API_KEY`` (``x-api-key``),
``ANTHROPIC_MODEL`` and the tier variables. Each settings file becomes one ``claude-code``
target whose values are the literals written there (``Value.variable`` names the variable each
one defines), and every ``env`` entry is also a :class:`~validator.model.Binding` with scope
``settings``: Claude Code applies the ``env`` block *over* the inherited shell environment,
so the linker lets these win over ``export``s for Claude Code.

Precedence the target carries:

* ``ANTHROPIC_AUTH_TOKEN`` beats ``ANTHROPIC_API_KEY`` (both are kept: the loser sits in
  ``key.overridden``, and the note ``both-credentials`` says Claude Code warns "Auth conflict").
* ``ANTHROPIC_MODEL`` beats the top-level ``model``; a top-level alias (``opus``, ``sonnet``…)
  is not a model name and goes to ``settings["model_alias"]``.

Claude Code does **not** expand ``${VAR}`` / ``$VAR`` inside ``env`` values: they are sent as
written (gh:anthropics/claude-code#46889, "treats values as literal strings"), so
``"ANTHROPIC_AUTH_TOKEN": "${DASHSCOPE_API_KEY}"`` sends the text ``${DASHSCOPE_API_KEY}`` as the
key. Such values stay literal here, with the note ``unexpanded-reference: env.<NAME>``.

Notes (see :mod:`validator.sources.confkit`): ``ignored-key: <path>`` for keys Claude Code
does not read (top-level ``apiBase``/``apiKey``/``ANTHROPIC_BASE_URL``, ``env.ANTHROPIC_API_BASE``…),
``both-credentials: ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY``, ``jsonc: …`` when the file
has comments or trailing commas (Claude Code reads strict JSON).
"""

from __future__ import annotations

import re
from validator.record import replace

from validator.model import Binding, Origin, Target, TargetKind, Value
from validator.notes import note

from . import confkit as ck
from .base import Document, Problem, ReadResult
from .markers import is_key_name, looks_like_key
from .refs import find_references

CLIENT = "claude-code"
_RELEVANT = r"ANTHROPIC_|CLAUDE_CODE_|apiKeyHelper|\"model\"|apiBase|apiKey|baseUrl|baseURL"
_FILES = frozenset({"settings.json", "settings.local.json"})
_MODEL_VARS = ("ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
               "ANTHROPIC_DEFAULT_HAIKU_MODEL", "ANTHROPIC_SMALL_FAST_MODEL", "CLAUDE_CODE_SUBAGENT_MODEL")
_SETTING_VARS = ("API_TIMEOUT_MS", "MAX_THINKING_TOKENS", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                 "CLAUDE_CODE_EFFORT_LEVEL", "DISABLE_TELEMETRY", "CLAUDE_CODE_USE_BEDROCK",
                 "CLAUDE_CODE_USE_VERTEX", "ANTHROPIC_CUSTOM_HEADERS", "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION")
_ALIASES = frozenset({"default", "sonnet", "opus", "haiku", "opusplan", "best", "sonnet[1m]", "opus[1m]"})
# Keys people invent that Claude Code never reads, and what they meant.
_INVENTED_TOP = {
    "apibase": "env.ANTHROPIC_BASE_URL", "apiurl": "env.ANTHROPIC_BASE_URL", "baseurl": "env.ANTHROPIC_BASE_URL",
    "base_url": "env.ANTHROPIC_BASE_URL", "endpoint": "env.ANTHROPIC_BASE_URL",
    "apikey": "env.ANTHROPIC_AUTH_TOKEN", "api_key": "env.ANTHROPIC_AUTH_TOKEN",
    "authtoken": "env.ANTHROPIC_AUTH_TOKEN", "token": "env.ANTHROPIC_AUTH_TOKEN",
    "provider": "env.ANTHROPIC_BASE_URL",
}
_INVENTED_ENV = {
    "ANTHROPIC_API_BASE": "ANTHROPIC_BASE_URL", "ANTHROPIC_BASE": "ANTHROPIC_BASE_URL",
    "ANTHROPIC_API_URL": "ANTHROPIC_BASE_URL", "ANTHROPIC_URL": "ANTHROPIC_BASE_URL",
    "ANTHROPIC_ENDPOINT": "ANTHROPIC_BASE_URL", "ANTHROPIC_BASEURL": "ANTHROPIC_BASE_URL",
    "ANTHROPIC_TOKEN": "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_KEY": "ANTHROPIC_API_KEY",
    "CLAUDE_API_KEY": "ANTHROPIC_API_KEY", "CLAUDE_BASE_URL": "ANTHROPIC_BASE_URL",
    "ANTHROPIC_MODEL_NAME": "ANTHROPIC_MODEL", "CLAUDE_MODEL": "ANTHROPIC_MODEL",
}


def _env_value(doc: Document, name: str, node) -> Value | None:
    """An ``env`` entry as Claude Code sees it: the literal string, references *not* expanded."""
    secret = is_key_name(name) or looks_like_key(node.value)
    v = ck.scalar(doc, node, secret=secret, defines=name, refs=False)
    if v is not None and not isinstance(node.value, str) and not isinstance(node.value, bool):
        v = replace(v, value=str(node.value))      # env values are strings; 600000 means "600000"
    return v


class ClaudeCodeReader:
    """``.claude/settings*.json`` (project and user) and ``managed-settings.json``."""

    name = "claude-code-settings"

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        root, problem = ck.parse(doc, "json", "Claude Code settings")
        notes: list[str] = []
        if problem is not None:
            lenient, _ = ck.parse(doc, "jsonc", "Claude Code settings")
            if lenient is None:
                result.problems.append(problem)
                return result
            # Comments / trailing commas: Claude Code's JSON.parse rejects the file. Report it and
            # still read it, so everything else about the values is checked too.
            result.problems.append(Problem("parse-error", problem.message.replace(
                "; this file was not checked", "; Claude Code reads strict JSON (no comments or trailing commas), "
                "so it ignores this file"), problem.loc))
            notes.append(note("jsonc", "comments or trailing commas (Claude Code reads strict JSON)"))
            root = lenient
        if not root.is_mapping:
            result.problems.append(ck.not_a_mapping(doc, root, "Claude Code settings"))
            return result
        env = root.get("env")
        settings: dict[str, Value] = {}
        values: dict[str, Value] = {}
        if env is not None and env.is_mapping:
            for name, node in env.items():
                v = _env_value(doc, name, node)
                if v is None:
                    continue
                values[name] = v
                result.bindings.append(Binding(name, v.value if v.origin is Origin.LITERAL else None,
                                               v.loc, "settings", v.raw,
                                               v.variable if v.origin is Origin.VARIABLE else None))
                if name in _INVENTED_ENV:
                    ck.add_note(notes, settings, "ignored-key", f"env.{name}", v)
                if isinstance(node.value, str) and find_references(node.value, bare=True):
                    ck.add_note(notes, settings, "unexpanded-reference", f"env.{name}", v)
        for key, node in root.items():
            meant = _INVENTED_TOP.get(key.lower())
            if meant is not None or key.startswith(("ANTHROPIC_", "CLAUDE_CODE_")):
                v = ck.scalar(doc, node, secret=is_key_name(key) or looks_like_key(node.value))
                ck.add_note(notes, settings, "ignored-key", key, v)
        target = self._target(doc, root, env, values, settings, notes)
        if target is not None:
            result.targets.append(target)
        return result

    def _target(self, doc: Document, root, env, values: dict[str, Value], settings: dict[str, Value],
                notes: list[str]) -> Target | None:
        base = values.get("ANTHROPIC_BASE_URL")
        token, api_key = values.get("ANTHROPIC_AUTH_TOKEN"), values.get("ANTHROPIC_API_KEY")
        key = token or api_key
        key_variable = "ANTHROPIC_AUTH_TOKEN" if token is not None else ("ANTHROPIC_API_KEY" if api_key else None)
        if token is not None and api_key is not None:
            key = replace(token, overridden=(api_key, *token.overridden),
                          via="ANTHROPIC_AUTH_TOKEN wins over ANTHROPIC_API_KEY in Claude Code")
            ck.add_note(notes, settings, "both-credentials", "ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY")
        if key is not None:
            settings["auth"] = ck.default("bearer" if key_variable == "ANTHROPIC_AUTH_TOKEN" else "x-api-key",
                                          f"{key_variable} is sent as "
                                          + ("Authorization: Bearer" if key_variable == "ANTHROPIC_AUTH_TOKEN"
                                             else "x-api-key"))
        models: list[Value] = []
        for name in _MODEL_VARS:
            if name in values:
                models.append(values[name])
        top = ck.scalar(doc, root.get("model"))
        if top is not None and isinstance(top.value, str):
            if top.value.strip().lower() in _ALIASES:
                settings["model_alias"] = top
            elif "ANTHROPIC_MODEL" in values:
                models[0] = replace(models[0], overridden=(top,), via="ANTHROPIC_MODEL wins over settings model")
                models.append(top)
            else:
                models.insert(0, top)
        for name in _SETTING_VARS:
            if name in values:
                settings[name] = values[name]
        parameters: dict[str, Value] = {}
        if "CLAUDE_CODE_MAX_OUTPUT_TOKENS" in values:
            v = values["CLAUDE_CODE_MAX_OUTPUT_TOKENS"]
            parameters["max_tokens"] = _as_number(v)
        helper = ck.scalar(doc, root.get("apiKeyHelper"))
        if helper is not None:
            settings["apiKeyHelper"] = helper
        if not (base or key or models or notes or helper or settings.get("model_alias")):
            return None
        origin = ck.origin_of(doc, env if env is not None else root)
        return Target(
            name=f"{doc.display} (Claude Code)",
            client=CLIENT,
            origin=origin,
            kind=TargetKind.CONFIG,
            protocol="anthropic",
            base_url=base,
            key=key,
            key_variable=key_variable,
            models=models,
            parameters=parameters,
            settings=settings,
            usage=ck.interactive("Claude Code"),
            committed=doc.committed,
            notes=notes,
        )


def _as_number(v: Value) -> Value:
    try:
        return replace(v, value=int(str(v.value)))
    except (TypeError, ValueError):
        return v


READER = ClaudeCodeReader()
