"""Planning: which token-free request goes to which host (no network)."""

from __future__ import annotations

from helpers import PAYG, PLAN
from validator.probe.plan import candidate_requests, key_request, model_request


def test_key_probe_is_the_catalogue_s_token_free_listing(catalogue) -> None:
    req = key_request(catalogue, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "openai")
    assert (req.method, req.url, req.refused) == ("GET", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/models",
                                                  None)
    assert req.body is None and req.region == "ap-southeast-1"


def test_anthropic_clients_are_checked_with_the_same_host_s_free_listing(catalogue) -> None:
    req = key_request(catalogue, "https://dashscope.aliyuncs.com/apps/anthropic", "anthropic")
    assert req.method == "GET" and req.url.endswith("/compatible-mode/v1/models")
    assert req.base_url == "https://dashscope.aliyuncs.com/apps/anthropic"      # what a fix would name


def test_plan_hosts_have_no_token_free_probe(catalogue) -> None:
    req = key_request(catalogue, "https://coding-intl.dashscope.aliyuncs.com/v1", "openai")
    assert req.refused and "token-free" in req.refused
    assert model_request(catalogue, "https://coding-intl.dashscope.aliyuncs.com/v1", "openai", "qwen3-coder-plus") is None


def test_unknown_hosts_are_refused(catalogue) -> None:
    req = key_request(catalogue, "https://api.openai.com/v1", "openai")
    assert req.refused and "not a host the catalogue names" in req.refused


def test_model_checks_cannot_generate(catalogue) -> None:
    for base, protocol in (("https://dashscope.aliyuncs.com/compatible-mode/v1", "openai"),
                           ("https://dashscope.aliyuncs.com/apps/anthropic", "anthropic"),
                           ("https://dashscope.aliyuncs.com/api/v1", "dashscope")):
        req = model_request(catalogue, base, protocol, "qwen-plus")
        assert req is not None and req.refused is None and req.method == "POST"
        body = req.body
        messages = body.get("messages", body.get("input", {}).get("messages"))
        max_tokens = body.get("max_tokens", body.get("parameters", {}).get("max_tokens"))
        assert messages == [] and max_tokens == 0 and body["model"] == "qwen-plus"


def test_candidates_cover_every_region_and_the_workspace_hosts_when_known(catalogue) -> None:
    plain = candidate_requests(catalogue, PAYG, "openai", workspace=None, include_plan_hosts=False, exclude=set())
    regions = {r.region for r in plain}
    assert {"cn-beijing", "ap-southeast-1", "us-east-1", "cn-hongkong"} <= regions
    assert all(r.url.startswith("https://") and r.refused is None for r in plain)
    assert not any(r.family in ("workspace", "plan", "trial") for r in plain)

    ws = candidate_requests(catalogue, PAYG, "openai", workspace="ws-abc123", include_plan_hosts=False,
                            exclude={"dashscope.aliyuncs.com"})
    hosts = {r.host for r in ws}
    assert "ws-abc123.cn-beijing.maas.aliyuncs.com" in hosts and "dashscope.aliyuncs.com" not in hosts


def test_plan_keys_get_plan_candidates_only_on_request(catalogue) -> None:
    assert candidate_requests(catalogue, PLAN, "openai", workspace=None, include_plan_hosts=False, exclude=set()) == []
    with_plans = candidate_requests(catalogue, PLAN, "openai", workspace=None, include_plan_hosts=True, exclude=set())
    plan_reqs = [r for r in with_plans if r.family == "plan"]
    assert plan_reqs and all(r.refused for r in plan_reqs)          # named, but never sent: no free request


def test_identity_separates_keys_bodies_and_urls(catalogue) -> None:
    a = model_request(catalogue, "https://dashscope.aliyuncs.com/compatible-mode/v1", "openai", "qwen-plus")
    b = model_request(catalogue, "https://dashscope.aliyuncs.com/compatible-mode/v1", "openai", "qwen-max")
    c = model_request(catalogue, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "openai", "qwen-plus")
    assert len({a.identity(), b.identity(), c.identity()}) == 3
