"""Each speed-up gives exactly the answer of the plain code it replaced (bench/ has the timings)."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.catalogue import load
from validator.catalogue.index import COMPILED, Catalogue
from validator.catalogue.urls import _WS_PLACEHOLDER_TEXT, _is_ws_placeholder
from validator.model import fingerprint
from validator.redact import _INDEXED, redact_text
from validator.sources.markers import MARKER_WORDS, has_marker
from validator.wordtrie import trie_pattern

WORDS = st.lists(st.text(alphabet="ab-_.x", min_size=1, max_size=6), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="ab-_.x y", max_size=40))
def test_a_trie_finds_what_the_alternation_finds(words: list[str], text: str) -> None:
    plain = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    trie = re.compile(trie_pattern(words))
    a, b = plain.search(text), trie.search(text)
    assert (a is None) == (b is None)
    assert a is None or a.start() == b.start()
    assert all(trie.fullmatch(w) for w in words)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="DASHSCOPEdashscope_-sk qwenOpenAIbase_url", max_size=60))
def test_marker_scan_is_the_word_list(text: str) -> None:
    lowered = text.lower()
    assert has_marker(text) == any(w.lower() in lowered for w in MARKER_WORDS)
    assert has_marker(text.encode()) == has_marker(text)


def sequential(text: str, secrets: tuple[str, ...]) -> str:
    """The original redaction loop: every secret, longest first, on the text as it stands."""
    for s in sorted((s for s in secrets if s), key=len, reverse=True):
        if len(s) >= 6 and s in text:
            text = text.replace(s, fingerprint(s))
    return text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab12-_", max_size=12), min_size=_INDEXED, max_size=40),
       st.text(alphabet="ab12-_ ", max_size=60), st.lists(st.integers(0, 39), max_size=4), st.booleans())
def test_indexed_redaction_equals_the_loop(secrets: list[str], text: str, picks: list[int], long: bool) -> None:
    for i in picks:   # plant some of the secrets, overlapping or not
        s = secrets[i % len(secrets)]
        text = text[: i % (len(text) + 1)] + s + text[i % (len(text) + 1):]
    if long:
        text *= 80    # the other code path: texts too long to cut into prefixes
    keys = tuple(secrets)
    assert redact_text(text, keys) == redact_text(sequential(text, keys), ())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="{}[]<>$%-_*xXlLwWyYsouricdpa", max_size=16))
def test_workspace_placeholder_test_is_the_regex(label: str) -> None:
    assert _is_ws_placeholder(label) == (re.compile(_WS_PLACEHOLDER_TEXT, re.I).match(label) is not None)


def test_model_records_are_built_on_demand_and_shared() -> None:
    data = json.loads(COMPILED.read_text(encoding="utf-8"))
    lazy, eager = Catalogue(data), Catalogue(data)
    everything = {m.name: m for m in eager.models()}
    first = lazy.model("qwen-plus")
    assert first == everything["qwen-plus"] and lazy.model("qwen-plus") is first
    assert lazy.model("no-such-model") is None and lazy.model(None) is None  # type: ignore[arg-type]
    assert {m.name: m for m in lazy.models()} == everything
    assert lazy.model("qwen-plus") is first and {m.name: m for m in lazy.models()}["qwen-plus"] is first
    assert load().model("qwen-plus") == first
