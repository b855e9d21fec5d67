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


# --------------------------------------------------------------------------- literal pre-tests

_URLISH = st.text(alphabet="${}%<>(os.environ/env:AZ_az09[]:\\nr \n", max_size=30)


@settings(max_examples=400, deadline=None)
@example("${X}")
@example("{{x}}")
@example("{x}")
@example("<model>")
@example("%(x)s")
@example("$X")
@given(_URLISH)
def test_model_template_pretest_is_the_regex(name: str) -> None:
    from validator.rules import models

    assert models._templated(name) == bool(models._TEMPLATED.compiled().search(name))


@settings(max_examples=400, deadline=None)
@example("${X}")
@example("{env:X}")
@example("os.environ/X")
@example("%X%")
@example("${{ x }}")
@given(_URLISH)
def test_url_reference_pretest_is_the_regex(text: str) -> None:
    from validator.catalogue import urls

    plain = bool(urls._REFERENCE.compiled().match(text))
    assert (text.startswith(urls._REFERENCE_STARTS) and bool(urls._REFERENCE.match(text))) == plain


@settings(max_examples=300, deadline=None)
@example("https://h/v1\\n")
@example("https://h/v1\\r\\n  ")
@example("[::1]:8080")
@example("[::1]")
@given(_URLISH)
def test_url_cleaning_pretests_keep_the_answers(text: str) -> None:
    from validator.catalogue import urls

    plain = re.search(r"(\\[nr])+\s*$", text)   # a literal \n or \r at the end
    got = urls._LITERAL_NEWLINE.search(text) if "\\" in text else None
    assert (got and got.span()) == (plain and plain.span())
    bracketed = re.match(r"^\[[0-9A-Fa-f:.]+\]", text)
    assert bool(text.startswith("[") and urls._BRACKETED_HOST.match(text)) == bool(bracketed)


def test_endpoint_paths_are_matched_as_their_regexes_match() -> None:
    from validator.catalogue.urls import _endpoint_regex

    cat = load()
    protocols = cat._protocols
    checked = 0
    for protocol, entry in protocols.items():
        paths = [e["path"] for e in entry["endpoints"]]
        regexes = [_endpoint_regex(p) for p in paths]
        for path in paths:
            for rest in (path, path + "\n", path + "\n\n", path + "/", path + "x", path[:-1], path.upper(),
                         path.replace("{", "").replace("}", ""), path.replace("{id}", "abc"), "/x" + path):
                expected = any(r.match(rest) for r in regexes)
                assert cat._is_endpoint(protocol, None, rest) == expected, (protocol, rest)
                checked += 1
    for alt in cat._alt_paths:   # the alternative paths' own endpoint lists
        regexes = [_endpoint_regex(p) for p in alt["endpoints"]]
        for path in alt["endpoints"]:
            for rest in (path, path + "\n", path + "/", path[:-1], "/x" + path):
                protocol = alt["protocol"]
                assert cat._is_endpoint(protocol, alt, rest) == any(r.match(rest) for r in regexes), (alt["path"], rest)
                checked += 1
    assert checked > 100
    assert any("{" in e["path"] for entry in protocols.values() for e in entry["endpoints"])   # templated ones too


@settings(max_examples=400, deadline=None)
@example("sk-" + "a1b2c3d4" * 4, False)
@example(" 'sk-sp-" + "Ab1_Cd2.Ef3-Gh4x" + "' ", True)
@example("Bearer sk-" + "0123456789abcdef" * 2, True)
@example("xsk-" + "a1b2c3d4" * 4, False)
@given(st.text(alphabet="sk-pwSK_0123456789abcdef.xyz '\"Bearer", max_size=60), st.booleans())
def test_key_shape_pretest_keeps_the_answers(text: str, ms_only: bool) -> None:
    from validator.sources import markers

    s = text.strip().strip("'\"")
    if s.lower().startswith("bearer "):
        s = s[7:].strip()
    pattern = markers.MS_KEY if ms_only else markers.ANY_KEY
    expected = pattern.fullmatch(s) is not None and len(set(s.split("-", 2)[-1].lower())) > 4
    assert markers.looks_like_key(text, modelstudio_only=ms_only) is expected
    assert "sk-" in text or list(pattern.finditer(text)) == []   # the literal scan's pre-test


@settings(max_examples=400, deadline=None)
@example("config.sample.yaml")
@example(".env.example")
@example(".env-template")
@example("examples.env")
@example("counterexample.env")
@example("x.dist")   # and one per word past the first three
@example("config_sample.yaml")   # and one per separator
@example("tpl-x")
@example("tmpl.x")
@example("a-tpl")
@example("defaults.env")
@example("default.env")
@example("skel.env")
@example("samples.yaml")
@example("templates.json")
@given(st.text(alphabet="._-exampledistplskonfig", max_size=24))
def test_template_names_split_as_the_regexes_split(name: str) -> None:
    from pathlib import PurePosixPath

    from validator.rules._common import is_template
    from validator.sources.dotenv import is_template_name
    from validator.vocab import TEMPLATE_WORDS

    doc = name.endswith((".md", ".mdx", ".rst", ".txt"))
    assert is_template(name) is (doc or any(w in TEMPLATE_WORDS for w in re.split(r"[._\-]+", name)))
    if name and "/" not in name and name not in (".", ".."):
        assert is_template_name(PurePosixPath(name)) is any(p in TEMPLATE_WORDS for p in re.split(r"[._\-]", name))
