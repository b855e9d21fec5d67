"""Endpoint rules (MS1xx) on targets built directly: the joining logic per client and the edges."""

from __future__ import annotations

import pytest
from rulekit import PAYG_KEY, lit, run, target

from validator.model import Origin, Severity, TargetKind, Value
from validator.rules.endpoint import expected_path
from validator.rules._common import endpoint

BJ = "https://dashscope.aliyuncs.com"


@pytest.mark.parametrize("client, url, expected", [
    ("openai-sdk", f"{BJ}/compatible-mode/v1", "/compatible-mode/v1"),
    ("claude-code", f"{BJ}/apps/anthropic", "/apps/anthropic"),
    ("anthropic-sdk", f"{BJ}/apps/anthropic/v1", "/apps/anthropic"),
    ("opencode-anthropic", f"{BJ}/apps/anthropic", "/apps/anthropic/v1"),
    ("claude-code-router", f"{BJ}/compatible-mode/v1", "/compatible-mode/v1/chat/completions"),
    ("codex", f"{BJ}/compatible-mode/v1", "/compatible-mode/v1"),
    ("dashscope-sdk", f"{BJ}/api/v1", "/api/v1"),
    ("openai-sdk", "https://coding.dashscope.aliyuncs.com/compatible-mode/v1", "/v1"),
    ("claude-code", "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic", "/apps/anthropic"),
])
def test_expected_base_path_follows_the_clients_joining_rule(cat, client, url, expected) -> None:
    ep = endpoint(target(client, base_url=url), cat)
    assert ep is not None and expected_path(ep, cat) == expected


def test_expected_path_is_unknown_without_a_client(cat) -> None:
    ep = endpoint(target("unknown", base_url=f"{BJ}/compatible-mode/v1"), cat)
    assert ep is not None and expected_path(ep, cat) is None


# --------------------------------------------------------------------------- unknown-host


def test_near_miss_host_gets_a_safe_byte_exact_fix(cat) -> None:
    raw = '"https://dashscope.aliyun.com/compatible-mode/v1"'
    t = target(base_url=lit("https://dashscope.aliyun.com/compatible-mode/v1", raw=raw))
    [f] = run("unknown-host", t, cat)
    assert f.severity is Severity.ERROR and "dashscope.aliyuncs.com" in f.message
    assert f.fix.safe and f.fix.replacement == '"https://dashscope.aliyuncs.com/compatible-mode/v1"'
    assert f.fix.loc == t.base_url.loc


@pytest.mark.parametrize("url", ["https://api.openai.com/v1", "http://127.0.0.1:3456", "https://openrouter.ai/api/v1",
                                 f"{BJ}/compatible-mode/v1"])
def test_other_providers_proxies_and_real_hosts_are_left_alone(cat, url) -> None:
    assert run("unknown-host", target(base_url=url), cat) == []


def test_the_console_is_not_an_api_host(cat) -> None:
    [f] = run("unknown-host", target(base_url="https://bailian.console.aliyun.com/"), cat)
    assert "console" in f.message


def test_alibaba_looking_unknown_host_is_reported_without_a_rewrite(cat) -> None:
    [f] = run("unknown-host", target(base_url="https://qwen.aliyuncs.com/v1"), cat)
    assert f.fix.replacement is None


# --------------------------------------------------------------------------- malformed-base-url


def test_http_and_whitespace_are_fixed(cat) -> None:
    t = target(base_url=lit(f"http://dashscope.aliyuncs.com/compatible-mode/v1"))
    [f] = run("malformed-base-url", t, cat)
    assert f.fix.replacement == f"{BJ}/compatible-mode/v1" and f.fix.safe
    t = target(base_url=lit(f"{BJ}/compatible-mode/v1  ", raw=f"{BJ}/compatible-mode/v1  "))
    [f] = run("malformed-base-url", t, cat)
    assert "whitespace" in f.message and f.fix.replacement == f"{BJ}/compatible-mode/v1"


def test_the_same_base_is_right_for_one_client_and_wrong_for_another(cat) -> None:
    url = f"{BJ}/apps/anthropic/v1"
    assert run("malformed-base-url", target("opencode-anthropic", base_url=url), cat) == []
    [f] = run("malformed-base-url", target("claude-code", base_url=url), cat)
    assert "/v1/v1/messages" in f.message and f.fix.replacement == f"{BJ}/apps/anthropic"


def test_full_url_clients(cat) -> None:
    full = f"{BJ}/compatible-mode/v1/chat/completions"
    assert run("malformed-base-url", target("claude-code-router", base_url=full), cat) == []
    [f] = run("malformed-base-url", target("openai-sdk", base_url=full), cat)
    assert f.fix.replacement == f"{BJ}/compatible-mode/v1"
    # LiteLLM appends /chat/completions unless the base already ends with it
    assert run("malformed-base-url", target("litellm", base_url=full), cat) == []
    assert run("malformed-base-url", target("litellm", base_url=f"{BJ}/compatible-mode/v1"), cat) == []


