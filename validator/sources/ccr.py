"""claude-code-router (CCR): ``~/.claude-code-router/config.json`` (config-formats.md §2.2).

One ``claude-code-router`` target per ``Providers[]`` entry. CCR is the one client that wants
the **full** request URL in ``api_base_url`` (``…/compatible-mode/v1/chat/completions``): the
catalogue's client entry says it appends nothing, so the URL rules invert for it.
``api_key`` is a literal (Secret) or ``$VAR`` / ``${VAR}``; ``models[]`` are the models; each
``Router`` entry (``"default": "provider,model"``…) adds its model part to that provider's
target, with ``settings["router.<role>"]`` recording the role.

Notes: ``unknown-provider: Router.<role>`` (the router names a provider not in ``Providers``),
``model-not-listed: <provider>,<model>`` (the router's model is not in that provider's
``models``).
"""

from __future__ import annotations

import re

from validator.model import Target, TargetKind, Value

from . import confkit as ck
from .base import Document, ReadResult

CLIENT = "claude-code-router"
_RELEVANT = r"Providers|api_base_url"


class ClaudeCodeRouterReader:
    """``.claude-code-router/config.json``."""

    name = "claude-code-router-config"

    def relevant(self, text: str) -> bool:
        return re.search(_RELEVANT, text) is not None

    def read(self, doc: Document) -> ReadResult:
        root, result = ck.read_mapping(doc, "jsonc", "claude-code-router config")
        if root is None:
            return result
        targets: dict[str, Target] = {}
        listed: dict[str, set[str]] = {}
        providers = root.get("Providers") or root.get("providers")
        if providers is not None and providers.is_sequence:
            for i, entry in enumerate(providers.value):
                if not entry.is_mapping:
                    continue
                name = ck.text(entry.get("name")) or f"Providers[{i}]"
                t = Target(name=f"{doc.display} provider {name} (claude-code-router)", client=CLIENT,
                           origin=ck.origin_of(doc, entry), kind=TargetKind.CONFIG, protocol="openai",
                           usage=ck.interactive("claude-code-router"), committed=doc.committed)
                t.base_url = ck.scalar(doc, entry.get("api_base_url"))
                t.key = ck.scalar(doc, entry.get("api_key"), secret=True)
                if t.key is not None:
                    t.key_variable = t.key.variable
                names = set()
                models = entry.get("models")
                if models is not None and models.is_sequence:
                    for node in models.value:
                        v = ck.scalar(doc, node)
                        if v is not None:
                            t.models.append(v)
                            names.add(v.value)
                transformer = entry.get("transformer")
                if transformer is not None:
                    t.settings["transformer"] = ck.scalar(doc, transformer) or \
                        Value(transformer.plain(), transformer.loc(doc.display))
                provider_name = ck.scalar(doc, entry.get("name"))
                if provider_name is not None:
                    t.settings["provider"] = provider_name
                targets[name] = t
                listed[name] = names
        router = root.get("Router")
        if router is not None and router.is_mapping:
            for role, node in router.items():
                value = ck.scalar(doc, node)
                if value is None or not isinstance(value.value, str) or "," not in value.value:
                    continue
                pid, model = ck.split(value, ",")
                target = targets.get(pid or "")
                if target is None:
                    if targets:
                        first = next(iter(targets.values()))
                        ck.add_note(first.notes, first.settings, "unknown-provider", f"Router.{role}", value)
                    continue
                if model is None:
                    continue
                target.settings[f"router.{role}"] = model
                if model.value in listed[pid or ""]:
                    continue
                target.models.append(model)
                ck.add_note(target.notes, target.settings, "model-not-listed", f"{pid},{model.value}", model)
        result.targets.extend(targets.values())
        return result


READER = ClaudeCodeRouterReader()
