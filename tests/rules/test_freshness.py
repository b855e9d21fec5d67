""""Unknown is not invalid": the MS301–MS303 policy, property-tested over generated names, and
the facts the catalogue audit found falsely flagged (each config below gave an error before)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rulekit import run, target

from validator.model import Severity
from validator.rules._names import beyond_known, judge, version_of, within_one_edit

BJ = "https://dashscope.aliyuncs.com/compatible-mode/v1"
SG = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
US = "https://dashscope-us.aliyuncs.com/compatible-mode/v1"
FRA = "https://ws1.eu-central-1.maas.aliyuncs.com/compatible-mode/v1"
TOKYO = "https://ws1.ap-northeast-1.maas.aliyuncs.com/compatible-mode/v1"
HK = "https://ws1.cn-hongkong.maas.aliyuncs.com/compatible-mode/v1"
FINANCE = "https://dashscope-finance.aliyuncs.com/compatible-mode/v1"
TOKEN_PLAN = "https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"
TOKEN_PLAN_ANTHROPIC = "https://token-plan.cn-beijing.maas.aliyuncs.com/apps/anthropic"
HOSTS = [BJ, SG, US, FRA, TOKYO, HK, FINANCE, TOKEN_PLAN, TOKEN_PLAN_ANTHROPIC]
MODEL_RULES = ("unknown-model", "model-not-in-region", "model-not-on-protocol")

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _errors(cat, base: str, name: str, client: str = "openai-sdk") -> list:
    t = target(client, base_url=base, models=[name])
    return [f for rule in MODEL_RULES for f in run(rule, t, cat) if f.severity is Severity.ERROR]


def _max_version(cat, family: str) -> tuple[int, ...]:
    return max(v[2] for n in cat.model_names() if (v := version_of(n.lower())) and v[0] == family)


# --------------------------------------------------------------------------- the policy, as a property

tiers = st.sampled_from(["max", "plus", "flash", "turbo", "coder", "omni", "vl", "nova"])
suffixes = st.sampled_from(["", "-preview", "-latest", "-2026-12-01", "-2027-03-15", "-0902", "-us"])


@st.composite
def newer_names(draw, cat) -> str:
    """Names of a known family's version grammar with a version beyond every known one."""
    family = draw(st.sampled_from(["qwen", "deepseek", "kimi", "glm"]))
    top = _max_version(cat, family)
    major = top[0] + draw(st.integers(0, 3))
    minor = draw(st.integers(0, 9))
    if (major, minor) <= top + (0,) * (2 - len(top)):
        major = top[0] + 1
    version = f"{major}.{minor}" if draw(st.booleans()) or major == top[0] else f"{major}"
    if family == "qwen":
        return f"qwen{version}-{draw(tiers)}{draw(suffixes)}"
    tail = draw(st.sampled_from(["", "-pro", "-flash", "-thinking", "-instruct", "-preview"]))
    return {"deepseek": f"deepseek-v{version}", "kimi": f"kimi-k{version}", "glm": f"glm-{version}"}[family] + tail


@PROPERTY
@given(data=st.data(), host=st.sampled_from(HOSTS))
def test_no_name_fitting_a_family_grammar_with_a_newer_version_is_ever_an_error(cat, data, host) -> None:
    name = data.draw(newer_names(cat))
    assert cat.model(name) is None
    client = "anthropic-sdk" if "anthropic" in host else "openai-sdk"
    assert _errors(cat, host, name, client) == []
    [f] = run("unknown-model", target(client, base_url=host, models=[name]), cat)
    assert f.severity is Severity.WARNING
    assert f"not in msv's catalogue as of {cat.as_of}" in f.message and "msv catalogue update" in f.message


@PROPERTY
@given(data=st.data(), host=st.sampled_from(HOSTS))
def test_no_static_rule_errors_on_such_a_name(cat, data, host) -> None:
    """Not only the model rules: no static rule turns a newer name into an error."""
    from validator.engine import Options, to_finding
    from validator.rules import all_rules

    name = data.draw(newer_names(cat))
    client = "anthropic-sdk" if "anthropic" in host else "openai-sdk"
    t = target(client, base_url=host, models=[name])
    for rule in all_rules():
        if rule.check is None:
            continue
        for hit in rule.check(t, cat):
            f = to_finding(rule, hit, t, Options())
            assert not (f.severity is Severity.ERROR and name in f.message), (rule.code, f.message)


