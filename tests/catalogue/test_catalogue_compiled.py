"""The prebuilt data and the exported JSON Schema are in sync with the YAML and the models."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from validator.catalogue import compile as compiler


def test_compiled_json_equals_a_fresh_compile() -> None:
    fresh = compiler.build()
    on_disk = json.loads(compiler.COMPILED.read_text(encoding="utf-8"))
    assert on_disk == fresh, "run: python -m validator.catalogue.compile"
    assert compiler.COMPILED.read_text(encoding="utf-8") == compiler.dumps(fresh)


def test_compile_check_command() -> None:
    assert compiler.main(["--check"]) == 0


def test_the_runtime_reads_the_marshal_copy_of_compiled_json() -> None:
    from validator.catalogue import index

    assert compiler.marshal_is_current(compiler.COMPILED.read_text(encoding="utf-8"))
    data = index._marshalled()
    assert data is not None and data == json.loads(compiler.COMPILED.read_text(encoding="utf-8"))


def test_the_marshal_copy_shares_its_repeated_short_strings() -> None:
    """Short values are interned before marshalling: each is loaded once and shared (a smaller
    file, a faster load), long texts are not."""
    from validator.catalogue import index

    data = index._marshalled()
    assert data is not None
    confidences = [m["confidence"] for m in data["models"] if m.get("confidence") == data["models"][0]["confidence"]]
    assert len(confidences) > 1 and all(c is confidences[0] for c in confidences)
    regions = [h["region"] for h in data["hosts"] if h["region"] == data["hosts"][0]["region"]]
    assert len(regions) > 1 and all(r is regions[0] for r in regions)


@pytest.mark.parametrize("damage", ["json edited", "marshal truncated", "marshal of another format", "marshal missing"])
def test_a_stale_or_damaged_marshal_copy_falls_back_to_the_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 damage: str) -> None:
    from validator.catalogue import index

    text = compiler.COMPILED.read_text(encoding="utf-8")
    blob = compiler.COMPILED_MARSHAL.read_bytes()
    edited = json.loads(text)
    edited["meta"]["version"] = "9999.1.1"
    if damage == "json edited":
        text = compiler.dumps(edited)
    elif damage == "marshal truncated":
        blob = blob[: len(blob) // 2]
    elif damage == "marshal of another format":
        import marshal

        blob = marshal.dumps(("msv-catalogue-0", len(text.encode("utf-8")), edited))
    (tmp_path / "compiled.json").write_text(text, encoding="utf-8")
    if damage != "marshal missing":
        (tmp_path / "compiled.marshal").write_bytes(blob)
    monkeypatch.setattr(index, "COMPILED", tmp_path / "compiled.json")
    index._bundled.cache_clear()
    try:
        assert index._marshalled() is None
        assert index._bundled().version == json.loads(text)["meta"]["version"]
    finally:
        index._bundled.cache_clear()


def test_compile_check_notices_a_stale_marshal_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    stale = tmp_path / "compiled.marshal"
    held = marshal.loads(compiler.COMPILED_MARSHAL.read_bytes())
    held[2]["meta"]["as_of"] = "1999-01-01"
    stale.write_bytes(marshal.dumps(held))
    monkeypatch.setattr(compiler, "COMPILED_MARSHAL", stale)
    assert compiler.main(["--check"]) == 1


def test_schema_file_in_sync() -> None:
    path = compiler.schema_path()
    assert path.read_text(encoding="utf-8") == compiler.schema_text(), "run: python -m validator.catalogue.compile"


def test_bundled_yaml_valid_against_exported_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from validator.parsing import parse_yaml

    schema = json.loads(compiler.schema_path().read_text(encoding="utf-8"))
    for name in compiler.BUNDLED_FILES:
        data = parse_yaml((compiler.DATA_DIR / name).read_text(encoding="utf-8"))[0].plain()
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"hosts": [{"id": "x", "regoin": "y"}]}, schema)


def test_every_bundled_file_is_compiled() -> None:
    on_disk = sorted(p.name for p in compiler.DATA_DIR.glob("*.yaml"))
    assert on_disk == sorted(compiler.BUNDLED_FILES)


def test_runtime_does_not_import_pydantic_or_yaml() -> None:
    code = textwrap.dedent("""
        import sys
        from validator.catalogue import load
        cat = load()
        cat.resolve("https://dashscope-intl.aliyuncs.com/compatible-mode/v1")
        cat.model("qwen-plus"); cat.key_shape("sk-x"); cat.match_error(401, "{}"); cat.client("litellm")
        bad = [m for m in ("pydantic", "yaml", "httpx", "validator.schemas.catalogue") if m in sys.modules]
        print(",".join(bad))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_compiled_covers_the_catalogue() -> None:
    data = json.loads(compiler.COMPILED.read_text(encoding="utf-8"))
    assert {r["id"] for r in data["regions"]} >= {"cn-beijing", "ap-southeast-1", "us-east-1", "eu-central-1",
                                                  "ap-northeast-1", "cn-hongkong", "cn-shanghai-finance-1"}
    assert {p["id"] for p in data["plans"]} >= {"payg", "token-plan", "coding-plan", "free-quota"}
    assert len(data["models"]) > 100
    assert {e["meaning"] for e in data["errors"]} >= {
        "invalid-key", "no-key", "general-key-on-plan-host", "plan-key-on-general-host", "workspace-not-authorised",
        "model-not-granted", "rate-limit", "quota", "free-tier-only", "arrears", "unsupported-model-for-interface",
        "model-not-found", "not-activated"}
    assert {s["protocol"] for s in data["shapes"]} == {"openai", "anthropic", "dashscope"}
    assert {n["family"] for n in data["no_probe"]} == {"plan"}


def test_snapshot_inherits_parent_citation() -> None:
    data = json.loads(compiler.COMPILED.read_text(encoding="utf-8"))
    by_name = {m["name"]: m for m in data["models"]}
    assert by_name["qwen-flash-2025-07-28"]["source"] == by_name["qwen-flash"]["source"]
    assert by_name["qwen-plus-2025-12-01"]["confidence"] == "official"
    assert by_name["qwen-plus-0714"]["confidence"] == "seed"
