"""Spring application.yml / .properties reader: relaxed binding, overrides, placeholders, profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.spring import READER, parse_properties
from validator.sources.registry import by_name
from readerkit import Fixtures

FIX = Fixtures(__file__, READER)
FIXTURES = FIX.folder
read = FIX.read
where = FIX.where


def matches(path: Path) -> bool:
    """What the walk decides: the client record's file patterns."""
    return by_name(READER.name).matches(path)


def test_matches() -> None:
    for name in ("application.yml", "application.yaml", "application-prod.properties", "bootstrap.yml"):
        assert matches(Path("/app/src/main/resources") / name)
    assert not matches(Path("/app/config.yml"))
    assert not matches(Path("/app/application.json"))


def test_yaml_targets_per_starter_and_profile() -> None:
    result = read("application.yml")
    assert result.problems == []
    assert [(t.client, t.protocol) for t in result.targets] == [
        ("spring-ai-dashscope", "dashscope"), ("spring-ai-openai", "openai"), ("spring-ai-dashscope", "dashscope")]
    assert "profile intl" in result.targets[2].name


def test_dashscope_starter_fields_with_positions() -> None:
    dash = read("application.yml").targets[0]
    assert dash.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert (dash.base_url.loc.line, dash.base_url.loc.column) == where("application.yml", "https://dashscope.aliyuncs.com/compatible-mode/v1")
    assert dash.key.origin is Origin.VARIABLE and dash.key.variable == "AI_DASHSCOPE_API_KEY"
    assert [m.value for m in dash.models] == ["qwen-max"]
    assert dash.parameters["temperature"].value == 0.7
    assert dash.parameters["max_tokens"].value == 2048          # max-tokens → max_tokens
    assert dash.settings["workspace"].value == "ws-0a1b2c3d4e5f6a7b"


def test_chat_base_url_wins_and_placeholder_default_is_a_secret_fallback() -> None:
    openai = read("application.yml").targets[1]
    assert openai.base_url.value == "https://dashscope-intl.aliyuncs.com/compatible-mode"
    [general] = openai.base_url.overridden
    assert general.value == "https://dashscope.aliyuncs.com/compatible-mode"
    assert openai.key.variable == "DASHSCOPE_API_KEY"
    assert isinstance(openai.key.fallback.value, Secret)          # ${VAR:default} with a key as default
    assert openai.parameters["top_p"].value == 0.8                # topP → top_p


def test_dotted_keys_and_relaxed_binding_in_a_profile_document() -> None:
    intl = read("application.yml").targets[2]
    assert intl.base_url.value == "https://dashscope-intl.aliyuncs.com"
    assert intl.base_url.loc.line == where("application.yml", "spring.ai.dashscope.base-url")[0]
    assert isinstance(intl.key.value, Secret)                     # api_key == api-key


def test_properties_file_with_continuation_and_comments() -> None:
    rel = "application-prod.properties"
    dash, openai = read(rel).targets
    assert openai.client == "spring-ai-openai"
    assert openai.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert (openai.base_url.loc.line, openai.base_url.loc.column) == where(rel, "https://")
    assert openai.key.variable == "DASHSCOPE_API_KEY"
    assert [m.value for m in openai.models] == ["qwen3-max"]       # "key: value" form
    temp = openai.parameters["temperature"]
    assert temp.value == "0.5" and (temp.loc.line, temp.loc.column) == (6, 5)   # starts on the continuation line
    assert [m.value for m in dash.models] == ["text-embedding-v4"]


def test_properties_parser_edge_cases() -> None:
    flat = parse_properties("a.b=\nkey\\ with\\ space = v\nx=y\\\n")
    assert flat["a.b"][1].value == ""
    assert flat["key with space"][1].value == "v"
    assert flat["x"][1].value == "y"


@pytest.mark.parametrize("text", ["spring: [", "spring:\n  ai: 3\n", "- a\n- b\n",
                                  "spring:\n  ai:\n    openai: null\n"])
def test_bad_yaml_never_raises(text: str) -> None:
    result = READER.read(Document(Path("/x/application.yml"), "application.yml", text))
    assert all(p.rule == "parse-error" for p in result.problems)
