"""Aider .aider.conf.yml reader: route prefixes, set-env and api-key lists as bindings."""

from __future__ import annotations

from pathlib import Path

from validator.model import Secret
from validator.sources.aider import READER
from validator.sources.base import Document
from readerkit import Fixtures

FIX = Fixtures(__file__, READER)
FIXTURES = FIX.folder
read = FIX.read


def test_dashscope_route_is_litellm_with_set_env_base_and_api_key_list() -> None:
    result = read(".aider.conf.yml")
    [t] = result.targets
    assert (t.client, t.settings["tool"].value, t.settings["route"].value) == ("litellm", "aider", "dashscope")
    assert [m.value for m in t.models] == ["qwen3-coder-plus", "qwen-turbo"]
    assert (t.models[0].loc.line, t.models[0].loc.column) == (2, 18)       # after "dashscope/"
    assert t.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert t.base_url.variable == "DASHSCOPE_API_BASE"
    assert (t.base_url.loc.line, t.base_url.loc.column) == (5, 24)          # after "DASHSCOPE_API_BASE="
    assert isinstance(t.key.value, Secret) and t.key.variable == "DASHSCOPE_API_KEY"
    assert (t.key.loc.line, t.key.loc.column) == (7, 15)                   # after "dashscope="
    names = {b.name: b for b in result.bindings}
    assert set(names) == {"DASHSCOPE_API_BASE", "DASHSCOPE_API_KEY"}
    assert all(b.scope == "settings" for b in result.bindings)
    assert isinstance(names["DASHSCOPE_API_KEY"].value, Secret)


def test_openai_route_uses_openai_api_base() -> None:
    [t] = read("openai/.aider.conf.yml").targets
    assert t.client == "aider" and t.models[0].value == "qwen-plus"
    assert t.base_url.value.startswith("https://dashscope-intl")
    assert isinstance(t.key.value, Secret)


def test_unrelated_config_gives_no_target() -> None:
    result = READER.read(Document(Path("/x/.aider.conf.yml"), ".aider.conf.yml", "model: gpt-4o\ndark-mode: true\n"))
    assert result.targets == [] and result.problems == []
