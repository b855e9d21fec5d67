"""Model, parameter, feature and residency rules (MS3xx) on targets built directly."""

from __future__ import annotations

import pytest
from rulekit import lit, run, target

from validator.model import Location, Origin, Severity, TargetKind, Value

BJ = "https://dashscope.aliyuncs.com/compatible-mode/v1"
SG = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
US = "https://dashscope-us.aliyuncs.com/compatible-mode/v1"


# --------------------------------------------------------------------------- unknown-model


def test_wrong_case_is_an_error_with_a_safe_fix(cat) -> None:
    t = target(base_url=BJ, models=[lit("Qwen-Plus", line=3, raw='"Qwen-Plus"')])
    [f] = run("unknown-model", t, cat)
    assert f.severity is Severity.ERROR and f.fix.safe and f.fix.replacement == '"qwen-plus"'


def test_letter_typo_is_an_error_with_an_unsafe_fix(cat) -> None:
    [f] = run("unknown-model", target(base_url=BJ, models=["qwen-plus-lastest"]), cat)
    assert f.severity is Severity.ERROR and not f.fix.safe and f.fix.replacement == "qwen-plus-latest"


def test_a_newer_name_is_a_warning_quoting_the_catalogue_date(cat) -> None:
    for name in ("qwen9.1-max", "qwen3.9-plus"):
        [f] = run("unknown-model", target(base_url=BJ, models=[name]), cat)
        assert f.severity is Severity.WARNING and cat.as_of in f.message and f.fix.replacement is None


def test_spaces_around_a_known_model(cat) -> None:
    [f] = run("unknown-model", target(base_url=BJ, models=[lit(" qwen-plus", raw=" qwen-plus")]), cat)
    assert f.fix.replacement == "qwen-plus" and f.severity is Severity.ERROR


def test_models_of_other_providers_and_templated_names_are_left_alone(cat) -> None:
    assert run("unknown-model", target(base_url="https://api.openai.com/v1", models=["gpt-4o"]), cat) == []
    assert run("unknown-model", target(base_url=BJ, models=["${MODEL}", "{{ model }}"]), cat) == []
    assert run("unknown-model", target(base_url=BJ, models=["qwen-plus", "qwen3-coder-plus"]), cat) == []


def test_model_check_uses_a_client_default_host(cat) -> None:
    default = Value("https://dashscope.aliyuncs.com/api/v1", None, Origin.DEFAULT)
    [f] = run("unknown-model", target("dashscope-sdk", base_url=default, models=["Qwen-Max"]), cat)
    assert "qwen-max" in f.message
    assert run("unknown-model", target("openai-sdk", models=["Qwen-Max"]), cat) == []   # default is api.openai.com


# --------------------------------------------------------------------------- region, protocol


def test_model_not_in_region(cat) -> None:
    [f] = run("model-not-in-region", target(base_url=SG, models=["qwen-plus-us"]), cat)
    assert "US (Virginia)" in f.message
    assert run("model-not-in-region", target(base_url=US, models=["qwen-plus-us"]), cat) == []
    # plan hosts serve the plan's models whatever the region's scopes
    assert run("model-not-in-region", target(base_url="https://coding-intl.dashscope.aliyuncs.com/v1",
                                              models=["glm-5"]), cat) == []


def test_model_not_on_protocol(cat) -> None:
    codex = target("codex", base_url=SG, models=["qwen-turbo"])
    [f] = run("model-not-on-protocol", codex, cat)
    assert "responses" in f.message
    assert run("model-not-on-protocol", target("codex", base_url=SG, models=["qwen3-max"]), cat) == []
    assert run("model-not-on-protocol", target("openai-sdk", base_url=SG, models=["qwen-turbo"]), cat) == []
    [f] = run("model-not-on-protocol", target(base_url="https://coding.dashscope.aliyuncs.com/v1",
                                              models=["qwen-max"]), cat)
    assert "Coding Plan" in f.message


# --------------------------------------------------------------------------- parameters


def param(value, name: str = "p") -> Value:
    return Value(value, Location("app.py", 7, 5, 7, 20), Origin.LITERAL, None, str(value))


