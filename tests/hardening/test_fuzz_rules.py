"""Fuzzing every rule with hostile targets: whatever a reader could put in a field, no rule raises.

Readers hand rules whatever the file said: a base URL with a ``[`` in the host, a model that is a
number, a parameter that is a nested list, a port out of range. The engine does not (yet) isolate
a crashing rule — one exception ends the whole ``msv check`` with exit 2 — so every rule must be
total over any target. Targets are built here directly, field by field, from URL and model
fragments, random text and odd JSON values.
"""

from __future__ import annotations

import functools

from hypothesis import given
from hypothesis import strategies as st

from hangguard import hang_guard
from hardkit import fuzz, known_bug, tick
from validator.model import Location, Origin, Secret, Target, TargetKind, Value

URL_PIECES = [
    "https://", "http://", "HTTPS://", "", "dashscope", "-intl", "-us", ".aliyuncs.com", ".aliyun.com",
    "{WorkspaceId}", "ws-abc123", ".cn-beijing.maas", ".ap-southeast-1.maas", "trial.", "coding.", "coding-intl.",
    "token-plan.", "cn-hongkong.", "/compatible-mode", "/v1", "/apps/anthropic", "/api/v1", "/api/v2/apps/claude-code-proxy",
    "/chat/completions", "/responses", "/messages", ":443", ":99999", ":", "@", "user:pw@", "?", "#", "//", "/",
    " ", "[", "]", "[::1]", "%", "%zz", "$", "${X}", "{env:X}", "\x00", "é", "百炼", "\\", "\n", "'", '"',
]
MODEL_PIECES = ["qwen", "-plus", "-max", "-turbo", "3", "-coder", "-latest", "-2025-01-25", "dashscope/", "openai/",
                "Qwen", "QWEN", " ", "/", ":", "@", "é", "", "-", "qwen3-coder-plus", "deepseek-r1", "gpt-4o"]


def _text(pieces: list[str], max_size: int = 10) -> st.SearchStrategy[str]:
    return st.one_of(st.lists(st.sampled_from(pieces), max_size=max_size).map("".join), st.text(max_size=60))


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
LOC = st.builds(Location, st.sampled_from([".env", "a/b.json", "<environment>", "<cli>", "x.py"]),
                st.integers(0, 50), st.integers(0, 80), st.integers(0, 50), st.integers(0, 80))
ORIGIN = st.sampled_from(list(Origin))


def _value(inner: st.SearchStrategy) -> st.SearchStrategy[Value]:
    return st.builds(Value, inner, st.one_of(st.none(), LOC), ORIGIN,
                     st.one_of(st.none(), st.sampled_from(["OPENAI_BASE_URL", "DASHSCOPE_API_KEY", "X"])),
                     st.one_of(st.none(), st.text(max_size=30)))


KEYS = st.one_of(
    st.builds(lambda h: "sk-" + h, st.text("0123456789abcdef", min_size=0, max_size=40)),
    st.builds(lambda h: "sk-sp-" + h, st.text("0123456789abcdefXYZ", max_size=40)),
    st.sampled_from(["", "sk-xxx", "sk-****1234", "Bearer sk-0123456789abcdef0123456789abcdef", "${KEY}",
                     "sk-ant-api03-abc", "LTAI5tAbCdEfGhIjKlMn", "   "]),
    st.text(max_size=50),
)


@functools.cache
def _catalogue():
    from validator.catalogue import load

    return load()


@functools.cache
def _client_ids() -> tuple[str, ...]:
    return tuple(c.id for c in _catalogue().clients()) + ("unknown", "no-such-client")


@st.composite
def targets(draw: st.DrawFn) -> Target:
    maybe = lambda s: draw(st.one_of(st.none(), s))  # noqa: E731
    key = maybe(_value(KEYS.map(Secret) | KEYS | st.none()))
    return Target(
        name=draw(st.text(max_size=10)),
        client=draw(st.sampled_from(_client_ids())),
        origin=draw(LOC),
        kind=draw(st.sampled_from(list(TargetKind))),
        protocol=draw(st.sampled_from([None, "openai", "anthropic", "dashscope", "grpc"])),
        base_url=maybe(_value(st.one_of(_text(URL_PIECES), st.none(), JSONISH))),
        key=key,
        key_variable=maybe(st.sampled_from(["DASHSCOPE_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_AUTH_TOKEN", ""])),
        models=draw(st.lists(_value(st.one_of(_text(MODEL_PIECES, 4), JSONISH)), max_size=3)),
        parameters=draw(st.dictionaries(st.sampled_from(["temperature", "top_p", "n", "max_tokens", "enable_thinking",
                                                         "stream", "tools", "response_format", "x"]),
                                        _value(JSONISH), max_size=4)),
        features=draw(st.lists(_value(st.one_of(st.sampled_from(["batch-inference", "web-search", "x"]), JSONISH)),
                               max_size=2)),
        settings=draw(st.dictionaries(st.sampled_from(["wire_api", "client", "region", "workspace", "x"]),
                                      _value(JSONISH), max_size=3)),
        usage=maybe(_value(st.sampled_from(["backend", "interactive", "", "both"]) | JSONISH)),
        residency=maybe(_value(st.sampled_from(["cn", "intl", "us", "eu", "jp", "hk", "mars"]) | JSONISH)),
        key_region=maybe(_value(st.sampled_from(["cn-beijing", "ap-southeast-1", "singapore", "x"]) | JSONISH)),
        key_plan=maybe(_value(st.sampled_from(["payg", "coding-plan", "token-plan", "x"]) | JSONISH)),
        key_workspace=maybe(_value(st.sampled_from(["ws-abc123", "llm-x", ""]) | JSONISH)),
        committed=draw(st.one_of(st.none(), st.booleans())),
    )


def _run_all_rules(target: Target) -> None:
    from validator.engine import Options, to_finding
    from validator.rules.registry import all_rules

    cat = _catalogue()
    options = Options()
    for rule in all_rules():
        if rule.check is None or str(target.kind) not in rule.kinds:
            continue
        with hang_guard(f"rule {rule.name}"):
            for hit in rule.check(target, cat):
                f = to_finding(rule, hit, target, options)
                assert isinstance(f.message, str) and f.message
                f.to_dict()


@fuzz()
@given(target=targets())
def test_no_rule_raises_on_any_target(target: Target) -> None:
    tick("rules/targets")
    try:
        _run_all_rules(target)
    except Exception as exc:  # noqa: BLE001
        bug = known_bug(f"{type(exc).__name__}: {exc}")
        if bug is None:
            raise
        tick(f"known-bug:{bug}")   # reproduced deterministically by an xfail test below


# --------------------------------------------------------------------------- known bugs, pinned

def _url_target(url: str) -> Target:
    return Target(name="t", client="openai-sdk", origin=Location(".env", 1, 1), protocol="openai",
                  base_url=Value(url, Location(".env", 1, 17), Origin.LITERAL, "OPENAI_BASE_URL", url))


def test_a_bracket_in_a_model_studio_host_does_not_crash_the_endpoint_rules() -> None:
    """Regression: urlsplit raises on an unbalanced '[' in the host; rules must split by hand."""
    _run_all_rules(_url_target("https://ws-8f3k2m1q.[cn-beijing.maas.aliyuncs.com/compatible-mode/v1"))
