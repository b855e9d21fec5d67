"""Continue config reader: YAML and legacy JSON models, ${{ secrets.X }} as environment references."""

from __future__ import annotations

from pathlib import Path

from validator.model import Origin, Secret
from validator.sources.continue_dev import READER
from validator.sources.registry import by_name
from readerkit import Fixtures

FIX = Fixtures(__file__, READER)
FIXTURES = FIX.folder
read = FIX.read


def matches(path: Path) -> bool:
    """What the walk decides: the client record's file patterns."""
    return by_name(READER.name).matches(path)


def test_matches() -> None:
    assert matches(Path("/home/u/.continue/config.yaml"))
    assert matches(Path("/repo/.continue/models/qwen.yaml"))
    assert not matches(Path("/repo/config.yaml"))


def test_yaml_models_with_model_studio_protocols_only() -> None:
    targets = read(".continue/config.yaml").targets
    assert [t.models[0].value for t in targets] == ["qwen3-coder-plus", "qwen-coder-plus-latest"]   # ollama skipped
    first, second = targets
    assert (first.client, first.protocol) == ("continue", "openai")
    assert first.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert (first.base_url.loc.line, first.base_url.loc.column) == (8, 14)
    # secrets.X in a local Continue config is read from .continue/.env: an environment reference
    assert first.key.origin is Origin.VARIABLE and first.key.variable == "DASHSCOPE_API_KEY"
    assert first.parameters["temperature"].value == 0.2 and first.parameters["max_tokens"].value == 4096
    assert first.settings["roles"].value == ["chat", "edit", "apply"]
    assert second.base_url is None and isinstance(second.key.value, Secret)


def test_legacy_json_anthropic_provider() -> None:
    [t] = read(".continue/config.json").targets
    assert (t.client, t.protocol) == ("continue-anthropic", "anthropic")
    assert t.models[0].value == "qwen3-max" and t.parameters["top_p"].value == 0.9
    assert "Qwen Max" in t.name
