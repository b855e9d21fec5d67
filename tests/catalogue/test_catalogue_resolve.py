"""Hosts from catalogue-facts.md, and the many ways a URL is mis-spelt in real configs."""

from __future__ import annotations

import pytest

from validator.catalogue import load


@pytest.fixture(scope="module")
def cat():
    return load()


# host, region, plan, family, protocols served (facts §2.2 and §2.4; copied, not read at run time)
FACT_HOSTS = [
    ("dashscope.aliyuncs.com", "cn-beijing", "payg", "shared", {"openai", "anthropic", "dashscope"}),
    ("dashscope-intl.aliyuncs.com", "ap-southeast-1", "payg", "shared", {"openai", "anthropic", "dashscope"}),
    ("dashscope-us.aliyuncs.com", "us-east-1", "payg", "shared", {"openai", "anthropic", "dashscope"}),
    ("cn-hongkong.dashscope.aliyuncs.com", "cn-hongkong", "payg", "shared", {"openai", "anthropic", "dashscope"}),
    ("dashscope-finance.aliyuncs.com", "cn-shanghai-finance-1", "payg", "shared", {"openai", "dashscope"}),
    ("ws-0a1b2c3d4e5f6a7b.cn-beijing.maas.aliyuncs.com", "cn-beijing", "payg", "workspace", {"openai", "anthropic", "dashscope"}),
    ("ws-0a1b2c3d4e5f6a7b.ap-southeast-1.maas.aliyuncs.com", "ap-southeast-1", "payg", "workspace", {"openai", "anthropic", "dashscope"}),
    ("llm-abc.ap-northeast-1.maas.aliyuncs.com", "ap-northeast-1", "payg", "workspace", {"openai", "anthropic", "dashscope"}),
    ("ws1.eu-central-1.maas.aliyuncs.com", "eu-central-1", "payg", "workspace", {"openai", "anthropic", "dashscope"}),
    ("ws1.us-east-1.maas.aliyuncs.com", "us-east-1", "payg", "workspace", {"openai", "anthropic", "dashscope"}),
    ("ws1.cn-hongkong.maas.aliyuncs.com", "cn-hongkong", "payg", "workspace", {"openai", "anthropic", "dashscope"}),
    ("trial.cn-beijing.maas.aliyuncs.com", "cn-beijing", "payg", "trial", {"openai", "anthropic"}),
    ("trial.ap-southeast-1.maas.aliyuncs.com", "ap-southeast-1", "payg", "trial", {"openai", "anthropic"}),
    ("trial.cn-hongkong.maas.aliyuncs.com", "cn-hongkong", "payg", "trial", {"openai", "anthropic"}),
    ("token-plan.cn-beijing.maas.aliyuncs.com", "cn-beijing", "token-plan", "plan", {"openai", "anthropic"}),
    ("token-plan.ap-southeast-1.maas.aliyuncs.com", "ap-southeast-1", "token-plan", "plan", {"openai", "anthropic"}),
    ("coding.dashscope.aliyuncs.com", "cn-beijing", "coding-plan", "plan", {"openai", "anthropic"}),
    ("coding-intl.dashscope.aliyuncs.com", "ap-southeast-1", "coding-plan", "plan", {"openai", "anthropic"}),
]


@pytest.mark.parametrize("host,region,plan,family,protocols", FACT_HOSTS, ids=[r[0] for r in FACT_HOSTS])
def test_fact_hosts(cat, host, region, plan, family, protocols) -> None:
    assert cat.known_host(host)
    for protocol in protocols:
        base = cat.resolve(f"https://{host}").host_entry.protocols[protocol]
        res = cat.resolve(f"https://{host}{base}")
        assert (res.known, res.region, res.plan, res.family, res.protocol) == (True, region, plan, family, protocol)
        assert res.problems == ()
    assert set(cat.resolve(f"https://{host}").host_entry.protocols) == protocols


def test_plan_hosts_are_interactive_only(cat) -> None:
    for h in cat.hosts(family="plan"):
        assert h.usage == "interactive" and h.callers == "plan-subscriber"
    assert {h.pattern for h in cat.hosts(plan="coding-plan")} == {"coding.dashscope.aliyuncs.com",
                                                                  "coding-intl.dashscope.aliyuncs.com"}


