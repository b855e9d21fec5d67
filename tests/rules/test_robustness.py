"""No rule raises on odd input: any URL text, key text, model name or parameter value."""

from __future__ import annotations

import re

import pytest

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rulekit import lit, run, target

from validator.model import Secret
from validator.rules import all_rules, endpoint

VARIABLE_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:API_?KEY|KEY|TOKEN|AUTH_TOKEN|SECRET)$")
STATIC = [r.name for r in all_rules() if r.static]
HOSTS = ["dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com", "coding.dashscope.aliyuncs.com",
         "ws-a1.cn-beijing.maas.aliyuncs.com", "trial.cn-beijing.maas.aliyuncs.com", "dashscope.aliyun.com",
         "x.maas.aliyuncs.com", "api.openai.com", "[::1]", "", "{WorkspaceId}.eu-central-1.maas.aliyuncs.com"]
PATHS = ["", "/", "/compatible-mode/v1", "/apps/anthropic", "/api/v1", "/v1", "/compatible-mode/v1/chat/completions",
         "/apps/anthropic/v1/messages", "/api/v2/apps/claude-code-proxy", "//x//y", "/%00"]

urls = st.one_of(
    st.builds(lambda s, h, p, tail: f"{s}{h}{p}{tail}", st.sampled_from(["https://", "http://", "", "ftp://", " "]),
              st.sampled_from(HOSTS), st.sampled_from(PATHS), st.text(max_size=6)),
    st.text(max_size=40),
)
clients = st.sampled_from(["openai-sdk", "claude-code", "codex", "claude-code-router", "opencode-anthropic",
                           "dashscope-sdk", "litellm", "unknown", "qwen-code", "no-such-client"])
keys = st.one_of(st.none(), st.text(max_size=50), st.sampled_from(["sk-xxx", "sk-sp-****", "Bearer sk-abc",
                                                                   "sk-" + "a" * 32, "DASHSCOPE_API_KEY"]))
values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10),
                   st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=urls, client=clients, key=keys, model=st.text(max_size=30), value=values,
       context=st.sampled_from([None, "cn-beijing", "ap-southeast-1", "nowhere"]))
def test_rules_never_raise(cat, url, client, key, model, value, context) -> None:
    assume(not key or (key not in model and key not in url and key not in str(value)))
    t = target(client, base_url=url, models=[model], parameters={"temperature": lit(value), "n": lit(value),
                                                                  "thinking": lit(value)},
               features=[lit(model)], key_region=context or None, residency="eu", key_workspace="ws-x",
               usage="backend")
    t.key = None if key is None else lit(Secret(key), raw=key)
    t.notes.append(f"ignored-key: {model}")
    for name in STATIC:
        for f in run(name, t, cat):
            assert f.message and f.fix is not None
            if key and len(key) >= 8 and not VARIABLE_NAME.match(key.strip()):
                assert key not in f.message   # a variable *name* passed as the key may be shown


_URL_ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789.-_/:{}[]<>$XWSAM")
                                + ["workspace", "WORKSPACE", "maas", "\u017f", "\u0131", "\u0130",
                                   "\u212a", "llm-xxx", "ws-", "your", "region", "id", "aliyuncs.com"])


@pytest.mark.parametrize("text", [
    "https://dashscope.aliyuncs.com/compatible-mode/v1", "https://{workspace}.cn-beijing.maas.aliyuncs.com",
    "https://x.com/[region]/v1", "https://x.com/<id>", "https://$WORKSPACE.x", "https://${MY_WORKSPACE_ID}.x",
    "https://ws-xxx.cn-beijing.maas.aliyuncs.com", "your-workspace-id.maas", "worK\u017fpace_id.x",
    "WORKSPACE-ID.x", "https://llm-XXXX.x", "plain", ""])
def test_placeholder_pretest_matches_the_pattern(text: str) -> None:
    found, expected = endpoint._placeholder(text), endpoint._URL_PLACEHOLDER.search(text)
    assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=400, deadline=None)
@given(st.lists(_URL_ALPHABET, max_size=30).map("".join))
def test_pretests_never_skip_a_match(text: str) -> None:
    """The cheap substring tests in front of two patterns only skip texts the pattern cannot match."""
    found, expected = endpoint._placeholder(text), endpoint._URL_PLACEHOLDER.search(text)
    assert (found and found.span()) == (expected and expected.span())
    for host in (text, text + ".cn-beijing.m\u017fas.aliyuncs.com", "x.cn-beijing." + text + ".aliyuncs.com"):
        found, expected = endpoint._workspace_host(host), endpoint._WORKSPACE_HOST.match(host)
        assert (found and found.span()) == (expected and expected.span())
