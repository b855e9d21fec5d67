"""rules/probe.py: observations → findings, pure and deterministic; every MS4xx rule documented."""

from __future__ import annotations

import pytest

from helpers import PAYG, target
from validator.model import Location, Origin, Severity, Value
from validator.probe.observation import Observation


def obs(host: str, outcome: str, meaning: str, *, role: str = "candidate", region: str = "cn-beijing",
        purpose: str = "key", model: str | None = None, latency: float | None = 10.0, family: str = "shared",
        cause: str = "cause", signature: str | None = None) -> Observation:
    return Observation(host=host, base_url=f"https://{host}/compatible-mode/v1", outcome=outcome, meaning=meaning,
                       purpose=purpose, role=role, region=region, model=model, latency_ms=latency, family=family,
                       cause=cause, key="sk-…12345678", signature=signature)


def rules_for(t, observations, catalogue):  # type: ignore[no-untyped-def]
    from validator.rules.probe import hits

    return [(name, hit) for name, hit in hits(t, catalogue, observations)]


def test_valid_elsewhere_prefers_the_recommended_family_then_the_fastest(catalogue) -> None:
    t = target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG)
    found = rules_for(t, [
        obs("dashscope.aliyuncs.com", "rejected", "invalid-key", role="configured"),
        obs("slow.example", "accepted", "accepted", region="ap-southeast-1", latency=90),
        obs("fast.example", "accepted", "accepted", region="ap-southeast-1", latency=20),
        obs("trial.example", "accepted", "accepted", region="ap-southeast-1", latency=1, family="trial"),
    ], catalogue)
    assert [n for n, _ in found] == ["probe-key-valid-elsewhere"]
    hit = found[0][1]
    assert "accepted by fast.example (ap-southeast-1) (and 2 other hosts)" in hit.message
    assert "set OPENAI_BASE_URL=https://fast.example/compatible-mode/v1" in hit.message
    assert hit.observed and hit.fix is not None and not hit.fix.safe
    assert hit.fix.replacement == "https://fast.example/compatible-mode/v1"
    assert hit.at == t.base_url


def test_a_literal_base_url_in_code_is_named_by_location_not_by_a_variable(catalogue) -> None:
    t = target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG)
    t.base_url = Value('"https://dashscope.aliyuncs.com/compatible-mode/v1"', Location("app.py", 7, 30),
                       Origin.LITERAL, raw='"https://dashscope.aliyuncs.com/compatible-mode/v1"')
    found = rules_for(t, [obs("dashscope.aliyuncs.com", "rejected", "invalid-key", role="configured"),
                          obs("x.example", "accepted", "accepted")], catalogue)
    hit = found[0][1]
    assert "change the base URL at app.py:7:30 to https://x.example/compatible-mode/v1" in hit.message
    assert hit.fix.replacement == '"https://x.example/compatible-mode/v1"'      # quotes kept


def test_rejected_needs_every_candidate_to_reject(catalogue) -> None:
    t = target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG)
    base = [obs("a", "rejected", "invalid-key", role="configured"), obs("b", "rejected", "invalid-key")]
    assert [n for n, _ in rules_for(t, base, catalogue)] == ["probe-key-rejected"]
    for meaning in ("network", "timeout", "server-error", "unexpected", "not-probed"):
        found = rules_for(t, [*base, obs("c", "inconclusive", meaning)], catalogue)
        assert [n for n, _ in found] == ["probe-inconclusive"], meaning


@pytest.mark.parametrize("meaning, severity", [("rate-limit", Severity.WARNING), ("quota", None),
                                               ("arrears", None), ("free-tier-only", None),
                                               ("not-activated", None)])
def test_quota_kinds(meaning: str, severity, catalogue) -> None:  # type: ignore[no-untyped-def]
    t = target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG)
    found = rules_for(t, [obs("a", "accepted", meaning, role="configured")], catalogue)
    assert [n for n, _ in found] == ["probe-quota"]
    assert found[0][1].severity == severity


def test_model_findings_point_at_the_model_value(catalogue) -> None:
    t = target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG, models=["qwen-plus", "qwen3-max"])
    found = rules_for(t, [
        obs("a", "accepted", "accepted", role="configured"),
        obs("a", "rejected", "model-denied", role="configured", purpose="model", model="qwen3-max"),
        obs("a", "rejected", "model-unknown", role="configured", purpose="model", model="qwen3-max"),
        obs("a", "accepted", "model-ok", role="configured", purpose="model", model="qwen-plus"),
    ], catalogue)
    assert [n for n, _ in found] == ["probe-model-denied"]          # one finding per model
    assert found[0][1].at == t.models[1]


def test_unreachable_says_nothing_about_the_key(catalogue) -> None:
    t = target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG)
    found = rules_for(t, [obs("a", "inconclusive", "network", role="configured", cause="DNS lookup failed for a")],
                      catalogue)
    assert [n for n, _ in found] == ["probe-unreachable"]
    assert "DNS lookup failed" in found[0][1].message and "says nothing about the key" in found[0][1].message


def test_no_observation_no_finding(catalogue) -> None:
    assert rules_for(target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG), [], catalogue) == []


def test_findings_respect_selection_and_severity_overrides(catalogue) -> None:
    from validator.engine import Options, observed_findings

    def findings(targets, options, cat):   # the engine's one loop, the probe family selected
        return observed_findings(targets, cat, options)

    t = target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG)
    t.observations = [obs("a", "rejected", "invalid-key", role="configured"), obs("b", "rejected", "invalid-key")]
    assert [f.rule for f in findings([t], Options(), catalogue)] == ["probe-key-rejected"]
    assert findings([t], Options(ignore=("MS4",)), catalogue) == []
    f = findings([t], Options(severity={"probe-key-rejected": Severity.WARNING}), catalogue)[0]
    assert f.severity == Severity.WARNING and f.observed and f.to_dict()["kind"] == "observed"
    assert f.loc == t.key.loc


def test_every_probe_rule_is_documented() -> None:
    from validator.rules import all_rules

    probe_rules = [r for r in all_rules() if r.family == "probe"]
    assert {r.name for r in probe_rules} == {
        "probe-key-valid-elsewhere", "probe-key-rejected", "probe-model-denied", "probe-model-unknown",
        "probe-quota", "probe-unreachable", "probe-inconclusive", "probe-model-served"}
    for r in probe_rules:
        assert r.code.startswith("MS4") and r.check is not None   # an ordinary rule over observations
        assert list(r.check(target("https://dashscope.aliyuncs.com/compatible-mode/v1", PAYG), None)) == []
        for section in ("## What it checks", "## Why", "## Example", "## Fix"):
            assert section in r.doc, (r.name, section)