@pytest.mark.parametrize("name, value, bad", [
    ("temperature", 2.0, True), ("temperature", 1.99, False), ("temperature", 0, False), ("temperature", "2.5", True),
    ("top_p", 1.0, True), ("top_p", 0.0, True), ("top_p", 0.9, False),
])
def test_parameter_ranges(cat, name, value, bad) -> None:
    t = target(base_url=BJ, models=["qwen-plus"], parameters={name: param(value)}, kind=TargetKind.CODE)
    assert bool(run("unsupported-parameter", t, cat)) is bad


def test_n_only_on_models_that_accept_it(cat) -> None:
    for model, n, bad in (("qwen-max", 3, True), ("qwen-max", 1, False), ("qwen-plus", 3, False)):
        t = target(base_url=BJ, models=[model], parameters={"n": param(n)})
        assert bool(run("unsupported-parameter", t, cat)) is bad, (model, n)


def test_thinking_on_the_anthropic_interface(cat) -> None:
    anth = "https://dashscope.aliyuncs.com/apps/anthropic"
    on = {"thinking": param({"type": "enabled", "budget_tokens": 1024})}
    [f] = run("unsupported-parameter", target("anthropic-sdk", base_url=anth, models=["qwen3-coder-plus"],
                                              parameters=on), cat)
    assert "cannot think" in f.message
    off = {"thinking": param({"type": "disabled"})}
    assert run("unsupported-parameter", target("anthropic-sdk", base_url=anth, models=["qwen3-coder-plus"],
                                               parameters=off), cat) == []


def test_enable_thinking_needs_streaming_on_stream_only_models(cat) -> None:
    stream_only = [m.name for m in cat.models() if {"stream-only", "thinking-stream-only"} & m.capabilities]
    assert stream_only, "the catalogue documents stream-only thinking models"
    model = stream_only[0]
    t = target(base_url=BJ, models=[model], parameters={"enable_thinking": param(True)})
    [f] = run("unsupported-parameter", t, cat)
    assert "stream" in f.message
    t.parameters["stream"] = param(True)
    assert run("unsupported-parameter", t, cat) == []


def test_parameters_the_interface_does_not_support(cat) -> None:
    t = target("codex", base_url=SG, models=["qwen3-max"], parameters={"background": param(True)})
    [f] = run("unsupported-parameter", t, cat)
    assert "background" in f.message


# --------------------------------------------------------------------------- features, residency


def test_feature_not_in_region(cat) -> None:
    feat = [lit("batch-inference", path="modelstudio.yaml", line=9)]
    [f] = run("feature-not-in-region", target(base_url=US, features=feat), cat)
    assert "Singapore" in f.message and f.loc.line == 9
    assert run("feature-not-in-region", target(base_url=SG, features=feat), cat) == []
    assert run("feature-not-in-region", target(base_url=US, features=[lit("teleportation")]), cat) == []


def test_residency(cat) -> None:
    [f] = run("residency-violation", target(base_url=SG, residency="eu"), cat)
    assert f.severity is Severity.ERROR and "Frankfurt" in f.message
    [f] = run("residency-violation", target(base_url=US, models=["qwen-plus"], residency="us"), cat)
    assert "qwen-plus-us" in f.message
    assert run("residency-violation", target(base_url=US, models=["qwen-plus-us"], residency="us"), cat) == []
    [f] = run("residency-violation", target(base_url=BJ, models=["qwen-plus-us"], residency="cn"), cat)
    assert "US scope" in f.message
    # the region can keep it, but only in one of its scopes: msv cannot see the workspace's scope
    [f] = run("residency-violation", target(base_url="https://ws-a1.eu-central-1.maas.aliyuncs.com/compatible-mode/v1",
                                            residency="eu"), cat)
    assert f.severity is Severity.WARNING
    assert run("residency-violation", target(base_url=BJ, models=["qwen-plus"], residency="cn"), cat) == []
    assert run("residency-violation", target(base_url=SG, models=["qwen-plus"]), cat) == []
