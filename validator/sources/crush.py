"""Crush (charmbracelet): ``crush.json`` / ``.crush.json`` in the project, or
``~/.config/crush/crush.json`` (config-formats.md §6.5).

One target per ``providers.<id>``: ``type`` ``openai-compat`` / ``openai`` → client ``crush``
(appends ``/chat/completions``), ``anthropic`` → ``crush-anthropic``. ``base_url`` is the base,
``api_key`` a literal Secret or ``$VAR`` (Crush expands it from the environment), ``models[].id``
the models. The top-level ``models.{large,small}`` selection (``{"model", "provider"}``) adds its
model to that provider and notes ``model-not-listed: <provider>/<model>`` when the provider does
not list it. ``extra_body`` entries are parameters.
"""

from __future__ import annotations

from validator.model import Target, TargetKind

from . import confkit as ck
from . import valuekit as vk
from .base import Document, ReadResult

_TYPES = {"openai-compat": ("crush", "openai"), "openai": ("crush", "openai"),
          "anthropic": ("crush-anthropic", "anthropic")}


class CrushReader:
    """``crush.json`` / ``.crush.json``."""

    name = "crush-config"

    def relevant(self, text: str) -> bool:
        return "providers" in text or "base_url" in text

    def read(self, doc: Document) -> ReadResult:
        root, result = ck.read_mapping(doc, "jsonc", "Crush config")
        if root is None:
            return result
        targets: dict[str, Target] = {}
        listed: dict[str, set[str]] = {}
        providers = root.get("providers")
        if providers is not None and providers.is_mapping:
            for pid, block in providers.items():
                if block.is_mapping:
                    targets[pid], listed[pid] = self._provider(doc, pid, block)
        selection = root.get("models")
        if selection is not None and selection.is_mapping:
            for role, choice in selection.items():
                if not choice.is_mapping:
                    continue
                pid = ck.text(choice.get("provider"))
                model = ck.scalar(doc, choice.get("model"))
                target = targets.get(pid or "")
                if target is None or model is None:
                    continue
                target.settings[f"models.{role}"] = model
                if model.value not in listed[pid or ""]:
                    target.models.append(model)
                    ck.add_note(target.notes, target.settings, "model-not-listed", f"{pid}/{model.value}", model)
        result.targets.extend(targets.values())
        return result

    def _provider(self, doc: Document, pid: str, block) -> tuple[Target, set[str]]:
        kind = ck.scalar(doc, block.get("type"))
        client, protocol = _TYPES.get(str(kind.value) if kind else "", ("crush", "openai"))
        t = Target(name=f"{doc.display} provider {pid} (Crush)", client=client, origin=ck.origin_of(doc, block),
                   kind=TargetKind.CONFIG, protocol=protocol, usage=ck.interactive("Crush"),
                   committed=doc.committed)
        t.settings["provider_id"] = vk.literal(pid, None, None)
        if kind is not None:
            t.settings["type"] = kind
        t.base_url = ck.scalar(doc, block.get("base_url"))
        t.key = ck.scalar(doc, block.get("api_key"), secret=True)
        if t.key is not None:
            t.key_variable = t.key.variable
        names: set[str] = set()
        models = block.get("models")
        if models is not None and models.is_sequence:
            for spec in models.value:
                mid = ck.scalar(doc, spec.get("id")) if spec.is_mapping else ck.scalar(doc, spec)
                if mid is not None:
                    t.models.append(mid)
                    names.add(mid.value)
        ck.flatten_params(doc, block.get("extra_body"), t.parameters, via="extra_body")
        return t, names


READER = CrushReader()
