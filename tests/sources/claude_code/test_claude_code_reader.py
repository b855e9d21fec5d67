"""Claude Code settings reader: targets, bindings, notes and exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.claude_code import READER
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


PROJECT = "project/.claude/settings.json"
CONFLICT = "conflict/.claude/settings.local.json"


def test_matches_only_settings_files_in_a_claude_folder() -> None:
    assert matches(Path("/repo/.claude/settings.json"))
    assert matches(Path("/home/u/.claude/settings.local.json"))
    assert matches(Path("/etc/claude-code/managed-settings.json"))
    assert not matches(Path("/repo/.vscode/settings.json"))
    assert not matches(Path("/repo/.qwen/settings.json"))
    assert not matches(Path("/repo/.claude/agents.json"))


def test_official_guide_shape_becomes_one_target_with_exact_positions() -> None:
    result = read(PROJECT)
    assert result.problems == []
    [t] = result.targets
    assert (t.client, t.protocol, str(t.kind)) == ("claude-code", "anthropic", "config")
    assert t.base_url.value == "https://dashscope-intl.aliyuncs.com/apps/anthropic"
    assert t.base_url.variable == "ANTHROPIC_BASE_URL"          # the variable this literal defines
    assert t.base_url.raw == '"https://dashscope-intl.aliyuncs.com/apps/anthropic"'
    line, col = where(PROJECT, '"https://dashscope-intl')
    assert (t.base_url.loc.line, t.base_url.loc.column) == (line, col) == (4, 27)
    assert t.base_url.loc.end_column == col + len(t.base_url.raw)
    names = [(m.variable, m.value) for m in t.models]
    assert names[0] == ("ANTHROPIC_MODEL", "qwen3-coder-plus")
    assert ("ANTHROPIC_DEFAULT_HAIKU_MODEL", "qwen3-coder-flash") in names
    assert ("CLAUDE_CODE_SUBAGENT_MODEL", "qwen3-coder-flash") in names
    assert ("ANTHROPIC_DEFAULT_OPUS_MODEL", "qwen3-max") in names
    # the top-level alias "opus" is not a model name
    assert "opus" not in [m.value for m in t.models]
    assert t.settings["model_alias"].value == "opus"
    assert t.settings["API_TIMEOUT_MS"].value == "600000"          # a bare number, read as the string it becomes
    assert t.parameters["max_tokens"].value == 32000
    assert t.usage.value == "interactive" and t.usage.origin is Origin.DEFAULT


def test_settings_env_is_not_expanded_so_a_reference_is_a_literal_key() -> None:
    [t] = read(PROJECT).targets
    assert t.key_variable == "ANTHROPIC_AUTH_TOKEN"
    assert isinstance(t.key.value, Secret)
    assert t.key.value.reveal() == "${DASHSCOPE_API_KEY}"
    assert t.key.origin is Origin.LITERAL
    assert "unexpanded-reference: env.ANTHROPIC_AUTH_TOKEN" in t.notes
    assert note_value(t, "unexpanded-reference: env.ANTHROPIC_AUTH_TOKEN").loc.line == 5


def test_every_env_entry_is_a_settings_binding_and_keys_are_secrets() -> None:
    result = read(CONFLICT)
    by_name = {b.name: b for b in result.bindings}
    assert set(by_name) == {"ANTHROPIC_API_BASE", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_MODEL"}
    assert all(b.scope == "settings" for b in result.bindings)
    assert isinstance(by_name["ANTHROPIC_API_KEY"].value, Secret)
    assert isinstance(by_name["ANTHROPIC_AUTH_TOKEN"].value, Secret)
    assert by_name["ANTHROPIC_MODEL"].value == "qwen3-coder-plus"
    assert by_name["ANTHROPIC_AUTH_TOKEN"].loc.line == where(CONFLICT, "sk-sp-")[0]


def test_auth_token_wins_over_api_key_and_both_are_kept() -> None:
    [t] = read(CONFLICT).targets
    assert t.key.variable == "ANTHROPIC_AUTH_TOKEN"
    assert t.key.value.reveal().startswith("sk-sp-")
    [loser] = t.key.overridden
    assert loser.variable == "ANTHROPIC_API_KEY" and isinstance(loser.value, Secret)
    assert "wins" in t.key.via
    assert "both-credentials: ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY" in t.notes
    assert t.settings["auth"].value == "bearer"
    # no secret leaks through repr or str of the target's values
    assert "0123456789abcdef0123" not in repr(t.key.value) + str(t.key.value)


def test_anthropic_model_wins_over_settings_model() -> None:
    [t] = read(CONFLICT).targets
    first, second = t.models
    assert (first.variable, first.value) == ("ANTHROPIC_MODEL", "qwen3-coder-plus")
    assert second.value == "qwen-plus" and second.loc.line == 4
    assert first.overridden == (second,)


@pytest.mark.parametrize("note, line", [
    ("ignored-key: apiBase", 2),
    ("ignored-key: apiKey", 3),
    ("ignored-key: env.ANTHROPIC_API_BASE", 6),
])
def test_invented_keys_are_noted_with_their_location(note: str, line: int) -> None:
    [t] = read(CONFLICT).targets
    assert note in t.notes
    assert note_value(t, note).loc.line == line
    # and Claude Code's real base URL stays unset: the invented keys are not read as one
    assert t.base_url is None


def test_invented_api_key_is_a_secret_even_in_a_note() -> None:
    [t] = read(CONFLICT).targets
    assert isinstance(note_value(t, "ignored-key: apiKey").value, Secret)


def test_comments_are_a_parse_error_but_the_values_are_still_read() -> None:
    rel = "jsonc/.claude/settings.json"
    result = read(rel)
    [problem] = result.problems
    assert problem.rule == "parse-error"
    assert (problem.loc.line, problem.loc.column) == where(rel, "// Model Studio")
    assert "strict JSON" in problem.message
    [t] = result.targets
    assert t.base_url.value.endswith("/apps/anthropic/v1")
    assert any(n.startswith("jsonc:") for n in t.notes)


def test_malformed_json_is_a_parse_error_with_line_and_no_target() -> None:
    rel = "broken/.claude/settings.json"
    result = read(rel)
    assert result.targets == [] and result.bindings == []
    [problem] = result.problems
    assert problem.rule == "parse-error"
    assert problem.loc.line == where(rel, '"ANTHROPIC_MODEL"')[0]


@pytest.mark.parametrize("text", ["", "[1, 2]", "\"just a string\"", "{\"env\": [1]}", "{" * 5000, "\x00\x01"])
def test_bad_input_never_raises(text: str) -> None:
    result = READER.read(Document(Path("/x/.claude/settings.json"), ".claude/settings.json", text))
    assert all(p.rule == "parse-error" for p in result.problems)
    assert result.targets == [] or all(t.client == "claude-code" for t in result.targets)


def test_relevant_is_a_cheap_prefilter() -> None:
    assert READER.relevant('{"env": {"ANTHROPIC_BASE_URL": "x"}}')
    assert not READER.relevant('{"permissions": {"allow": []}}')
