"""Each speed-up gives exactly the answer of the plain code it replaced (bench/ has the timings)."""

from __future__ import annotations

import json
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from validator.catalogue import load
from validator.catalogue.index import COMPILED, Catalogue
from validator.catalogue.urls import _WS_PLACEHOLDER_TEXT, _is_ws_placeholder
from validator.model import fingerprint
from validator.redact import _BEARER, _GRAM, _KEYLIKE, _SPELLED, redact_text
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


def windows(secret: str) -> set[str]:
    low = secret.lower()
    return {low[i:i + _GRAM] for i in range(len(low) - _GRAM + 1)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab12-_", min_size=_GRAM, max_size=40), min_size=1, max_size=40),
       st.text(alphabet="ab12-_ ", max_size=60), st.lists(st.integers(0, 39), max_size=4), st.booleans())
def test_redaction_leaves_no_window_of_a_secret(secrets: list[str], text: str, picks: list[int], long: bool) -> None:
    """The sampled window scan (half-windows first) hides exactly what a scan of every position
    would: no run of ``_GRAM`` characters of a secret survives, in any case."""
    for i in picks:   # plant some of the secrets, overlapping or not, some in capitals
        s = secrets[i % len(secrets)]
        s = s.upper() if i % 2 else s
        text = text[: i % (len(text) + 1)] + s + text[i % (len(text) + 1):]
    if long:
        text *= 80
    # fingerprints cut out: their 8 hex digits next to the text may spell a window of a
    # degenerate secret ("1111111111") without revealing anything
    shown = re.sub(r"…[0-9a-f]{8}", "\x00", redact_text(text, tuple(secrets))).lower()
    grams = set().union(*(windows(s) for s in secrets))
    assert not any(shown[i:i + _GRAM] in grams for i in range(len(shown) - _GRAM + 1))


_KEY_PIECES = st.sampled_from(list("sSkK-_.aA0\\ xu{}\u017f\u212a\u0131") + [
    "sk-", "SK-", "k-", "\\x73", "\\u0073", "\\u{73}", "\\163", "\\x6b", "\\u006b", "\\153", "LTAI", "ltai",
    "AIza", "aiza", "bearer ", "BEARER\t", "Bearer ", "abcdef012345", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_KEY_PIECES, max_size=24).map("".join))
@example("sk-abcdef012345")
@example("SK-abcdef012345")
@example("key \\x73\\x6b-abcdef012345 here")
@example("\\u0073K-abcdef012345")
@example("LTAIabcdef012345")
@example("AIza" + "Z" * 32)
@example("Authorization: BEARER abcdef012345")
def test_key_pattern_pretest_skips_only_texts_they_cannot_match(text: str) -> None:
    """``redact_text`` skips the three key patterns on texts that hold none of their clues:
    the result is what running all three gives, on texts built from their pieces."""
    full = _KEYLIKE.sub(lambda m: fingerprint(m.group(1)), text)
    full = _SPELLED.sub(lambda m: fingerprint(m.group(1)), full)
    full = _BEARER.sub(lambda m: m.group(1) + fingerprint(m.group(2)), full)
    assert redact_text(text) == full


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