def test_repeated_base_and_plan_host_path(cat) -> None:
    [f] = run("malformed-base-url", target(base_url=f"{BJ}/compatible-mode/v1/compatible-mode/v1"), cat)
    assert f.fix.replacement == f"{BJ}/compatible-mode/v1"
    [f] = run("malformed-base-url",
              target(base_url="https://coding.dashscope.aliyuncs.com/compatible-mode/v1"), cat)
    assert f.fix.replacement == "https://coding.dashscope.aliyuncs.com/v1"


def test_defaults_and_unknown_clients_are_not_judged_on_the_path(cat) -> None:
    default = Value(f"{BJ}/compatible-mode/v1/chat/completions", None, Origin.DEFAULT)
    assert run("malformed-base-url", target(base_url=default), cat) == []
    assert run("malformed-base-url", target("unknown", base_url=f"{BJ}/compatible-mode/v1/chat/completions"), cat) == []


def test_a_base_in_a_name_the_client_ignores(cat) -> None:
    t = target("claude-code")
    t.notes.append("ignored-key: env.ANTHROPIC_API_BASE")
    t.settings["ignored-key:env.ANTHROPIC_API_BASE"] = lit(f"{BJ}/apps/anthropic", path=".claude/settings.json")
    [f] = run("malformed-base-url", t, cat)
    assert "ANTHROPIC_BASE_URL" in f.message and "api.anthropic.com" in f.message


# --------------------------------------------------------------------------- protocol-mismatch


def test_protocol_mismatch_offers_an_unsafe_rewrite(cat) -> None:
    [f] = run("protocol-mismatch", target("claude-code", base_url=f"{BJ}/compatible-mode/v1"), cat)
    assert f.fix.replacement == f"{BJ}/apps/anthropic" and not f.fix.safe
    [f] = run("protocol-mismatch", target("opencode-anthropic", base_url=f"{BJ}/compatible-mode/v1"), cat)
    assert f.fix.replacement == f"{BJ}/apps/anthropic/v1"
    [f] = run("protocol-mismatch", target("openai-sdk", base_url=f"{BJ}/api/v1"), cat)
    assert f.fix.replacement == f"{BJ}/compatible-mode/v1"


def test_protocol_the_host_does_not_serve(cat) -> None:
    [f] = run("protocol-mismatch", target("dashscope-sdk", base_url="https://coding.dashscope.aliyuncs.com/api/v1"),
              cat)
    assert "does not serve" in f.message and f.fix.replacement is None
    assert run("protocol-mismatch", target("claude-code", base_url=f"{BJ}/apps/anthropic"), cat) == []


def test_chat_client_on_the_legacy_responses_path(cat) -> None:
    url = f"{BJ}/api/v2/apps/protocols/compatible-mode/v1"
    [f] = run("protocol-mismatch", target("openai-sdk", base_url=url), cat)
    assert "/chat/completions" in f.message
    assert run("protocol-mismatch", target("codex", base_url=url), cat) == []


# --------------------------------------------------------------------------- placeholders, workspace


def test_placeholders_in_url_and_key(cat) -> None:
    t = target(base_url="https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/compatible-mode/v1", key="sk-xxx")
    found = run("unreplaced-placeholder", t, cat)
    assert len(found) == 2 and all("xxx" not in f.message for f in found if "key" in f.message)
    assert run("unknown-host", t, cat) == [] and run("invalid-workspace-domain", t, cat) == []


def test_placeholders_in_templates_are_intended(cat) -> None:
    t = target(key=lit(__import__("validator.model", fromlist=["Secret"]).Secret("sk-xxx"), path=".env.example"),
               path=".env.example")
    assert run("unreplaced-placeholder", t, cat) == []


def test_invalid_workspace_domain(cat) -> None:
    [f] = run("invalid-workspace-domain", target(base_url="https://ws_a1.cn-beijing.maas.aliyuncs.com/api/v1"), cat)
    assert "ws_a1" in f.message
    [f] = run("invalid-workspace-domain", target(base_url="https://ws-a1.cn-shanghai.maas.aliyuncs.com/api/v1"), cat)
    assert "cn-shanghai" in f.message
    for ok in ("https://ws-a1.cn-beijing.maas.aliyuncs.com/api/v1",
               "https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1",
               "https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"):
        assert run("invalid-workspace-domain", target(base_url=ok), cat) == []


# --------------------------------------------------------------------------- deprecated, trial


