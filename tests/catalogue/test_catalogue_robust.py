"""Queries never raise on hostile input: any text is a URL, a key or an error body to judge."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.catalogue import load

CAT = load()
PIECES = st.sampled_from([
    "https://", "http://", "wss://", "dashscope", "-intl", ".aliyuncs.com", ".aliyun.com", "{WorkspaceId}", "[ws]",
    ".cn-beijing.maas", "/compatible-mode", "/v1", "/apps/anthropic", "/api/v1", "/chat/completions", ":443", ":",
    "@", "?", "#", "//", "/", " ", "\n", "\\n", '"', "'", "llm-xxx", "trail.", "coding.", "%", "$", "\x00", "é",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=200))
def test_resolve_never_raises(text: str) -> None:
    res = CAT.resolve(text)
    d = res.to_dict()
    assert isinstance(d["known"], bool)
    if d["known"]:
        assert d["region"] and d["plan"] and d["family"]
    for client in ("openai-sdk", "claude-code-router", "opencode-anthropic", "spring-ai-dashscope", "unknown"):
        CAT.resolve(text, client=client)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_key_shape_never_raises_nor_echoes(text: str) -> None:
    shape = CAT.key_shape(text)
    assert shape.kind in {"payg", "subscription", "workspace", "generic", "foreign", "placeholder", "masked",
                          "empty", "unknown"}
    if len(text.strip()) > 12:
        assert text.strip() not in repr(shape)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.integers(min_value=-5, max_value=999)), st.text(max_size=300))
def test_match_error_never_raises(status, body) -> None:
    for sig, score in CAT.match_error(status, body):
        assert 0 < score <= 1 and sig.meaning


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_model_lookups_never_raise(name: str) -> None:
    CAT.model(name)
    CAT.suggest_model(name)
    CAT.region(name)
    CAT.client(name)
    CAT.feature(name, name)
