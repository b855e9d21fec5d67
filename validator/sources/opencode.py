"""OpenCode: ``opencode.json`` / ``opencode.jsonc`` (project, or ``~/.config/opencode/``),
config-formats.md §6.4. JSON with comments.

One target per ``provider.<id>`` block, plus one for a built-in Model Studio provider that the
top-level ``model: "<provider>/<model>"`` names without configuring it. The client decides the
path joining rule, so it comes from the block's ``npm`` package:

* ``@ai-sdk/openai-compatible`` (and the built-in ``alibaba*`` providers) → ``opencode-openai``
  (appends ``/chat/completions``);
* ``@ai-sdk/anthropic`` → ``opencode-anthropic`` (appends only ``/messages``: the base must end
  in ``/apps/anthropic/v1``, the inverse of Claude Code);
* ``@ai-sdk/openai`` → ``vercel-ai-openai`` (the Responses API by default).

``options.baseURL`` is the base (built-in ids without one get their documented default host,
``Origin.DEFAULT``), ``options.apiKey`` a ``{env:VAR}`` reference or a literal Secret,
``models.<id>`` the models (the key's span; ``id`` inside overrides it), and the top-level
``model`` / ``small_model`` add the model part of ``provider/model`` to that provider's target.
Notes: ``model-not-listed: <provider>/<model>`` (the top-level model is not among a custom
provider's ``models``), ``unknown-provider: <id>`` (the top-level model names a provider that is
neither configured nor a known Model Studio built-in).
"""

from __future__ import annotations

import re

from validator.model import Target, TargetKind

from . import confkit as ck
from . import valuekit as vk
from .base import Document, ReadResult

_RELEVANT = r"(?i)\"provider\"|\"model\"|alibaba|dashscope|aliyuncs|bailian|qwen"
_NPM = {"@ai-sdk/openai-compatible": ("opencode-openai", "openai"),
        "@ai-sdk/anthropic": ("opencode-anthropic", "anthropic"),
        "@ai-sdk/openai": ("vercel-ai-openai", "openai")}
# Built-in (models.dev) Model Studio providers and the host each uses by default [catalogue §7.5].
BUILT_IN = {
    "alibaba": "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
    "alibaba-cn": "https://dashscope.aliyuncs.com/compatible-mode/v1",
    "alibaba-coding-plan": "https://coding-intl.dashscope.aliyuncs.com/v1",
    "alibaba-coding-plan-cn": "https://coding.dashscope.aliyuncs.com/v1",
    "alibaba-token-plan": "https://token-plan.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1",
    "alibaba-token-plan-cn": "https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1",
}
_BUILT_IN_KEY_VAR = {"alibaba": "DASHSCOPE_API_KEY", "alibaba-cn": "DASHSCOPE_API_KEY"}
_OPTION_SETTINGS = ("timeout", "headers", "setCacheKey", "includeUsage")


class OpenCodeReader:
    """``opencode.json`` / ``opencode.jsonc``."""

    name = "opencode-config"

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        root, result = ck.read_mapping(doc, "jsonc", "OpenCode config")
        if root is None:
            return result
        targets: dict[str, Target] = {}
        listed: dict[str, set[str]] = {}
        providers = root.get("provider")
        if providers is not None and providers.is_mapping:
            for pid, block in providers.items():
                if block.is_mapping:
                    targets[pid], listed[pid] = self._provider(doc, pid, block)
        for field in ("model", "small_model"):
            value = ck.scalar(doc, root.get(field))
            pid, model = ck.split(value, "/")
            if pid is None or model is None:
                continue
            target = targets.get(pid)
            if target is None:
                if pid not in BUILT_IN:
                    continue       # another vendor's built-in provider: not Model Studio
                target = self._built_in(doc, pid, root.get(field))
                targets[pid] = target
                listed[pid] = set()
            target.settings[field] = model
            if field == "model":
                target.settings["selected"] = ck.default(True, "the top-level model names this provider")
            if model.value in listed.get(pid, ()):
                continue                      # already a model of the target, at its definition
            target.models.append(model)
            if listed.get(pid):
                ck.add_note(target.notes, target.settings, "model-not-listed", f"{pid}/{model.value}", model)
        result.targets.extend(targets.values())
        return result

    def _target(self, doc: Document, pid: str, node, client: str, protocol: str) -> Target:
        t = Target(name=f"{doc.display} provider {pid} (OpenCode)", client=client,
                   origin=ck.origin_of(doc, node), kind=TargetKind.CONFIG, protocol=protocol,
                   usage=ck.interactive("OpenCode"), committed=doc.committed)
        return t

    def _built_in(self, doc: Document, pid: str, node) -> Target:
        t = self._target(doc, pid, node, "opencode-openai", "openai")
        t.settings["provider_id"] = vk.literal(pid, None, None)
        t.base_url = ck.default(BUILT_IN[pid], f"OpenCode built-in provider {pid}")
        if pid in _BUILT_IN_KEY_VAR:
            t.key_variable = _BUILT_IN_KEY_VAR[pid]
        return t

    def _provider(self, doc: Document, pid: str, block) -> tuple[Target, set[str]]:
        npm = ck.scalar(doc, block.get("npm"))
        client, protocol = _NPM.get(str(npm.value) if npm else "", ("opencode-openai", "openai"))
        t = self._target(doc, pid, block, client, protocol)
        t.settings["provider_id"] = ck.key_value(doc, block, pid)
        if npm is not None:
            t.settings["npm"] = npm
        options = block.get("options")
        if options is not None and options.is_mapping:
            t.base_url = ck.scalar(doc, options.get("baseURL") or options.get("baseUrl"))
            t.key = ck.scalar(doc, options.get("apiKey"), secret=True)
            if t.key is not None:
                t.key_variable = t.key.variable
            for key in _OPTION_SETTINGS:
                v = ck.scalar(doc, options.get(key))
                if v is not None:
                    t.settings[key] = v
        if t.base_url is None and pid in BUILT_IN:
            t.base_url = ck.default(BUILT_IN[pid], f"OpenCode built-in provider {pid}")
            if t.key is None and pid in _BUILT_IN_KEY_VAR:
                t.key_variable = _BUILT_IN_KEY_VAR[pid]
        listed: set[str] = set()
        models = block.get("models")
        if models is not None and models.is_mapping:
            for mid, spec in models.items():
                listed.add(mid)
                override = ck.scalar(doc, spec.get("id")) if spec.is_mapping else None
                t.models.append(override if override is not None else ck.key_value(doc, spec, mid))
                if spec.is_mapping:
                    ck.flatten_params(doc, spec.get("options"), t.parameters, via=f"models.{mid}.options")
        return t, listed


READER = OpenCodeReader()
