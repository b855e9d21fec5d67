"""Crush crush.json reader: provider types, $VAR keys, models[].id, large/small selection."""

from __future__ import annotations

from pathlib import Path

from validator.model import Origin
from validator.sources.base import Document
from validator.sources.confkit import note_value
from validator.sources.crush import READER

FIXTURES = Path(__file__).parent / "fixtures"


def read():
    path = FIXTURES / "crush.json"
    return READER.read(Document(path, "crush.json", path.read_text(encoding="utf-8")))


def test_providers_become_targets_by_type() -> None:
    bailian, anthropic = read().targets
    assert (bailian.client, bailian.protocol) == ("crush", "openai")
    assert (anthropic.client, anthropic.protocol) == ("crush-anthropic", "anthropic")
    assert bailian.key.origin is Origin.VARIABLE and bailian.key.variable == "DASHSCOPE_API_KEY"
    assert anthropic.key.variable == "DASHSCOPE_API_KEY"                 # ${VAR} form too
    assert (bailian.base_url.loc.line, bailian.base_url.loc.column) == (10, 19)
    assert bailian.parameters["enable_thinking"].value is False


def test_selection_of_an_unlisted_model_is_noted() -> None:
    bailian, _ = read().targets
    assert [m.value for m in bailian.models] == ["qwen3-coder-plus", "qwen-flash"]
    assert bailian.settings["models.large"].value == "qwen3-coder-plus"
    assert "model-not-listed: bailian/qwen-flash" in bailian.notes
    assert note_value(bailian, "model-not-listed: bailian/qwen-flash").loc.line == 5