def test_tokyo_and_frankfurt_have_only_workspace_hosts(cat) -> None:
    for region in ("ap-northeast-1", "eu-central-1"):
        assert {h.family for h in cat.hosts(region=region)} == {"workspace"}


def test_hosts_filters(cat) -> None:
    anthropic_bj = cat.hosts(region="beijing", protocol="anthropic")
    assert anthropic_bj and all(h.region == "cn-beijing" and "anthropic" in h.protocols for h in anthropic_bj)
    assert all("dashscope" in h.protocols for h in cat.hosts(protocol="dashscope"))
    assert not [h for h in cat.hosts(protocol="dashscope") if h.family == "plan"]


# url, expected problem kinds (subset), region, protocol, known
FORMS = [
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/", set(), "cn-beijing", "openai", True),
    ("HTTPS://DASHSCOPE-INTL.ALIYUNCS.COM/compatible-mode/v1", set(), "ap-southeast-1", "openai", True),
    ("https://dashscope.aliyuncs.com:443/compatible-mode/v1", {"port"}, "cn-beijing", "openai", True),
    ("  https://dashscope.aliyuncs.com/compatible-mode/v1  ", {"whitespace"}, "cn-beijing", "openai", True),
    ('"https://dashscope.aliyuncs.com/compatible-mode/v1"', {"quotes"}, "cn-beijing", "openai", True),
    ("'https://dashscope-intl.aliyuncs.com/api/v1'", {"quotes"}, "ap-southeast-1", "dashscope", True),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1\n", {"newline"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1\\n", {"newline"}, "cn-beijing", "openai", True),
    ("dashscope.aliyuncs.com/compatible-mode/v1", {"no-scheme"}, "cn-beijing", "openai", True),
    ("http://dashscope.aliyuncs.com/compatible-mode/v1", {"http"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/responses", {"request-path"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/models", {"request-path"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/embeddings", {"request-path"}, "cn-beijing", "openai", True),
    ("https://dashscope-intl.aliyuncs.com/api/v1/tasks/abc-123", {"request-path"}, "ap-southeast-1", "dashscope", True),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/compatible-mode/v1", {"repeated-base"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/compatible-mode", {"missing-v1"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/compatible-mode/chat/completions", {"missing-v1", "request-path"}, "cn-beijing", "openai", True),
    ("https://coding.dashscope.aliyuncs.com", {"missing-v1"}, "cn-beijing", "openai", True),
    ("https://coding.dashscope.aliyuncs.com/chat/completions", {"missing-v1", "request-path"}, "cn-beijing", "openai", True),
    ("https://coding.dashscope.aliyuncs.com/v1/v1", {"double-v1"}, "cn-beijing", "openai", True),
    ("https://coding-intl.dashscope.aliyuncs.com/v1/chat/completions", {"request-path"}, "ap-southeast-1", "openai", True),
    ("https://coding.dashscope.aliyuncs.com/apps/anthropic/v1", {"trailing-v1"}, "cn-beijing", "anthropic", True),
    ("https://dashscope.aliyuncs.com/apps/anthropic/v1/v1/messages", {"double-v1", "request-path"}, "cn-beijing", "anthropic", True),
    ("https://coding.dashscope.aliyuncs.com/api/v1", {"unsupported-protocol"}, "cn-beijing", "dashscope", True),
    ("https://coding.dashscope.aliyuncs.com/compatible-mode/v1", {"unknown-path"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/api/v2/apps/claude-code-proxy", {"legacy-path"}, "cn-beijing", "anthropic", True),
    ("https://dashscope-intl.aliyuncs.com/api/v2/apps/claude-code-proxy/v1/messages", {"legacy-path", "request-path"}, "ap-southeast-1", "anthropic", True),
    ("https://dashscope.aliyuncs.com/api/v2/apps/protocols/compatible-mode/v1", {"legacy-path"}, "cn-beijing", "openai", True),
    ("https://dashscope-intl.aliyuncs.com/api/v2/apps/protocols/compatible-mode/v1/responses", {"legacy-path", "request-path"}, "ap-southeast-1", "openai", True),
    ("https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/compatible-mode/v1", {"placeholder"}, "cn-beijing", "openai", True),
    ("https://[workspace-id].ap-southeast-1.maas.aliyuncs.com/apps/anthropic", {"placeholder"}, "ap-southeast-1", "anthropic", True),
    ("https://llm-xxx.ap-northeast-1.maas.aliyuncs.com/compatible-mode/v1", {"placeholder"}, "ap-northeast-1", "openai", True),
    ("https://<workspace-id>.eu-central-1.maas.aliyuncs.com/api/v1", {"placeholder"}, "eu-central-1", "dashscope", True),
    ("https://${WORKSPACE_ID}.cn-beijing.maas.aliyuncs.com/api/v1", {"placeholder"}, "cn-beijing", "dashscope", True),
    ("https://dashscope.aliyuncs.com//compatible-mode/v1", {"double-slash"}, "cn-beijing", "openai", True),
    ("https://dashscope.aliyuncs.com/foo/bar", {"unknown-path"}, "cn-beijing", None, True),
    # typos: unknown, but with the host they most likely meant
    ("https://dashscope.aliyun.com/compatible-mode/v1", {"typo-host"}, "cn-beijing", "openai", False),
    ("https://dashscope-intl.aliyun.com/compatible-mode/v1", {"typo-host"}, "ap-southeast-1", "openai", False),
    ("https://dashscope.aliyunc.com/api/v1", {"typo-host"}, "cn-beijing", "dashscope", False),
    ("https://cn-hongkong.aliyuncs.com/compatible-mode/v1/chat/completions", {"typo-host", "request-path"}, "cn-hongkong", "openai", False),
    ("https://trail.ap-southeast-1.maas.aliyuncs.com/apps/anthropic", {"typo-host"}, "ap-southeast-1", "anthropic", False),
    ("https://dashscope-intll.aliyuncs.com/compatible-mode/v1", {"typo-host"}, "ap-southeast-1", "openai", False),
    ("https://ws1.cn-beijing.maas.aliyun.com/compatible-mode/v1", {"typo-host"}, "cn-beijing", "openai", False),
]


@pytest.mark.parametrize("url,kinds,region,protocol,known", FORMS, ids=[repr(r[0]) for r in FORMS])
def test_url_forms(cat, url, kinds, region, protocol, known) -> None:
    res = cat.resolve(url)
    got = {p.kind for p in res.problems}
    assert kinds <= got, (got, res)
    if not kinds:
        assert got == set()
    assert (res.known, res.region, res.protocol) == (known, region, protocol)


def test_typo_suggestion_is_the_real_host(cat) -> None:
    res = cat.resolve("https://dashscope.aliyun.com/compatible-mode/v1")
    assert res.suggestion == "dashscope.aliyuncs.com"
    assert res.base_url == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    typo = next(p for p in res.problems if p.kind == "typo-host")
    assert typo.suggestion == "dashscope.aliyuncs.com"


def test_typo_is_never_corrected_into_another_region(cat) -> None:
    res = cat.resolve("https://trial.us-east-1.maas.aliyuncs.com/compatible-mode/v1")
    assert res.known is False
    assert res.suggestion is None or "us-east-1" in res.suggestion


def test_unknown_and_foreign_hosts(cat) -> None:
    res = cat.resolve("https://api.openai.com/v1")
    assert (res.known, res.provider) == (False, "openai")
    assert [p.kind for p in res.problems] == ["foreign-host"]
    res = cat.resolve("https://gateway.example.org/v1")
    assert (res.known, res.region, res.suggestion) == (False, None, None)
    assert cat.resolve("").problems[0].kind == "empty"
    assert cat.resolve("${OPENAI_BASE_URL}").problems[0].kind == "placeholder"


def test_canonical_base_urls(cat) -> None:
    res = cat.resolve(" 'HTTPS://DashScope-Intl.aliyuncs.com:443/compatible-mode/v1/chat/completions/' ")
    assert res.base_url == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    assert res.endpoint == "/chat/completions"
    legacy = cat.resolve("https://dashscope.aliyuncs.com/api/v2/apps/claude-code-proxy")
    assert legacy.base_url == "https://dashscope.aliyuncs.com/apps/anthropic"
    assert legacy.to_dict()["status"] == "legacy"


def test_to_dict_keys(cat) -> None:
    d = cat.resolve("https://dashscope-intl.aliyuncs.com/compatible-mode/v1").to_dict()
    for key in ("known", "region", "plan", "protocol", "family", "workspace", "base_url", "problems"):
        assert key in d
    assert (d["region"], d["plan"], d["protocol"], d["family"]) == ("ap-southeast-1", "payg", "openai", "shared")


# client-aware resolution: the same string is right for one client and wrong for another
CLIENT_CASES = [
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions", "claude-code-router", set()),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1", "claude-code-router", {"missing-endpoint"}),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions", "litellm", set()),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions", "openai-sdk", {"request-path"}),
    ("https://dashscope.aliyuncs.com/apps/anthropic/v1", "opencode-anthropic", set()),
    ("https://dashscope.aliyuncs.com/apps/anthropic", "opencode-anthropic", {"unknown-path"}),
    ("https://dashscope.aliyuncs.com/apps/anthropic/v1", "claude-code", {"trailing-v1"}),
    ("https://dashscope.aliyuncs.com/apps/anthropic", "claude-code", set()),
    ("https://dashscope.aliyuncs.com/compatible-mode", "spring-ai-openai", set()),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1", "spring-ai-openai", {"double-v1"}),
    ("https://dashscope.aliyuncs.com", "spring-ai-dashscope", set()),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1", "spring-ai-dashscope", {"protocol-mismatch"}),
    ("https://dashscope-intl.aliyuncs.com/api/v1", "dashscope-sdk", set()),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1", "claude-code", {"protocol-mismatch"}),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1", "codex", set()),
]


@pytest.mark.parametrize("url,client,kinds", CLIENT_CASES, ids=[f"{c}:{u}" for u, c, _ in CLIENT_CASES])
def test_resolve_for_client(cat, url, client, kinds) -> None:
    res = cat.resolve(url, client=client)
    got = {p.kind for p in res.problems}
    assert kinds <= got, got
    if not kinds:
        assert got == set(), got
    assert res.client == client


def test_join(cat) -> None:
    assert cat.join("https://x/compatible-mode/v1/", "openai-sdk") == "https://x/compatible-mode/v1/chat/completions"
    assert cat.join("https://x/compatible-mode/v1/chat/completions", "litellm") == \
        "https://x/compatible-mode/v1/chat/completions"
    assert cat.join("https://x/apps/anthropic/v1", "opencode-anthropic") == "https://x/apps/anthropic/v1/messages"
    assert cat.join("https://x", "unknown") is None


def test_base_url(cat) -> None:
    assert cat.base_url(region="ap-southeast-1") == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    assert cat.base_url(region="beijing", protocol="anthropic") == "https://dashscope.aliyuncs.com/apps/anthropic"
    assert cat.base_url(region="cn-beijing", workspace="llm-1", protocol="dashscope") == \
        "https://llm-1.cn-beijing.maas.aliyuncs.com/api/v1"
    assert cat.base_url(region="eu-central-1") == "https://{WorkspaceId}.eu-central-1.maas.aliyuncs.com/compatible-mode/v1"
    assert cat.base_url(region="cn-beijing", plan="coding-plan") == "https://coding.dashscope.aliyuncs.com/v1"
    assert cat.base_url(region="cn-beijing", plan="coding-plan", protocol="dashscope") is None
    assert cat.base_url(region="cn-beijing", family="trial") == "https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"
    assert cat.base_url(region="us-east-1", plan="token-plan") is None


def test_credentials_in_a_url_are_not_kept(cat) -> None:
    res = cat.resolve("https://me:sk-0123456789abcdef0123456789abcdef@dashscope.aliyuncs.com/compatible-mode/v1")
    assert res.known and "userinfo" in {p.kind for p in res.problems}
    assert "0123456789abcdef" not in repr(res.to_dict())


def test_huge_values_are_refused_quickly(cat) -> None:
    res = cat.resolve("https://dashscope.aliyuncs.com/" + "v1/" * 5000)
    assert res.known is False and [p.kind for p in res.problems] == ["too-long"]
    assert cat.key_shape("sk-" + "a" * 10000).problems == ("too-long",)