@st.composite
def letter_typos(draw, cat) -> tuple[str, str]:
    """A known name with one letter (not a digit) replaced, inserted, dropped or swapped."""
    name = draw(st.sampled_from(sorted(n for n in cat.model_names() if len(n) > 6)))
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    i = draw(st.sampled_from(letters))
    op = draw(st.sampled_from(["replace", "insert", "delete", "swap"]))
    ch = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    if op == "replace":
        typo = name[:i] + ch + name[i + 1:]
    elif op == "insert":
        typo = name[:i] + ch + name[i:]
    elif op == "delete":
        typo = name[:i] + name[i + 1:]
    else:
        assume(i + 1 < len(name) and name[i + 1].isalpha())
        typo = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name, typo


@PROPERTY
@given(data=st.data())
def test_a_one_letter_typo_of_a_known_name_is_an_error_unless_it_could_be_newer(cat, data) -> None:
    name, typo = data.draw(letter_typos(cat))
    assume(cat.model(typo) is None and typo.lower() not in {n.lower() for n in cat.model_names()})
    verdict = judge(typo, cat.model_names())
    if beyond_known(typo.lower(), cat.model_names()):
        assert not verdict.is_error
    else:
        assert verdict.is_error and verdict.kind == "typo"


@PROPERTY
@given(data=st.data())
def test_wrong_case_of_a_known_name_is_an_error_naming_the_real_one(cat, data) -> None:
    name = data.draw(st.sampled_from(sorted(n for n in cat.model_names() if any(c.isalpha() for c in n))))
    flipped = name.swapcase()
    assume(cat.model(flipped) is None)
    assert judge(flipped, cat.model_names()).kind == "case"
    assert judge(flipped, cat.model_names()).meant == name


@given(a=st.text("abc-", max_size=8), b=st.text("abc-", max_size=8))
def test_within_one_edit_agrees_with_the_textbook_distance(a: str, b: str) -> None:
    def osa(x: str, y: str) -> int:
        d = [[0] * (len(y) + 1) for _ in range(len(x) + 1)]
        for i in range(len(x) + 1):
            d[i][0] = i
        for j in range(len(y) + 1):
            d[0][j] = j
        for i in range(1, len(x) + 1):
            for j in range(1, len(y) + 1):
                cost = x[i - 1] != y[j - 1]
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 and j > 1 and x[i - 1] == y[j - 2] and x[i - 2] == y[j - 1]:
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        return d[len(x)][len(y)]

    assert within_one_edit(a, b) == (osa(a, b) <= 1)


def test_a_display_name_is_an_error_with_the_id(cat) -> None:
    [f] = run("unknown-model", target(base_url=BJ, models=["Qwen3 Max"]), cat)
    assert f.severity is Severity.ERROR and "display name" in f.message and f.fix.replacement == "qwen3-max"


def test_a_provider_prefix_is_an_error_naming_the_id(cat) -> None:
    [f] = run("unknown-model", target(base_url=BJ, models=["dashscope/qwen-plus"]), cat)
    assert f.severity is Severity.ERROR and f.fix.replacement == "qwen-plus"


# --------------------------------------------------------------------------- facts falsely flagged before


@pytest.mark.parametrize(("base", "name", "client"), [
    (TOKEN_PLAN, "qwen3.8-max-preview", "openai-sdk"),     # N2: was MS301 error "did you mean qwen3-max-preview"
    (FRA, "qwen3.7-max", "openai-sdk"),                    # N1: was MS302 error in Frankfurt, Tokyo, Virginia
    (TOKYO, "qwen3.7-max", "openai-sdk"),
    (US, "qwen3.7-max", "openai-sdk"),
    (HK, "qwen3.7-max", "openai-sdk"),
    (TOKEN_PLAN, "kimi-k2.5", "openai-sdk"),               # N3: was MS303 error (not in the plan list)
    (TOKEN_PLAN, "deepseek-v4-pro", "openai-sdk"),         # N3: Token Plan Team models
    (TOKEN_PLAN, "deepseek-v4-flash", "openai-sdk"),
    (TOKEN_PLAN, "kimi-k2.6", "openai-sdk"),
    (TOKEN_PLAN, "glm-5.1", "openai-sdk"),
    (FINANCE, "qwen-plus", "openai-sdk"),                  # row 66: the seed's own Finance Cloud example
    (BJ, "qwen-turbo-0715", "openai-sdk"),                 # row 134: OpenAI support restored
    (BJ, "qwen-turbo-2025-07-15", "openai-sdk"),
    (SG, "qwq-32b", "openai-sdk"),                         # row 108: disputed, not an error
])
def test_fixed_facts_give_no_finding(cat, base, name, client) -> None:
    t = target(client, base_url=base, models=[name])
    assert [f.message for rule in MODEL_RULES for f in run(rule, t, cat)] == []


