"""Every Base URL that appears in the seed documents resolves to its region, plan, protocol and family.

The table is copied from /work/shared/seeds/*.txt (tests must not read that folder at run time).
Request URLs from the seeds (``POST …/chat/completions``) are in the table too: they resolve to
the same host, with the endpoint split off and reported as a ``request-path`` problem.
"""

from __future__ import annotations

import pytest

from validator.catalogue import load

S = "shared"
W = "workspace"
T = "trial"
P = "plan"

# url, region, plan, protocol, family, endpoint (None for a clean base URL)
SEED_URLS = [
    # 000 Base URL overview: shared, workspace, trial, Token Plan, Coding Plan
    ("https://dashscope.aliyuncs.com/compatible-mode/v1", "cn-beijing", "payg", "openai", S, None),
    ("https://dashscope.aliyuncs.com/apps/anthropic", "cn-beijing", "payg", "anthropic", S, None),
    ("https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "ap-southeast-1", "payg", "openai", S, None),
    ("https://dashscope-intl.aliyuncs.com/apps/anthropic", "ap-southeast-1", "payg", "anthropic", S, None),
    ("https://dashscope-us.aliyuncs.com/compatible-mode/v1", "us-east-1", "payg", "openai", S, None),
    ("https://dashscope-us.aliyuncs.com/apps/anthropic", "us-east-1", "payg", "anthropic", S, None),
    ("https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/compatible-mode/v1", "cn-beijing", "payg", "openai", W, None),
    ("https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/apps/anthropic", "cn-beijing", "payg", "anthropic", W, None),
    ("https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1", "ap-southeast-1", "payg", "openai", W, None),
    ("https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/apps/anthropic", "ap-southeast-1", "payg", "anthropic", W, None),
    ("https://{WorkspaceId}.ap-northeast-1.maas.aliyuncs.com/compatible-mode/v1", "ap-northeast-1", "payg", "openai", W, None),
    ("https://{WorkspaceId}.ap-northeast-1.maas.aliyuncs.com/apps/anthropic", "ap-northeast-1", "payg", "anthropic", W, None),
    ("https://{WorkspaceId}.eu-central-1.maas.aliyuncs.com/compatible-mode/v1", "eu-central-1", "payg", "openai", W, None),
    ("https://{WorkspaceId}.eu-central-1.maas.aliyuncs.com/apps/anthropic", "eu-central-1", "payg", "anthropic", W, None),
    ("https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1", "cn-beijing", "payg", "openai", T, None),
    ("https://trial.cn-beijing.maas.aliyuncs.com/apps/anthropic", "cn-beijing", "payg", "anthropic", T, None),
    ("https://trial.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1", "ap-southeast-1", "payg", "openai", T, None),
    ("https://trial.ap-southeast-1.maas.aliyuncs.com/apps/anthropic", "ap-southeast-1", "payg", "anthropic", T, None),
    ("https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1", "cn-beijing", "token-plan", "openai", P, None),
    ("https://token-plan.cn-beijing.maas.aliyuncs.com/apps/anthropic", "cn-beijing", "token-plan", "anthropic", P, None),
    ("https://coding.dashscope.aliyuncs.com/v1", "cn-beijing", "coding-plan", "openai", P, None),
    ("https://coding.dashscope.aliyuncs.com/apps/anthropic", "cn-beijing", "coding-plan", "anthropic", P, None),
    # 001 regions and scopes: DashScope native bases
    ("https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/api/v1", "cn-beijing", "payg", "dashscope", W, None),
    ("https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/api/v1", "ap-southeast-1", "payg", "dashscope", W, None),
    ("https://{WorkspaceId}.eu-central-1.maas.aliyuncs.com/api/v1", "eu-central-1", "payg", "dashscope", W, None),
    ("https://dashscope-us.aliyuncs.com/api/v1", "us-east-1", "payg", "dashscope", S, None),
    # 002 sub-workspace calls: Beijing, Singapore, Finance Cloud
    ("https://dashscope-intl.aliyuncs.com/api/v1", "ap-southeast-1", "payg", "dashscope", S, None),
    ("https://dashscope-finance.aliyuncs.com/compatible-mode/v1", "cn-shanghai-finance-1", "payg", "openai", S, None),
    ("https://dashscope-finance.aliyuncs.com/api/v1", "cn-shanghai-finance-1", "payg", "dashscope", S, None),
    ("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions", "cn-beijing", "payg", "openai", S,
     "/chat/completions"),
    ("https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions", "ap-southeast-1", "payg", "openai", S,
     "/chat/completions"),
    ("https://dashscope-finance.aliyuncs.com/compatible-mode/v1/chat/completions", "cn-shanghai-finance-1", "payg",
     "openai", S, "/chat/completions"),
    ("https://dashscope.aliyuncs.com/api/v1/services/aigc/text-generation/generation", "cn-beijing", "payg",
     "dashscope", S, "/services/aigc/text-generation/generation"),
    ("https://dashscope.aliyuncs.com/api/v1/services/aigc/multimodal-generation/generation", "cn-beijing", "payg",
     "dashscope", S, "/services/aigc/multimodal-generation/generation"),
    ("https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/text-generation/generation", "ap-southeast-1", "payg",
     "dashscope", S, "/services/aigc/text-generation/generation"),
    ("https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/multimodal-generation/generation", "ap-southeast-1",
     "payg", "dashscope", S, "/services/aigc/multimodal-generation/generation"),
    ("https://dashscope-finance.aliyuncs.com/api/v1/services/aigc/text-generation/generation",
     "cn-shanghai-finance-1", "payg", "dashscope", S, "/services/aigc/text-generation/generation"),
    ("https://dashscope-finance.aliyuncs.com/api/v1/services/aigc/multimodal-generation/generation",
     "cn-shanghai-finance-1", "payg", "dashscope", S, "/services/aigc/multimodal-generation/generation"),
    # 003 Anthropic compatibility: base and the cURL request URL
    ("https://dashscope.aliyuncs.com/apps/anthropic/v1/messages", "cn-beijing", "payg", "anthropic", S, "/v1/messages"),
]


@pytest.fixture(scope="module")
def cat():
    return load()


def test_the_table_is_the_whole_seed_set() -> None:
    assert len(SEED_URLS) >= 39
    assert len({row[0] for row in SEED_URLS}) == len(SEED_URLS)


@pytest.mark.parametrize("url,region,plan,protocol,family,endpoint", SEED_URLS, ids=[r[0] for r in SEED_URLS])
def test_seed_url_resolves(cat, url, region, plan, protocol, family, endpoint) -> None:
    res = cat.resolve(url)
    d = res.to_dict()
    assert d["known"] is True
    assert (d["region"], d["plan"], d["protocol"], d["family"]) == (region, plan, protocol, family)
    assert d["endpoint"] == endpoint
    kinds = {p["kind"] for p in d["problems"]}
    if endpoint is None:
        # The seeds' own base URLs are clean, apart from the {WorkspaceId} placeholder they print.
        assert kinds <= {"placeholder"}
        assert ("placeholder" in kinds) == ("{WorkspaceId}" in url)
    else:
        assert "request-path" in kinds
        assert url.startswith(d["base_url"].replace("{WorkspaceId}", ""))
    assert d["base_url"] and d["base_url"].startswith("https://")


WORKSPACE_URLS = [r for r in SEED_URLS if "{WorkspaceId}" in r[0]]


@pytest.mark.parametrize("url,region,plan,protocol,family,endpoint", WORKSPACE_URLS, ids=[r[0] for r in WORKSPACE_URLS])
def test_seed_url_with_a_real_workspace_id(cat, url, region, plan, protocol, family, endpoint) -> None:
    res = cat.resolve(url.replace("{WorkspaceId}", "llm-a1b2c3d4e5"))
    assert res.known and res.workspace == "llm-a1b2c3d4e5" and res.region == region
    assert res.problems == ()
    assert res.base_url == url.replace("{WorkspaceId}", "llm-a1b2c3d4e5")


def test_seed_template_forms(cat) -> None:
    """The seed's prose templates: [workspace-id].[region]… and the trail. typo."""
    res = cat.resolve("https://[workspace-id].cn-beijing.maas.aliyuncs.com/compatible-mode/v1")
    assert res.known and res.family == "workspace" and res.region == "cn-beijing"
    assert [p.kind for p in res.problems] == ["placeholder"]
    typo = cat.resolve("https://trail.cn-beijing.maas.aliyuncs.com/compatible-mode/v1")
    assert typo.known is False
    assert typo.suggestion == "trial.cn-beijing.maas.aliyuncs.com"
    assert (typo.region, typo.family) == ("cn-beijing", "trial")
