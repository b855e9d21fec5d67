"""OpenCode config reader: npm packages decide the client, built-in ids, {env:VAR}, model selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.confkit import note_value
from validator.sources.opencode import BUILT_IN, READER
from validator.sources.registry import by_name
from readerkit import Fixtures

FIX = Fixtures(__file__, READER)
FIXTURES = FIX.folder
read = FIX.read
where = FIX.where


def matches(path: Path) -> bool:
    """What the walk decides: the client record's file patterns."""
    return by_name(READER.name).matches(path)


def providers(rel: str):
    return {t.settings["provider_id"].value: t for t in read(rel).targets}


def test_matches() -> None:
    assert matches(Path("/repo/opencode.json"))
    assert matches(Path("/home/u/.config/opencode/opencode.jsonc"))
    assert not matches(Path("/repo/package.json"))


def test_npm_package_decides_client_and_protocol() -> None:
    targets = providers("opencode.jsonc")
    assert (targets["bailian"].client, targets["bailian"].protocol) == ("opencode-openai", "openai")
    assert (targets["bailian-claude"].client, targets["bailian-claude"].protocol) == ("opencode-anthropic", "anthropic")


def test_jsonc_provider_values_and_positions() -> None:
    bailian = providers("opencode.jsonc")["bailian"]
    assert bailian.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert (bailian.base_url.loc.line, bailian.base_url.loc.column) == where("opencode.jsonc", '"https://dashscope.aliyuncs.com/compatible')
    assert bailian.key.origin is Origin.VARIABLE and bailian.key.variable == "DASHSCOPE_API_KEY"
    assert bailian.key_variable == "DASHSCOPE_API_KEY"
    # models are the keys of "models", each located at its key
    assert [m.value for m in bailian.models] == ["qwen3-coder-plus", "qwen3-max"]
    assert (bailian.models[1].loc.line, bailian.models[1].loc.column) == where("opencode.jsonc", '"qwen3-max"')
    # the top-level model names a listed model: recorded, not duplicated
    selected = bailian.settings["model"]
    assert selected.value == "qwen3-coder-plus" and selected.raw == "qwen3-coder-plus"
    line, col = where("opencode.jsonc", '"bailian/qwen3-coder-plus"')
    assert (selected.loc.line, selected.loc.column) == (line, col + 1 + len("bailian/"))
    assert bailian.settings["selected"].value is True


def test_literal_key_and_model_options() -> None:
    claude = providers("opencode.jsonc")["bailian-claude"]
    assert isinstance(claude.key.value, Secret)
    assert claude.parameters["thinking"].value == {"type": "enabled", "budgetTokens": 1024}


def test_builtin_provider_named_only_by_the_model_gets_its_default_host() -> None:
    cn = providers("opencode.jsonc")["alibaba-cn"]
    assert cn.base_url.value == BUILT_IN["alibaba-cn"] == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert cn.base_url.origin is Origin.DEFAULT and cn.base_url.loc is None
    assert [m.value for m in cn.models] == ["qwen-turbo"]
    assert cn.key_variable == "DASHSCOPE_API_KEY"


def test_builtin_provider_block_without_base_and_unlisted_model_note() -> None:
    targets = providers("opencode.json")
    plan = targets["alibaba-coding-plan-cn"]
    assert plan.base_url.value == "https://coding.dashscope.aliyuncs.com/v1" and plan.base_url.origin is Origin.DEFAULT
    assert plan.key.variable == "BAILIAN_CODING_PLAN_API_KEY"
    bailian = targets["bailian"]
    assert "model-not-listed: bailian/qwen-plus-typo" in bailian.notes
    typo = note_value(bailian, "model-not-listed: bailian/qwen-plus-typo")
    assert typo.value == "qwen-plus-typo" and typo.loc.line == 2
    assert "qwen-plus-typo" in [m.value for m in bailian.models]


@pytest.mark.parametrize("text", ["{", '{"provider": []}', '{"model": 3}', '{"provider": {"x": {"options": 1}}}'])
def test_bad_input_never_raises(text: str) -> None:
    result = READER.read(Document(Path("/x/opencode.json"), "opencode.json", text))
    assert all(p.rule == "parse-error" for p in result.problems)
