"""Qwen Code settings reader: modelProviders entries, envKey, JSONC, env-only setups, notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Origin, Secret
from validator.sources.base import Document
from validator.sources.confkit import note_value
from validator.sources.qwen_code import READER
from validator.sources.registry import by_name
from readerkit import Fixtures

FIX = Fixtures(__file__, READER)
FIXTURES = FIX.folder
read = FIX.read


def matches(path: Path) -> bool:
    """What the walk decides: the client record's file patterns."""
    return by_name(READER.name).matches(path)


def where(rel: str, needle: str, nth: int = 0) -> tuple[int, int]:
    text = (FIXTURES / rel).read_text(encoding="utf-8")
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


PAYG = "payg/.qwen/settings.json"
MISTAKES = "mistakes/.qwen/settings.json"
ENVONLY = "envonly/.qwen/settings.json"


def test_matches() -> None:
    assert matches(Path("/home/u/.qwen/settings.json"))
    assert matches(Path("/etc/qwen-code/system-defaults.json"))
    assert not matches(Path("/repo/.qwen/.env"))
    assert not matches(Path("/repo/.claude/settings.json"))


def test_one_target_per_provider_entry_in_jsonc() -> None:
    result = read(PAYG)
    assert result.problems == []
    targets = result.targets
    assert [(t.client, t.protocol, t.models[0].value) for t in targets] == [
        ("qwen-code", "openai", "qwen3-coder-plus"),
        ("qwen-code", "openai", "qwen3-max"),
        ("qwen-code-anthropic", "anthropic", "qwen3-coder-plus"),
    ]
    first = targets[0]
    assert first.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert (first.base_url.loc.line, first.base_url.loc.column) == where(PAYG, '"https://dashscope.aliyuncs.com/compatible')
    assert (first.models[0].loc.line, first.models[0].loc.column) == where(PAYG, '"qwen3-coder-plus"')
    assert first.settings["selectedType"].value == "openai"
    assert first.settings["timeout"].value == 60000


def test_env_key_is_a_reference_to_the_named_variable() -> None:
    first = read(PAYG).targets[0]
    assert first.key_variable == "DASHSCOPE_API_KEY"
    assert first.key.origin is Origin.VARIABLE and first.key.value is None
    assert first.key.variable == "DASHSCOPE_API_KEY"
    assert (first.key.loc.line, first.key.loc.column) == where(PAYG, '"DASHSCOPE_API_KEY"')


def test_sampling_params_and_extra_body_are_parameters() -> None:
    first = read(PAYG).targets[0]
    assert first.parameters["temperature"].value == 0.2
    assert first.parameters["top_p"].value == 0.8
    thinking = first.parameters["enable_thinking"]
    assert thinking.value is False and thinking.via == "extra_body"
    assert thinking.loc.line == where(PAYG, "enable_thinking")[0]


def test_dollar_references_in_strings_are_variables() -> None:
    second = read(PAYG).targets[1]
    assert second.base_url.origin is Origin.VARIABLE
    assert second.base_url.variable == "QWEN_BASE_URL"


def test_env_block_is_a_settings_binding_with_secret() -> None:
    [binding] = read(PAYG).bindings
    assert (binding.name, binding.scope) == ("DASHSCOPE_API_KEY", "settings")
    assert isinstance(binding.value, Secret)
    assert binding.loc.line == where(PAYG, '"env"')[0]


def test_mistakes_are_noted_where_they_are() -> None:
    [t] = read(MISTAKES).targets          # only the declared custom provider survives
    assert t.models[0].value == "qwen3-coder-plus"
    assert t.key is None and t.key_variable is None
    assert "unknown-provider-key: modelProviders.openai-custom" in t.notes
    unknown = note_value(t, "unknown-provider-key: modelProviders.openai-custom")
    assert unknown.loc.line == where(MISTAKES, "openai-custom")[0]
    assert "ignored-provider-shape: modelProviders.gemini" in t.notes
    assert "model-not-listed: qwen-max-latest" in t.notes
    literal = note_value(t, "literal-env-key: modelProviders.bailian[0].envKey")
    assert isinstance(literal.value, Secret) and literal.value.reveal().startswith("sk-sp-")
    assert (literal.loc.line, literal.loc.column) == where(MISTAKES, '"sk-sp-')


def test_environment_only_setup_reads_openai_variables_and_flags_openai_api_base() -> None:
    result = read(ENVONLY)
    [t] = result.targets
    assert t.client == "qwen-code" and t.protocol == "openai"
    assert t.key_variable == "OPENAI_API_KEY"
    assert t.key.variable == "DASHSCOPE_API_KEY"            # "$DASHSCOPE_API_KEY" is expanded by Qwen Code
    assert [m.value for m in t.models] == ["qwen3-coder-plus"]
    assert t.base_url is None                                 # OPENAI_API_BASE is not read: the linker decides
    assert "ignored-key: env.OPENAI_API_BASE" in t.notes
    assert {b.name for b in result.bindings} == {"OPENAI_API_KEY", "OPENAI_API_BASE", "OPENAI_MODEL"}
    ref = next(b for b in result.bindings if b.name == "OPENAI_API_KEY")
    assert ref.value is None and ref.reference == "DASHSCOPE_API_KEY"


@pytest.mark.parametrize("text", ["{", "[]", '{"modelProviders": 3}', '{"modelProviders": {"openai": [1, "x"]}}',
                                  "/* unterminated", "{\"env\": {\"A\": {\"b\": 1}}}"])
def test_bad_input_never_raises(text: str) -> None:
    result = READER.read(Document(Path("/x/.qwen/settings.json"), ".qwen/settings.json", text))
    assert all(p.rule == "parse-error" and p.loc.line >= 0 for p in result.problems)


def test_parse_error_has_line_and_column() -> None:
    text = '{\n  "model": {\n    "name": qwen\n  }\n}'
    result = READER.read(Document(Path("/x/.qwen/settings.json"), "s.json", text))
    [p] = result.problems
    assert (p.loc.line, p.loc.column) == (3, 13)
