"""LiteLLM proxy config reader: routes, os.environ/ references, parameters, positions."""

from __future__ import annotations

from pathlib import Path

from validator.model import Origin, Secret
from validator.sources.litellm import READER
from validator.sources.registry import by_name
from readerkit import Fixtures

FIX = Fixtures(__file__, READER)
FIXTURES = FIX.folder
read = FIX.read
where = FIX.where
CONFIG = "litellm_config.yaml"


def matches(path: Path) -> bool:
    """What the walk decides: the client record's file patterns."""
    return by_name(READER.name).matches(path)


def test_matches() -> None:
    assert matches(Path("/srv/litellm_config.yaml"))
    assert matches(Path("/srv/config.yaml"))
    assert not matches(Path("/srv/values.json"))
    assert READER.relevant("model_list:\n  - litellm_params: {}\n")
    assert not READER.relevant("services:\n  app: {}\n")


def test_model_studio_routes_become_targets_other_vendors_do_not() -> None:
    result = read(CONFIG)
    assert result.problems == []
    names = [t.settings["model_name"].value for t in result.targets]
    assert names == ["qwen-plus", "qwen-max", "coder", "vertex"]     # gpt-4o is not Model Studio


def test_dashscope_route_with_exact_model_span() -> None:
    first = read(CONFIG).targets[0]
    assert (first.client, first.protocol) == ("litellm", "openai")
    model = first.models[0]
    assert model.value == "qwen-plus" and model.raw == "qwen-plus"
    line, col = where(CONFIG, "dashscope/qwen-plus")
    assert (model.loc.line, model.loc.column) == (line, col + len("dashscope/"))
    assert model.loc.end_column == model.loc.column + len("qwen-plus")
    assert first.settings["route"].value == "dashscope"
    assert first.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"   # comment not included
    assert first.key.origin is Origin.VARIABLE and first.key.variable == "DASHSCOPE_API_KEY"
    assert first.key_variable == "DASHSCOPE_API_KEY"
    assert first.parameters["temperature"].value == 0.3
    thinking = first.parameters["enable_thinking"]
    assert thinking.value is False and thinking.via == "extra_body"


def test_quoted_model_and_literal_key() -> None:
    second = read(CONFIG).targets[1]
    model = second.models[0]
    line, col = where(CONFIG, '"dashscope/qwen-max"')
    assert (model.loc.line, model.loc.column, model.raw) == (line, col + 1 + len("dashscope/"), "qwen-max")
    assert second.base_url is None                     # LiteLLM's intl default applies: the linker fills it
    assert isinstance(second.key.value, Secret) and second.key.origin is Origin.LITERAL
    assert second.settings["rpm"].value == 60
    assert "rpm" not in second.parameters


def test_openai_route_to_the_coding_plan() -> None:
    coder = read(CONFIG).targets[2]
    assert coder.client == "litellm-openai"
    assert coder.models[0].value == "qwen3-coder-plus"
    assert coder.key.variable == "BAILIAN_CODING_PLAN_API_KEY"


def test_other_route_with_a_model_studio_base_is_kept_as_unknown_client() -> None:
    vertex = read(CONFIG).targets[3]
    assert vertex.client == "unknown" and vertex.settings["route"].value == "vertex_ai"


def test_environment_variables_are_settings_bindings() -> None:
    [b] = read(CONFIG).bindings
    assert (b.name, b.scope) == ("DASHSCOPE_API_BASE", "settings")
    assert b.value.endswith("/compatible-mode/v1")


def test_malformed_yaml_is_a_parse_error_with_line() -> None:
    result = read("broken.yaml")
    [p] = result.problems
    assert p.rule == "parse-error" and p.loc.line == 5
    assert result.targets == []
