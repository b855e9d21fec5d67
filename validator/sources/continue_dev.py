"""Continue: ``~/.continue/config.yaml`` (current), legacy ``config.json``, and workspace blocks
under ``.continue/`` (config-formats.md §6.2).

One target per ``models[]`` entry whose ``provider`` speaks a Model Studio protocol
(``openai`` and ``openai-compatible`` → client ``continue``; ``anthropic`` →
``continue-anthropic``), or whose ``apiBase`` is a Model Studio host. ``apiBase`` is the base,
``apiKey`` a literal Secret or ``${{ secrets.X }}`` — which Continue resolves from
``.continue/.env`` / ``~/.continue/.env`` for local configs, so it becomes a reference to the
environment variable ``X``. ``defaultCompletionOptions`` (``completionOptions`` in JSON) are
parameters (``maxTokens`` → ``max_tokens``). Without ``apiBase`` Continue sends the key to the
provider's public default (the catalogue's client default).
"""

from __future__ import annotations

from validator.model import Target, TargetKind, Value

from . import confkit as ck
from .base import Document, ReadResult
from .markers import is_modelstudio_url
from .spring import param_name

_PROVIDERS = {"openai": ("continue", "openai"), "openai-compatible": ("continue", "openai"),
              "anthropic": ("continue-anthropic", "anthropic")}


class ContinueReader:
    """Continue ``config.yaml`` / ``config.json`` and ``.continue/**`` blocks."""

    name = "continue-config"

    def relevant(self, text: str) -> bool:
        return "models" in text and "provider" in text

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        fmt = "jsonc" if doc.suffix == ".json" else "yaml"
        parsed, problem = ck.parse(doc, fmt, "Continue config")
        if problem is not None:
            result.problems.append(problem)
            return result
        roots = parsed if isinstance(parsed, list) else [parsed]
        for root in roots:
            if not root.is_mapping:
                continue
            models = root.get("models")
            if models is None or not models.is_sequence:
                continue
            for i, entry in enumerate(models.value):
                if entry.is_mapping:
                    t = self._entry(doc, entry, i)
                    if t is not None:
                        result.targets.append(t)
        return result

    def _entry(self, doc: Document, entry, i: int) -> Target | None:
        provider = ck.scalar(doc, entry.get("provider"))
        base = ck.scalar(doc, entry.get("apiBase"))
        client, protocol = _PROVIDERS.get(str(provider.value) if provider else "", (None, None))
        if client is None:
            if base is None or not is_modelstudio_url(base.value):
                return None
            client, protocol = "continue", "openai"
        title = ck.text(entry.get("name")) or ck.text(entry.get("title")) or f"models[{i}]"
        t = Target(name=f"{doc.display} {title} (Continue)", client=client, origin=ck.origin_of(doc, entry),
                   kind=TargetKind.CONFIG, protocol=protocol, usage=ck.interactive("Continue"),
                   committed=doc.committed)
        t.base_url = base
        t.key = ck.scalar(doc, entry.get("apiKey"), secret=True, secrets_are_env=True)
        if t.key is not None:
            t.key_variable = t.key.variable
        model = ck.scalar(doc, entry.get("model"))
        if model is not None:
            t.models.append(model)
        if provider is not None:
            t.settings["provider"] = provider
        roles = entry.get("roles")
        if roles is not None and roles.is_sequence:
            t.settings["roles"] = Value(roles.plain(), roles.loc(doc.display))
        for field in ("defaultCompletionOptions", "completionOptions"):
            ck.flatten_params(doc, entry.get(field), t.parameters, rename=param_name)
        return t


READER = ContinueReader()
