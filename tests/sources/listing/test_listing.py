"""`msv check --list-targets`: every target field by field; secrets only as fingerprints."""

from __future__ import annotations

import json

import pytest

from validator.engine import Options
from validator.listing import render_targets
from validator.model import fingerprint
from validator.sources import collect

KEY_ENV = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
KEY_SHELL = "sk-a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.fixture
def found(tree, catalogue):
    tree({".env": f"OPENAI_API_KEY={KEY_ENV}\nOPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n",
          "env.sh": f"export OPENAI_API_KEY={KEY_SHELL}\n"})
    return collect([], Options(), catalogue), catalogue


def test_text(found) -> None:
    got, catalogue = found
    out = render_targets(got.targets, "text", catalogue=catalogue)
    assert KEY_ENV not in out and KEY_SHELL not in out
    assert fingerprint(KEY_SHELL) in out and fingerprint(KEY_ENV) in out
    assert "openai-sdk @ .env" in out and "read by: openai-sdk (OpenAI SDK" in out
    assert "at .env:2:17  (literal via OPENAI_BASE_URL)" in out
    assert "at env.sh:1:23  (variable via OPENAI_API_KEY)" in out
    assert f"lost: OPENAI_API_KEY {fingerprint(KEY_ENV)} at .env:1:16" in out
    assert "why: shell (env.sh:1) wins over .env (.env:1)" in out
    assert out.rstrip().endswith("targets.")


def test_json(found) -> None:
    got, catalogue = found
    out = render_targets(got.targets, "json", catalogue=catalogue)
    assert KEY_ENV not in out and KEY_SHELL not in out
    data = json.loads(out)
    t = next(t for t in data["targets"] if t["name"] == "openai-sdk @ .env")
    assert t["client"] == "openai-sdk" and t["kind"] == "config" and t["protocol"] == "openai"
    assert t["location"]["path"] == ".env"
    fields = {f["field"]: f for f in t["fields"]}
    key = fields["key"]
    assert key["secret"] is True and key["value"] == fingerprint(KEY_SHELL)
    assert key["origin"] == "variable" and key["variable"] == "OPENAI_API_KEY"
    assert key["location"] == {"path": "env.sh", "line": 1, "column": 23, "end_line": 1, "end_column": 58}
    assert [o["location"]["path"] for o in key["overridden"]] == [".env"]
    assert key["overridden"][0]["value"] == fingerprint(KEY_ENV)
    assert fields["base_url"]["value"] == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"


def test_no_targets_and_bad_format() -> None:
    assert "No targets found" in render_targets([], "text")
    assert json.loads(render_targets([], "json")) == {"targets": []}
    with pytest.raises(ValueError):
        render_targets([], "xml")


def test_secret_shaped_text_outside_key_fields_is_redacted(tree, catalogue) -> None:
    tree({"notes.md": f"dashscope key: {KEY_ENV} for https://dashscope.aliyuncs.com/compatible-mode/v1?k={KEY_SHELL}\n"})
    got = collect([], Options(), catalogue)
    for fmt in ("text", "json"):
        out = render_targets(got.targets, fmt)
        assert KEY_ENV not in out and KEY_SHELL not in out
