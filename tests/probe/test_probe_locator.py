"""The key locator against a fake Model Studio: every outcome the issue lists, through ``msv probe``.

Each fake host is a real HTTP server on 127.0.0.1 mapped to a region by a user catalogue
extension; ``--candidate-host 127.0.0.1:*`` keeps the candidates to the fakes (and the
network guard in conftest fails the test if anything else is looked up).
"""

from __future__ import annotations

import threading

import pytest

from hangguard import hang_guard
from helpers import OTHER, PAYG, msv, probe_args, rules_of


def world(fake, extension, **hosts):  # type: ignore[no-untyped-def]
    """Start fake hosts: name=(region, behaviour kwargs). Returns (servers, catalogue path)."""
    servers = {name: fake(**kw) for name, (region, kw) in hosts.items()}
    path = extension({f"fake-{name}": (servers[name], region) for name, (region, _) in hosts.items()})
    return servers, path


def base(server, path: str = "/compatible-mode/v1") -> str:  # type: ignore[no-untyped-def]
    return server.url(path)


ENV = {"MSV_TEST_KEY": PAYG}


def test_key_accepted_elsewhere_names_the_host_and_the_exact_base_url(fake, extension) -> None:
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"style": "dashscope"}),
                   sg=("ap-southeast-1", {"keys": {PAYG}}),
                   us=("us-east-1", {"style": "openai"}))
    r = msv(probe_args(base(s["bj"]), catalogue=cat, extra=["--client", "openai-sdk"]), ENV)
    assert r.exit_code == 1, r.everything
    doc = r.json()
    assert rules_of(doc) == ["probe-key-valid-elsewhere"]
    msg = doc["findings"][0]["message"]
    assert f"accepted by {s['sg'].netloc} (ap-southeast-1)" in msg
    assert f"set OPENAI_BASE_URL=http://{s['sg'].netloc}/compatible-mode/v1" in msg
    assert f"rejected by {s['bj'].netloc} (cn-beijing)" in msg
    # the key went to the configured host first, then to the candidates, once each
    assert [q.path for q in s["bj"].requests] == ["/compatible-mode/v1/models"]
    assert [q.credential for q in s["sg"].requests] == [PAYG]
    assert len(s["us"].requests) == 1


def test_key_locator_follows_the_protocol_of_the_target(fake, extension) -> None:
    """An Anthropic client gets the Anthropic base URL of the accepting host, and its variable."""
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"style": "anthropic"}),
                   sg=("ap-southeast-1", {"keys": {PAYG}}))
    r = msv(probe_args(base(s["bj"], "/apps/anthropic"), catalogue=cat, extra=["--client", "claude-code"]), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-key-valid-elsewhere"]
    assert f"set ANTHROPIC_BASE_URL=http://{s['sg'].netloc}/apps/anthropic" in doc["findings"][0]["message"]


def test_rejected_everywhere(fake, extension) -> None:
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"style": "dashscope"}),
                   sg=("ap-southeast-1", {"style": "openai"}),
                   hk=("cn-hongkong", {"style": "openai"}))
    r = msv(probe_args(base(s["bj"]), catalogue=cat), {"MSV_TEST_KEY": OTHER})
    assert r.exit_code == 1
    doc = r.json()
    assert rules_of(doc) == ["probe-key-rejected"]
    assert "every one of the 3 hosts" in doc["findings"][0]["message"]


@pytest.mark.parametrize("fault", ["slow", "reset", "500", "503", "malformed", "html", "redirect"])
def test_a_faulty_candidate_makes_the_verdict_inconclusive_never_rejected(fake, extension, fault: str) -> None:
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"style": "dashscope"}),
                   sg=("ap-southeast-1", {"fault": fault, "slow": 10, "redirect_to": "http://127.0.0.1:9/x"}))
    r = msv(probe_args(base(s["bj"]), catalogue=cat, extra=["--timeout", "0.5"]), {"MSV_TEST_KEY": OTHER})
    doc = r.json()
    assert rules_of(doc) == ["probe-inconclusive"], doc["findings"]
    assert r.exit_code == 3
    sg = [o for t in doc["targets"] for o in t["observations"] if o["host"] == s["sg"].netloc]
    assert sg and sg[0]["outcome"] == "inconclusive"