def test_deepseek_v32_stays_openai_only_on_the_token_plan(cat) -> None:   # N4 still holds
    t = target("anthropic-sdk", base_url=TOKEN_PLAN_ANTHROPIC, models=["deepseek-v3.2"])
    [f] = run("model-not-on-protocol", t, cat)
    assert f.severity is Severity.ERROR


def test_finance_cloud_without_a_model_list_warns_instead_of_erroring(cat) -> None:
    [f] = run("model-not-in-region", target(base_url=FINANCE, models=["qwen-max"]), cat)
    assert f.severity is Severity.WARNING and "no full model list" in f.message


def test_a_model_newer_than_the_region_data_is_a_warning(cat) -> None:
    model = cat.model("qwen3.7-plus")
    assert model.since > cat.region("eu-central-1").models_as_of
    [f] = run("model-not-in-region", target(base_url=FRA, models=["qwen3.7-plus"]), cat)
    assert f.severity is Severity.WARNING and "not listed for" in f.message and "as of 2026-07-01" in f.message


def test_an_old_firm_model_missing_from_a_region_is_still_an_error(cat) -> None:
    [f] = run("model-not-in-region", target(base_url=SG, models=["qwen-plus-us"]), cat)
    assert f.severity is Severity.ERROR and "is not offered in" in f.message


def test_sources_per_field_and_dates_reach_the_records(cat) -> None:
    m = cat.model("qwen3.7-max")
    assert m.cited_for("scopes").source == "https://help.aliyun.com/zh/model-studio/models"
    assert m.cited_for("plans").source == m.cited.source
    # a snapshot inherits its parent's field sources for the fields it does not set
    assert cat.model("qwen-turbo-0715").cited_for("protocols").confidence == "inferred"
    assert cat.plan_list_as_of("token-plan") == "2026-10"
    assert cat.models_as_of and cat.region("cn-shanghai-finance-1").models_as_of is None


# --------------------------------------------------------------------------- rule gaps of the audit (§2.8)


def _param(value):
    from validator.model import Location, Origin, Value

    return Value(value, Location("app.py", 7, 5, 7, 20), Origin.LITERAL, None, str(value))


@pytest.mark.parametrize(("params", "warned"), [
    ({"stream_options": {"include_usage": True}, "stream": False}, True),     # row 124: no finding before
    ({"stream_options": {"include_usage": True}}, True),                      # stream defaults to false
    ({"stream_options": {"include_usage": True}, "stream": True}, False),
    ({"stream_options": {"include_usage": True}, "stream": "true"}, False),
])
def test_stream_options_requires_stream(cat, params, warned) -> None:
    from validator.model import TargetKind

    t = target(base_url=BJ, models=["qwen-plus"], parameters={k: _param(v) for k, v in params.items()},
               kind=TargetKind.CODE)
    found = [f for f in run("unsupported-parameter", t, cat) if "stream_options" in f.message]
    assert bool(found) == warned
    if warned:
        assert found[0].severity is Severity.WARNING and "takes effect only when `stream` is true" in found[0].message


@pytest.mark.parametrize("model", ["qwen-plus", None])
def test_frankfurt_workspace_with_residency_eu_is_a_warning(cat, model) -> None:   # row 50: nothing before
    t = target(base_url=FRA, models=[model] if model else [], residency="eu")
    [f] = run("residency-violation", t, cat)
    assert f.severity is Severity.WARNING and "cannot verify the workspace's scope" in f.message


def test_virginia_us_models_need_no_scope_warning(cat) -> None:
    assert run("residency-violation", target(base_url=US, models=["qwen-plus-us"], residency="us"), cat) == []


def test_new_beijing_models_default_to_the_china_elastic_zone(cat) -> None:   # audit N13
    [f] = run("residency-violation", target(base_url=BJ, models=["qwen3.7-plus"], residency="cn"), cat)
    assert f.severity is Severity.WARNING and "China elastic zone" in f.message and "2026-10-13" in f.message
    assert run("residency-violation", target(base_url=BJ, models=["qwen-plus"], residency="cn"), cat) == []
