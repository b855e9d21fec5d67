"""Aider: ``.aider.conf.yml`` in home, git root or the working directory (config-formats.md §6.1).

Aider talks to models through LiteLLM, so the model's route prefix decides the client:

* ``dashscope/<model>`` → client ``litellm`` (LiteLLM's DashScope route: base from
  ``DASHSCOPE_API_BASE``, **intl by default**; key ``DASHSCOPE_API_KEY``), ``settings["tool"] =
  "aider"``;
* ``openai/<model>`` (or no prefix with ``openai-api-base``) → client ``aider`` (OpenAI route:
  ``openai-api-base`` + ``/chat/completions``, key ``openai-api-key``).

``set-env: [NAME=value]`` and ``api-key: [provider=key]`` entries are bindings with scope
``settings`` (Aider writes them into its own environment, over the shell) and feed the target
directly: ``DASHSCOPE_API_BASE`` / ``DASHSCOPE_API_KEY`` for the dashscope route. ``weak-model``
and ``editor-model`` are further models of the same target.
"""

from __future__ import annotations

from validator.record import replace

from validator.model import Binding, Origin, Target, TargetKind, Value

from . import confkit as ck
from .base import Document, ReadResult
from .markers import is_modelstudio_url

_KEY_VARS = {"dashscope": "DASHSCOPE_API_KEY", "openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}


def _pairs(doc: Document, node, *, key_pairs: bool) -> list[tuple[str, Value]]:
    """``NAME=value`` strings (a list, or one string) as (name, value) with the value's own span."""
    if node is None:
        return []
    items = node.value if node.is_sequence else [node]
    out: list[tuple[str, Value]] = []
    for item in items:
        v = ck.scalar(doc, item, refs=False)
        if v is None or not isinstance(v.value, str) or "=" not in v.value:
            continue
        name, value = ck.split(v, "=")
        if name is None or value is None:
            continue
        name = name.strip()
        var = _KEY_VARS.get(name.lower(), f"{name.upper()}_API_KEY") if key_pairs else name
        is_key = key_pairs or var.endswith(("_KEY", "_TOKEN"))
        value = replace(value, variable=var)
        if is_key and isinstance(value.value, str):
            from validator.model import Secret

            value = replace(value, value=Secret(value.value))
        out.append((var, value))
    return out


class AiderReader:
    """``.aider.conf.yml``."""

    name = "aider-config"

    def relevant(self, text: str) -> bool:
        return "model" in text or "api-base" in text or "set-env" in text or "api-key" in text

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        docs, problem = ck.parse(doc, "yaml", "Aider config")
        if problem is not None:
            result.problems.append(problem)
            return result
        root = next((d for d in docs if d.is_mapping), None)
        if root is None:
            return result
        env: dict[str, Value] = {}
        for var, value in [*_pairs(doc, root.get("set-env"), key_pairs=False),
                           *_pairs(doc, root.get("api-key"), key_pairs=True)]:
            env[var] = value
            result.bindings.append(Binding(var, value.value, value.loc, "settings", value.raw))
        target = self._target(doc, root, env)
        if target is not None:
            result.targets.append(target)
        return result

    def _target(self, doc: Document, root, env: dict[str, Value]) -> Target | None:
        model = ck.scalar(doc, root.get("model"))
        route, model = ck.split(model, "/")
        openai_base = ck.scalar(doc, root.get("openai-api-base"))
        if route == "dashscope":
            client = "litellm"
        elif route == "openai" or (route is None and openai_base is not None):
            client = "aider"
        elif openai_base is not None and is_modelstudio_url(openai_base.value):
            client = "aider"
        else:
            return None
        t = Target(name=f"{doc.display} (Aider)", client=client, origin=ck.origin_of(doc, root.get("model") or root),
                   kind=TargetKind.CONFIG, protocol="openai", usage=ck.interactive("Aider"),
                   committed=doc.committed)
        t.settings["tool"] = Value("aider", None, Origin.DEFAULT)
        if route:
            t.settings["route"] = Value(route, model.loc if model else None, Origin.LITERAL)
        if client == "litellm":
            t.base_url = env.get("DASHSCOPE_API_BASE")
            t.key = env.get("DASHSCOPE_API_KEY")
            t.key_variable = "DASHSCOPE_API_KEY" if t.key is not None else None
        else:
            t.base_url = openai_base or env.get("OPENAI_API_BASE")
            t.key = ck.scalar(doc, root.get("openai-api-key"), secret=True) or env.get("OPENAI_API_KEY")
            if t.key is not None:
                t.key_variable = t.key.variable or "OPENAI_API_KEY"
        if model is not None:
            t.models.append(model)
        for field in ("weak-model", "editor-model"):
            other = ck.scalar(doc, root.get(field))
            _, other = ck.split(other, "/")
            if other is not None:
                t.models.append(other)
                t.settings[field] = other
        return t


READER = AiderReader()