@pytest.mark.parametrize("fault, rule, words", [
    ("slow", "probe-unreachable", "no answer from"),
    ("reset", "probe-unreachable", "reset"),
    ("500", "probe-inconclusive", "server error"),
    ("503", "probe-inconclusive", "server error"),
    ("malformed", "probe-inconclusive", "not a Model Studio answer"),
    ("html", "probe-inconclusive", "not JSON"),
])
def test_configured_host_faults(fake, extension, fault: str, rule: str, words: str) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"keys": {PAYG}, "fault": fault, "slow": 10}))
    r = msv(probe_args(base(s["bj"]), catalogue=cat, extra=["--timeout", "0.5"]), ENV)
    doc = r.json()
    assert rules_of(doc) == [rule]
    assert words in doc["findings"][0]["message"]
    assert r.exit_code == 3
    assert all(o["outcome"] != "rejected" for t in doc["targets"] for o in t["observations"])


def test_connection_refused_is_unreachable_with_the_cause(fake, extension) -> None:
    s, cat = world(fake, extension, bj=("cn-beijing", {"keys": {PAYG}}))
    s["bj"].close()                       # the port is now closed
    r = msv(probe_args(base(s["bj"]), catalogue=cat), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-unreachable"]
    assert "refused" in doc["findings"][0]["message"]
    assert "says nothing about the key" in doc["findings"][0]["message"]


def test_tls_failure_is_unreachable_with_the_cause(fake, extension) -> None:
    """https:// to a server that speaks plain HTTP: the handshake fails, the key is not judged."""
    s, cat = world(fake, extension, bj=("cn-beijing", {"keys": {PAYG}}))
    r = msv(probe_args(f"https://{s['bj'].netloc}/compatible-mode/v1", catalogue=cat), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-unreachable"]
    assert "TLS" in doc["findings"][0]["message"]


def test_dns_failure_is_unreachable_with_the_cause(no_internet) -> None:
    """A catalogue host whose name does not resolve (here: the guard refuses it)."""
    r = msv(["probe", "--base-url", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "--key-env",
             "MSV_TEST_KEY", "--candidate-host", "127.0.0.1:*", "--format", "json", "--no-cache"], ENV)
    doc = r.json()
    assert no_internet == ["dashscope-intl.aliyuncs.com"]
    no_internet.clear()                   # this one lookup was the point of the test
    assert rules_of(doc) == ["probe-unreachable"]
    assert "DNS lookup failed" in doc["findings"][0]["message"]


def test_model_denied_and_model_unknown(fake, extension) -> None:
    s, cat = world(fake, extension,
                   sg=("ap-southeast-1", {"keys": {PAYG}, "models": ["qwen-plus", "qwen3-max"],
                                          "denied": {"qwen3-max"}}))
    r = msv(probe_args(base(s["sg"]), catalogue=cat,
                       extra=["--model", "qwen-plus", "--model", "qwen3-max", "--model", "qwen-ultra"]), ENV)
    doc = r.json()
    assert sorted(rules_of(doc)) == ["probe-model-denied", "probe-model-unknown"]
    by_rule = {f["rule"]: f["message"] for f in doc["findings"]}
    assert "qwen3-max" in by_rule["probe-model-denied"]
    assert "qwen-ultra" in by_rule["probe-model-unknown"]
    assert r.exit_code == 1
    # the model checks were token-free: an empty message list, max_tokens 0
    posts = [q.body for q in s["sg"].requests if q.method == "POST"]
    assert len(posts) == 3 and all(b["messages"] == [] and b["max_tokens"] == 0 for b in posts)


def test_model_absent_from_the_listing_when_no_model_check_answers(fake, extension) -> None:
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}, "models": ["qwen-plus"],
                                                           "check_fault": True}))
    # the model check answers 500 (inconclusive); the host's listing still shows the name is absent
    r = msv(probe_args(base(s["sg"]), catalogue=cat, extra=["--model", "Qwen-Plus", "--model", "qwen-plus"]), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-model-unknown"]
    f = doc["findings"][0]
    assert f["severity"] == "warning"          # a listing is weaker evidence than the model check
    assert "Qwen-Plus" in f["message"] and "'qwen-plus'" in f["message"] and "case-sensitive" in f["message"]


@pytest.mark.parametrize("refusal, severity, words", [
    ("rate", "warning", "rate limited"),
    ("quota", "error", "quota"),
    ("arrears", "error", "overdue payments"),
    ("free-tier", "error", "free quota"),
])
def test_quota_rate_free_tier_and_arrears(fake, extension, refusal: str, severity: str, words: str) -> None:
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}, "refusal": refusal}))
    r = msv(probe_args(base(s["sg"]), catalogue=cat, extra=["--model", "qwen-plus"]), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-quota"]
    f = doc["findings"][0]
    assert f["severity"] == severity and words in f["message"]
    assert r.exit_code == (1 if severity == "error" else 0)
    # a throttled key is not checked further (no model check piled on a refusing account)
    assert [q.method for q in s["sg"].requests] == ["GET"]


def test_all_good_exits_zero(fake, extension) -> None:
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}}))
    r = msv(probe_args(base(s["sg"]), catalogue=cat, extra=["--model", "qwen-plus"], fmt="text"), ENV)
    assert r.exit_code == 0, r.everything
    assert "accepted" in r.output


