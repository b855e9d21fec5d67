"""msv's own modelstudio.yaml: targets, declared context, schema errors with positions, schema export."""

from __future__ import annotations

import json
from pathlib import Path

from validator.engine import Options
from validator.model import Origin, Secret
from validator.sources import collect
from validator.sources.base import Document
from validator.sources.modelstudio import READER

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = Path(__file__).resolve().parents[3] / "schemas" / "modelstudio.schema.json"


def read(rel: str):
    path = FIXTURES / rel
    text = path.read_text(encoding="utf-8")
    return READER.read(Document(path, rel, text)), text


def test_names() -> None:
    for name in ("modelstudio.yaml", ".modelstudio.yaml", "modelstudio.yml"):
        assert READER.matches(Path("/r") / name)
    assert not READER.matches(Path("/r/modelstudio.json"))


def test_targets_fields_and_positions(locate) -> None:
    result, text = read("good/modelstudio.yaml")
    assert not result.problems
    backend, laptop = result.targets
    assert backend.name == "backend" and backend.client == "openai-compatible"
    assert backend.base_url.value == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    assert (backend.base_url.loc.line, backend.base_url.loc.column) == locate(text, "https://dashscope-intl")
    assert backend.key.origin is Origin.VARIABLE and backend.key.variable == "DASHSCOPE_API_KEY"
    assert backend.key_variable == "DASHSCOPE_API_KEY"
    assert [m.value for m in backend.models] == ["qwen-plus"]
    assert {k: v.value for k, v in backend.parameters.items()} == {"temperature": 0.7, "top_p": 0.8,
                                                                  "enable_thinking": False}
    assert backend.parameters["temperature"].loc.line == locate(text, "temperature")[0]
    assert [f.value for f in backend.features] == ["batch-inference"]
    assert backend.usage.value == "backend" and backend.usage.origin is Origin.DECLARED
    assert backend.residency.value == "intl"
    assert backend.key_region.value == "ap-southeast-1" and backend.key_region.origin is Origin.DECLARED
    assert backend.key_plan.value == "payg"
    assert laptop.client == "claude-code"
    assert laptop.base_url.origin is Origin.VARIABLE and laptop.base_url.variable == "ANTHROPIC_BASE_URL"
    assert laptop.base_url.fallback.value == "https://coding.dashscope.aliyuncs.com/apps/anthropic"
    assert [m.value for m in laptop.models] == ["qwen3-coder-plus", "qwen3-coder-flash"]
    assert laptop.key_plan.value == "coding-plan"


def test_unknown_field_and_bad_enum_point_at_their_lines(locate) -> None:
    result, text = read("typo/.modelstudio.yaml")
    msgs = {p.message: p.loc for p in result.problems}
    unknown = next(loc for m, loc in msgs.items() if "unknown field" in m and "base_ulr" in m)
    assert (unknown.line, unknown.column) == locate(text, "base_ulr")
    usage = next(loc for m, loc in msgs.items() if "usage" in m)
    assert usage.line == locate(text, "usage: batch")[0]
    assert [t.name for t in result.targets] == ["ok"]               # the broken entry yields no target


def test_key_in_api_key_env_is_recorded_as_a_literal_key() -> None:
    result, _ = read("leak/modelstudio.yaml")
    (t,) = result.targets
    assert isinstance(t.key.value, Secret) and t.key.origin is Origin.LITERAL
    assert t.key_variable is None
    assert any("api_key_env must name the variable" in n for n in t.notes)
    assert str(t.key.value) == t.key.value.fingerprint                # prints as a fingerprint


def test_wrong_version_yields_no_targets() -> None:
    result, _ = read("version/modelstudio.yaml")
    assert not result.targets
    assert any(p.loc.line == 1 for p in result.problems)


def test_linked_with_the_environment_and_defaults(tree, catalogue) -> None:
    tree({"modelstudio.yaml": (FIXTURES / "good/modelstudio.yaml").read_text(),
          ".env": "DASHSCOPE_API_KEY=sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0\n"})
    got = collect([], Options(), catalogue)
    backend = next(t for t in got.targets if t.name == "backend")
    assert backend.key.value == Secret("sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    assert backend.key.loc.path == ".env"
    assert backend.protocol == "openai"                                # from the catalogue client
    laptop = next(t for t in got.targets if t.name == "laptop")
    assert laptop.base_url.value == "https://coding.dashscope.aliyuncs.com/apps/anthropic"   # the ${X:-d} default
    assert "default in the reference" in laptop.base_url.via
    assert laptop.key.value is None and "not defined" in laptop.key.via


def test_unknown_client_is_a_parse_error(tree, catalogue, locate) -> None:
    text = "version: 1\ntargets:\n  - name: x\n    client: claude-cod\n"
    tree({"modelstudio.yaml": text})
    got = collect([], Options(), catalogue)
    (p,) = [p for p in got.problems if "unknown client" in p.message]
    assert (p.loc.line, p.loc.column) == locate(text, "claude-cod")


def _differences(a, b, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)
                for d in _differences(a.get(k), b.get(k), f"{path}/{k}")]
    return [] if a == b else [f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"]


def test_schema_file_is_in_sync_with_the_model() -> None:
    from validator.schemas.config import schema

    exported = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert not _differences(exported, schema()), (
        "regenerate: python -m validator.schemas.config > schemas/modelstudio.schema.json")


def test_schema_validates_the_fixtures() -> None:
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    good = yaml.safe_load((FIXTURES / "good/modelstudio.yaml").read_text())
    assert not list(validator.iter_errors(good))
    typo = yaml.safe_load((FIXTURES / "typo/.modelstudio.yaml").read_text())
    assert list(validator.iter_errors(typo))
