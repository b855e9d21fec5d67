"""LiteLLM proxy config: ``config.yaml`` / ``litellm_config.yaml`` / ``proxy_config.yaml``
(config-formats.md §5).

One target per ``model_list[]`` entry whose ``litellm_params.model`` routes to Model Studio:

* ``dashscope/<model>`` and ``qwencloud/<model>`` / ``qwen_ai_platform/<model>`` → client
  ``litellm`` (appends ``/chat/completions`` unless present; **no api_base means the intl
  host**: the catalogue's client default says so, the linker fills it);
* ``openai/<model>`` → ``litellm-openai`` (OpenAI route with an explicit ``api_base``);
* ``anthropic/<model>`` with an ``api_base`` → ``litellm-anthropic``;
* any other route only when its ``api_base`` is a Model Studio host (client ``unknown``).

The model Value points at the model part of the string (``qwen-plus`` in
``dashscope/qwen-plus``); ``settings["route"]`` keeps the prefix and ``settings["model_name"]``
the public alias. ``api_key: os.environ/VAR`` is a reference; a literal key is a Secret.
``temperature``, ``max_tokens``, ``top_p``… and ``extra_body`` entries are parameters.
``environment_variables:`` become bindings with scope ``settings`` (the proxy exports them at
start-up).
"""

from __future__ import annotations

import re

from validator.model import Binding, Origin, Target, TargetKind, Value

from . import confkit as ck
from .base import Document, ReadResult
from .markers import is_key_name, is_modelstudio_url, looks_like_key

_RELEVANT = r"model_list"
_ROUTES = {"dashscope": "litellm", "qwencloud": "litellm", "qwen_ai_platform": "litellm",
           "openai": "litellm-openai", "anthropic": "litellm-anthropic"}
_PROTOCOLS = {"litellm-anthropic": "anthropic"}
_NOT_PARAMS = frozenset({"model", "api_base", "base_url", "api_key", "api_version", "extra_body", "timeout",
                         "stream_timeout", "rpm", "tpm", "max_retries", "organization", "custom_llm_provider",
                         "input_cost_per_token", "output_cost_per_token", "merge_reasoning_content_in_choices",
                         "drop_params", "additional_drop_params", "region_name", "vertex_project",
                         "vertex_location", "aws_region_name", "headers", "extra_headers", "use_in_pass_through"})
_SETTINGS = ("timeout", "stream_timeout", "rpm", "tpm", "max_retries", "drop_params", "headers", "extra_headers")


class LiteLLMReader:
    """LiteLLM proxy ``config.yaml`` (``model_list`` with ``litellm_params``)."""

    name = "litellm-config"

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None and "litellm_params" in text

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        docs, problem = ck.parse(doc, "yaml", "LiteLLM config")
        if problem is not None:
            result.problems.append(problem)
            return result
        for root in docs:
            if not root.is_mapping:
                continue
            self._environment(doc, root.get("environment_variables"), result)
            model_list = root.get("model_list")
            if model_list is None or not model_list.is_sequence:
                continue
            for i, entry in enumerate(model_list.value):
                if entry.is_mapping:
                    target = self._entry(doc, entry, i)
                    if target is not None:
                        result.targets.append(target)
        return result

    def _environment(self, doc: Document, env, result: ReadResult) -> None:
        if env is None or not env.is_mapping:
            return
        for name, node in env.items():
            v = ck.scalar(doc, node, secret=is_key_name(name) or looks_like_key(node.value), defines=name)
            if v is None:
                continue
            result.bindings.append(Binding(name, v.value if v.origin is Origin.LITERAL else None, v.loc,
                                           "settings", v.raw, v.variable if v.origin is Origin.VARIABLE else None))

    def _entry(self, doc: Document, entry, i: int) -> Target | None:
        params = entry.get("litellm_params")
        if params is None or not params.is_mapping:
            return None
        model = ck.scalar(doc, params.get("model"))
        route, model = ck.split(model, "/")
        base = ck.scalar(doc, params.get("api_base") or params.get("base_url"))
        client = _ROUTES.get(route or "")
        if client == "litellm-anthropic" and base is None:
            client = None
        if client is None:
            if base is None or not is_modelstudio_url(base.value):
                return None
            client = "unknown"
        alias = ck.scalar(doc, entry.get("model_name"))
        label = alias.value if alias is not None else i
        t = Target(name=f"{doc.display} model_list[{i}] {label} (LiteLLM)", client=client,
                   origin=ck.origin_of(doc, entry), kind=TargetKind.CONFIG,
                   protocol=_PROTOCOLS.get(client, "openai"), committed=doc.committed)
        t.base_url = base
        key = ck.scalar(doc, params.get("api_key"), secret=True)
        if key is not None:
            t.key = key
            t.key_variable = key.variable
        if model is not None:
            t.models.append(model)
        if route:
            t.settings["route"] = Value(route, model.loc if model else None, Origin.LITERAL)
        if alias is not None:
            t.settings["model_name"] = alias
        for name, node in params.items():
            if name in _NOT_PARAMS:
                continue
            v = ck.scalar(doc, node)
            if v is None and node.value is not None:
                v = Value(node.plain(), node.loc(doc.display))
            if v is not None:
                t.parameters[name] = v
        ck.flatten_params(doc, params.get("extra_body"), t.parameters, via="extra_body")
        for name in _SETTINGS:
            v = ck.scalar(doc, params.get(name))
            if v is not None:
                t.settings[name] = v
        return t


READER = LiteLLMReader()
