"""``modelstudio.yaml`` / ``.modelstudio.yaml``: msv's own declarative description of targets.

People who want a check to know exactly what they run (and not have msv guess from variable
names) list their client configurations here::

    version: 1
    targets:
      - name: backend
        client: openai-compatible      # anthropic-compatible, dashscope, or a tool id (claude-code…)
        base_url: https://dashscope-intl.aliyuncs.com/compatible-mode/v1
        api_key_env: DASHSCOPE_API_KEY   # the variable's NAME, never the key
        model: qwen-plus
        parameters: {temperature: 0.7}
        features: [batch-inference]
        usage: backend
        residency: intl
        key: {region: ap-southeast-1, plan: payg}

Unknown fields are errors (a misspelt ``base_ulr`` that silently does nothing is worse than a
loud message). ``modelstudio.schema.json`` next to this file is exported from
:class:`ModelStudioConfig` (``python -m validator.schemas.config``); a test keeps them in sync.
This module imports pydantic, so it is imported only when such a file is found.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from validator.vocab import PLANS, RESIDENCIES

Residency = Literal[RESIDENCIES]  # type: ignore[valid-type]  (validator/vocab.py is the one list)


class KeyContext(BaseModel):
    """What you know about the API key the target uses (never the key itself)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str | None = Field(None, description="Region the key was created in, e.g. cn-beijing or ap-southeast-1.")
    plan: Literal[PLANS] | None = Field(None, description="Plan the key belongs to.")  # type: ignore[valid-type]
    workspace: str | None = Field(None, description="Workspace id the key was created in.")


class TargetConfig(BaseModel):
    """One client configuration."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="A name for this target, shown in findings.")
    client: str = Field(
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description="openai-compatible, anthropic-compatible, dashscope, or a catalogue client id "
                    "(claude-code, qwen-code, codex, litellm, openai-sdk…).")
    base_url: str | None = Field(None, description="The base URL the client is given (may be ${VAR}).")
    api_key_env: str | None = Field(
        None, description="Name of the environment variable that holds the key. Never the key itself.")
    model: str | None = Field(None, description="The model the client calls.")
    models: list[str] | None = Field(None, description="Several models the client calls.")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Request parameters (temperature, top_p…).")
    features: list[str] = Field(default_factory=list, description="Features used (batch-inference, fine-tuning…).")
    usage: Literal["backend", "interactive"] | None = Field(
        None, description="backend (apps, scripts, services) or interactive (an AI coding tool).")
    residency: Residency | None = Field(None, description="Where inference must stay.")
    key: KeyContext | None = Field(None, description="Declared context about the key.")

    @model_validator(mode="after")
    def _one_model_field(self) -> "TargetConfig":
        if self.model is not None and self.models is not None:
            raise ValueError("give either model or models, not both")
        return self


class ModelStudioConfig(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="modelstudio.yaml")

    version: Literal[1] = Field(description="Format version; 1.")
    targets: list[TargetConfig] = Field(default_factory=list, description="The client configurations.")


GENERIC_CLIENTS = ("anthropic-compatible", "dashscope", "openai-compatible")


def schema() -> dict[str, Any]:
    """The exported schema, with the catalogue's client and region ids for editors.

    ``client`` gets ``anyOf: [enum of known ids, the id pattern]``: editors complete the known
    ids, and a client newer than the catalogue still validates (msv says "not in our
    catalogue", never "invalid"). ``key.region`` gets the region ids and aliases as an enum:
    msv rejects any other region, as ``--key-region`` does.
    """
    from validator.catalogue import load

    from .export import json_schema

    doc = json_schema(ModelStudioConfig)
    cat = load(())
    clients = sorted({*GENERIC_CLIENTS, *(c.id for c in cat.clients())})
    regions = sorted({name for r in cat.regions() for name in (r.id, *r.aliases)})
    client = doc["$defs"]["TargetConfig"]["properties"]["client"]
    pattern = {"type": "string", "pattern": client.pop("pattern")}
    client.pop("type", None)
    client["anyOf"] = [{"enum": clients}, pattern]
    region = doc["$defs"]["KeyContext"]["properties"]["region"]
    region["anyOf"] = [{"enum": regions}, {"type": "null"}]
    region["description"] = "Region the key was created in (a catalogue region id or alias)."
    return doc


def main() -> None:  # pragma: no cover - exercised through the schema sync test
    print(json.dumps(schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
