"""Export a pydantic model as a JSON Schema file body, the same way for every input schema.

Enum lists are sorted: ``typing`` caches ``Literal`` types by their set of values, so the order
pydantic sees depends on which module happened to spell the same literal first. The exported
files must not depend on import order (the sync tests compare them byte for byte).
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(model: Any, *, by_alias: bool = False, **extra: Any) -> dict[str, Any]:
    """``model.model_json_schema()`` with sorted enums, the draft URI and ``extra`` top-level keys."""
    doc = sorted_enums(model.model_json_schema(by_alias=by_alias))
    doc["$schema"] = DRAFT
    doc.update(extra)
    return doc


def sorted_enums(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (sorted(v, key=str) if k == "enum" and isinstance(v, list) else sorted_enums(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [sorted_enums(v) for v in node]
    return node