def _observations(doc, server):  # type: ignore[no-untyped-def]
    return [o for t in doc["targets"] for o in t["observations"] if o["host"] == server.netloc]


def test_one_hanging_host_is_a_timeout_and_the_key_is_still_located(fake, extension) -> None:
    """A host that never answers (it would wait ten minutes: if ``--timeout`` did not cut it,
    the hang guard would) is reported as a timeout, and the key is still located on another
    host. That the run takes one timeout, not a sum, is ``bench/probe_concurrency.py``."""
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"style": "dashscope"}),
                   hang=("cn-hongkong", {"fault": "slow", "slow": 600}),
                   sg=("ap-southeast-1", {"keys": {PAYG}}))
    with hang_guard("a probe with a host that never answers"):
        r = msv(probe_args(base(s["bj"]), catalogue=cat, extra=["--timeout", "2"]), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-key-valid-elsewhere"]
    hung = _observations(doc, s["hang"])
    assert hung and all(o["outcome"] == "inconclusive" and o["meaning"] == "timeout" for o in hung), hung


def test_the_whole_run_timeout_bounds_everything(fake, extension) -> None:
    """Three hosts that never answer, asked one at a time with the longest per-request timeout (two minutes each, six in all):
    only ``--total-timeout`` can end the run (else the hang guard does)."""
    s, cat = world(fake, extension, **{f"h{i}": ("cn-hongkong", {"fault": "slow", "slow": 600}) for i in range(3)},
                   bj=("cn-beijing", {"style": "dashscope"}))
    with hang_guard("a probe bounded by --total-timeout only"):
        r = msv(probe_args(base(s["bj"]), catalogue=cat,
                           extra=["--timeout", "120", "--total-timeout", "1", "--concurrency", "1"]), ENV)
    doc = r.json()
    assert rules_of(doc) == ["probe-inconclusive"]
    causes = [o["cause"] for t in doc["targets"] for o in t["observations"] if o["outcome"] == "inconclusive"]
    assert causes and all("timeout" in c or "no answer" in c for c in causes)


def test_regions_compares_latency_and_recommends_the_nearest(fake, extension) -> None:
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"keys": {PAYG}, "delay": 0.25}),
                   hk=("cn-hongkong", {"keys": {PAYG}, "delay": 0.02}),
                   sg=("ap-southeast-1", {"style": "openai"}))
    r = msv(probe_args(base(s["bj"]), catalogue=cat, extra=["--regions"]), ENV)
    doc = r.json()
    t = doc["targets"][0]
    assert {row["host"] for row in t["regions"]} == {s[n].netloc for n in ("bj", "hk", "sg")}
    assert t["recommended"]["host"] == s["hk"].netloc
    assert t["recommended"]["region"] == "cn-hongkong"
    latencies = {row["host"]: row["latency_ms"] for row in t["regions"]}
    assert latencies[s["bj"].netloc] > latencies[s["hk"].netloc]
    text = msv(probe_args(base(s["bj"]), catalogue=cat, extra=["--regions"], fmt="text"), ENV).output
    assert f"nearest host that accepts the key: {s['hk'].netloc}" in text