def test_shared_domain_is_opt_in_info_and_uses_the_declared_workspace(cat) -> None:
    from validator.rules import get

    assert get("shared-endpoint").default is False and get("shared-endpoint").severity is Severity.INFO
    [f] = run("shared-endpoint", target(base_url=f"{BJ}/compatible-mode/v1"), cat)
    assert f.severity is Severity.INFO and f.fix.replacement is None
    t = target(base_url=f"{BJ}/compatible-mode/v1", key_workspace="ws-a1b2")
    [f] = run("shared-endpoint", t, cat)
    assert f.fix.replacement == "https://ws-a1b2.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"
    assert not f.fix.safe
    # the documented default host is not deprecated
    assert run("deprecated-endpoint", target(base_url=f"{BJ}/compatible-mode/v1"), cat) == []


def test_legacy_path_is_a_warning_and_defaults_are_silent(cat) -> None:
    [f] = run("deprecated-endpoint", target("claude-code", base_url=f"{BJ}/api/v2/apps/claude-code-proxy"), cat)
    assert f.severity is Severity.WARNING and f.fix.replacement == f"{BJ}/apps/anthropic"
    assert run("shared-endpoint", target("claude-code", base_url=f"{BJ}/api/v2/apps/claude-code-proxy"), cat) == []
    default = Value(f"{BJ}/api/v1", None, Origin.DEFAULT)
    assert run("deprecated-endpoint", target("dashscope-sdk", base_url=default), cat) == []
    assert run("shared-endpoint", target("dashscope-sdk", base_url=default), cat) == []
    assert run("deprecated-endpoint",
               target(base_url="https://ws-a1.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"), cat) == []


def test_wire_api_chat_is_its_own_error_rule(cat) -> None:
    t = target("codex", base_url="https://ws-a1.cn-beijing.maas.aliyuncs.com/compatible-mode/v1")
    t.notes.append("wire-api-chat: model_providers.ms")
    t.settings["wire-api-chat:model_providers.ms"] = lit("chat", path="config.toml", raw='"chat"')
    [f] = run("removed-setting", t, cat)
    assert f.severity is Severity.ERROR and f.code == "MS109" and f.fix.replacement == '"responses"'
    assert run("deprecated-endpoint", t, cat) == []


@pytest.mark.parametrize("usage, expected", [("backend", Severity.WARNING), (None, None), ("interactive", None)])
def test_trial_endpoint_by_declared_usage(cat, usage, expected) -> None:
    fields = {"usage": usage} if usage else {}
    found = run("trial-endpoint", target(base_url="https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1",
                                         **fields), cat)
    assert [f.severity for f in found] == ([expected] if expected else [])


def test_literal_targets_are_not_judged_as_configurations(cat) -> None:
    t = target("unknown", base_url=f"{BJ}/compatible-mode/v1/chat/completions", kind=TargetKind.LITERAL, path="README.md")
    from validator.rules import get

    for name in ("malformed-base-url", "deprecated-endpoint", "unreplaced-placeholder"):
        assert "literal" not in get(name).kinds
    assert run("unknown-host", t, cat) == []


def test_messages_never_contain_the_key(cat) -> None:
    from validator.rules import all_rules

    t = target("claude-code", base_url=f"{BJ}/apps/anthropic/v1", key="Bearer " + PAYG_KEY, models=["Qwen-Max"],
               key_region="ap-southeast-1")
    for r in all_rules():
        if r.check is not None:
            for f in run(r.name, t, cat):
                assert PAYG_KEY not in f.message and PAYG_KEY not in str(f.fix)


@pytest.mark.parametrize("url, fixed", [
    (f"{BJ}//compatible-mode/v1", f"{BJ}/compatible-mode/v1"),
    (f"{BJ}/Compatible-Mode/v1", f"{BJ}/compatible-mode/v1"),
    ("dashscope.aliyuncs.com/compatible-mode/v1", f"{BJ}/compatible-mode/v1"),
])
def test_spelling_problems_have_one_finding_and_a_fix(cat, url, fixed) -> None:
    [f] = run("malformed-base-url", target(base_url=url), cat)
    assert f.fix.replacement == fixed


def test_credentials_in_a_url_are_not_repeated_in_the_message(cat) -> None:
    [f] = run("malformed-base-url", target(base_url="https://user:s3cret@dashscope.aliyuncs.com/compatible-mode/v1"),
              cat)
    assert "s3cret" not in f.message


def test_unverified_joining_rules_are_not_guessed(cat) -> None:
    # Qwen Code's anthropic provider may strip /v1 itself (unverified): no finding
    url = f"{BJ}/apps/anthropic/v1"
    assert run("malformed-base-url", target("qwen-code-anthropic", base_url=url), cat) == []
    assert run("malformed-base-url", target("anthropic-sdk", base_url=url), cat) != []
