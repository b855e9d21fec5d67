"""Codex config.toml reader: multi-provider TOML, selection, env_key, wire_api, legacy profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.codex import READER
from validator.sources.registry import by_name
from validator.sources.confkit import note_value
from readerkit import Fixtures

FIX = Fixtures(__file__, READER)
FIXTURES = FIX.folder
read = FIX.read
where = FIX.where


def matches(path: Path) -> bool:
    """What the walk decides: the client record's file patterns."""
    return by_name(READER.name).matches(path)


def by_provider(targets):
    return {t.settings["provider_id"].value: t for t in targets}


GOOD = "good/.codex/config.toml"
MISTAKES = "mistakes/.codex/config.toml"
UNSELECTED = "unselected/.codex/config.toml"


def test_matches_and_relevance() -> None:
    assert matches(Path("/home/u/.codex/config.toml"))
    assert matches(Path("/home/u/.codex/work.config.toml"))
    assert not matches(Path("/repo/pyproject.toml"))
    assert not READER.relevant('[package]\nname = "x"\n')          # a Hugo / cargo config.toml
    assert READER.relevant((FIXTURES / GOOD).read_text())


def test_multi_provider_toml_gives_one_target_per_provider() -> None:
    result = read(GOOD)
    assert result.problems == []
    targets = by_provider(result.targets)
    assert set(targets) == {"bailian", "dashscope-intl"}
    bailian, intl = targets["bailian"], targets["dashscope-intl"]
    assert all(t.client == "codex" and t.protocol == "openai" for t in result.targets)
    assert bailian.settings["selected"].value is True and intl.settings["selected"].value is False
    # only the selected provider sends the top-level model
    assert [m.value for m in bailian.models] == ["qwen3.6-plus"] and intl.models == []
    assert (bailian.models[0].loc.line, bailian.models[0].loc.column) == (2, 9)
    assert (bailian.base_url.loc.line, bailian.base_url.loc.column) == where(GOOD, '"https://dashscope.aliyuncs.com')
    assert bailian.settings["wire_api"].value == "responses" and bailian.settings["api"].value == "responses"
    assert intl.settings["api"].origin is Origin.DEFAULT
    # a TOML literal string is kept as written
    assert intl.base_url.raw == "'https://dashscope-intl.aliyuncs.com/compatible-mode/v1'"
    assert intl.settings["query_params"].value == {"x-trace": "1"}
    assert bailian.settings["model_reasoning_effort"].value == "medium"


def test_env_key_is_the_name_of_the_variable() -> None:
    bailian = by_provider(read(GOOD).targets)["bailian"]
    assert bailian.key_variable == "DASHSCOPE_API_KEY"
    assert bailian.key.origin is Origin.VARIABLE and bailian.key.value is None
    assert (bailian.key.loc.line, bailian.key.loc.column) == where(GOOD, '"DASHSCOPE_API_KEY"')


def test_mistakes_are_noted() -> None:
    targets = by_provider(read(MISTAKES).targets)
    openai, coding = targets["openai"], targets["coding"]
    assert "reserved-provider: openai" in openai.notes
    assert "wire-api-chat: model_providers.openai" in openai.notes
    assert openai.settings["api"].value == "chat.completions"
    literal = note_value(openai, "literal-env-key: model_providers.openai.env_key")
    assert isinstance(literal.value, Secret) and literal.loc.line == 8
    assert openai.key is None                          # Codex would look up a variable called "sk-…"
    inline = note_value(coding, "ignored-key: model_providers.coding.api_key")
    assert isinstance(inline.value, Secret) and inline.loc.line == 13
    assert coding.key is None and coding.key_variable == "OPENAI_API_KEY"   # requires_openai_auth: auth.json
    for t in (openai, coding):
        assert "legacy-profile: profiles.bailian" in t.notes and "legacy-profile: profile" in t.notes
    assert note_value(openai, "legacy-profile: profile").loc.line == 3


def test_providers_defined_but_not_selected_fall_back_to_builtin_openai() -> None:
    targets = by_provider(read(UNSELECTED).targets)
    builtin, dashscope = targets["openai"], targets["dashscope"]
    assert builtin.settings["selected"].value is True
    assert builtin.settings["provider_id"].origin is Origin.DEFAULT
    assert builtin.base_url is None                           # the linker fills the built-in default
    assert [m.value for m in builtin.models] == ["qwen-plus"]
    assert dashscope.models == []
    assert "provider-not-selected: dashscope" in dashscope.notes


@pytest.mark.parametrize("text, line", [
    ('model = "x"\nmodel_provider = \n', 2),
    ('[model_providers.a]\nbase_url = "x"\n[model_providers.a]\n', 3),
    ('model = "unterminated\n', 1),
])
def test_malformed_toml_is_a_parse_error_with_line(text: str, line: int) -> None:
    result = READER.read(Document(Path("/x/.codex/config.toml"), "config.toml", text))
    [p] = result.problems
    assert p.rule == "parse-error" and p.loc.line == line
    assert result.targets == []