def test_candidates_are_asked_at_the_same_time(fake, extension) -> None:
    """Eight candidates that answer only once all eight hold a request (a barrier, no clock):
    a prober asking them one after another would never get past the first. The speed-up this
    buys (12 hosts x 300 ms in one delay) is ``bench/probe_concurrency.py``."""
    gate = threading.Barrier(8)
    hosts = {f"h{i}": ("cn-hongkong", {"gate": gate}) for i in range(8)}
    s, cat = world(fake, extension, bj=("cn-beijing", {"style": "dashscope"}), **hosts)
    with hang_guard("eight candidates waiting for each other"):
        r = msv(probe_args(base(s["bj"]), catalogue=cat, extra=["--timeout", "120"]), {"MSV_TEST_KEY": OTHER})
    assert rules_of(r.json()) == ["probe-key-rejected"]
    assert not any(s[name].gate_broken for name in hosts), "the candidates were asked one at a time"
    assert all(len(s[name].requests) == 1 for name in hosts)


def test_usage_errors_exit_2(fake, extension) -> None:
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}}))
    assert msv(["probe", "--base-url", base(s["sg"])]).exit_code == 2
    assert msv(["probe", "--base-url", base(s["sg"]), "--key-env", "MSV_UNSET_VAR", "--catalogue", cat],
               {"MSV_UNSET_VAR": ""}).exit_code == 2
    assert msv(["probe", ".", "--base-url", base(s["sg"]), "--key-env", "X"]).exit_code == 2
    assert msv(["probe", "--key-env", "X"]).exit_code == 2
    assert msv(probe_args(base(s["sg"]), catalogue=cat, extra=["--candidate-region", "atlantis"]),
               ENV).exit_code == 2
    for bad in ("not a url", "https://", "http://[::1", "https://dashscope.aliyuncs.com:99999/x", "ftp://h/x"):
        r = msv(probe_args(bad, catalogue=cat), ENV)
        assert r.exit_code == 2 and "--base-url" in r.everything, bad
    assert s["sg"].requests == []


def test_unparseable_base_urls_in_files_are_skipped_not_crashed(catalogue) -> None:  # type: ignore[no-untyped-def]
    from helpers import target
    from validator.probe.runner import ProbeSettings, probe

    targets = [target(u, PAYG, name=u) for u in ("http://[::1", "https://dashscope.aliyuncs.com:99999/x", "//x")]
    run = probe(targets, catalogue, ProbeSettings(cache=False, candidate_hosts=("127.0.0.1:*",)))
    assert all(r.skipped and "cannot be probed" in r.skipped and not r.observations for r in run.results)


def test_probe_paths_reads_the_configuration_files(fake, extension, tmp_path) -> None:  # type: ignore[no-untyped-def]
    s, cat = world(fake, extension,
                   bj=("cn-beijing", {"style": "dashscope"}),
                   sg=("ap-southeast-1", {"keys": {PAYG}}))
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".env").write_text(f"OPENAI_BASE_URL={base(s['bj'])}\nOPENAI_API_KEY={PAYG}\n", encoding="utf-8")
    r = msv(["probe", str(proj), "--no-environment", "--catalogue", cat, "--candidate-host", "127.0.0.1:*",
             "--format", "json", "--no-cache"])
    doc = r.json()
    assert rules_of(doc) == ["probe-key-valid-elsewhere"]
    f = doc["findings"][0]
    assert f["path"].endswith(".env") and (f["line"], f["kind"]) == (1, "observed")
    assert f["fix"]["replacement"] == base(s["sg"]) and f["fix"]["safe"] is False


def test_regions_measures_afresh_even_with_a_cache(fake, extension) -> None:  # type: ignore[no-untyped-def]
    s, cat = world(fake, extension, sg=("ap-southeast-1", {"keys": {PAYG}}))
    args = [a for a in probe_args(base(s["sg"]), catalogue=cat, extra=["--regions"]) if a != "--no-cache"]
    msv(args, ENV)
    doc = msv(args, ENV).json()
    assert len(s["sg"].requests) == 2
    assert not any(o["cached"] for o in doc["targets"][0]["observations"])
