"""Each speed-up gives exactly the answer of the plain code it replaced (bench/ has the timings)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
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
    data = json.loads(Path(COMPILED).read_text(encoding="utf-8"))
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


_SPLIT_URLS = st.text(alphabet="hts:/?#[]@.%a-_+1 \t\u00e9\x7f", max_size=30)


@settings(max_examples=1500, deadline=None)
@example("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions")
@example("HTTPS://Dashscope-INTL.aliyuncs.com:443/api/v1?x=1#frag")
@example("https://h#a?b")
@example("https://h?a#b/c")
@example("a+b-c.d://h/p")
@example("1ab://h/p")
@example("ht_tp://h/p")
@example("https:x://h/p")
@example("https://[::1]/p")
@example("https://h]/p")
@example("https://h /p")
@example("https://h\t/p")
@example("https://h\x7f/p")
@example("https://h\u00e9/p")
@example("https://user@h:1/p//q")
@given(_SPLIT_URLS.map(lambda s: s if "://" in s else "https://" + s))
def test_plain_urls_split_as_urlsplit_splits(url: str) -> None:
    """``rules._common._plain_split`` answers what ``urlsplit`` answers, or leaves the URL to it."""
    from urllib.parse import urlsplit

    from validator.rules._common import _plain_split, split

    plain = _plain_split(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        assert plain is None
        return
    if plain is not None:
        assert plain == (parts.scheme, parts.netloc, parts.path)
    stripped = url.strip().strip("'\"").strip()
    if "://" in stripped and _plain_split(stripped) is None:
        try:
            whole = urlsplit(stripped)
        except ValueError:
            return
        assert split(url) == (whole.scheme, whole.netloc, whole.path)


def test_the_usual_urls_take_the_plain_split() -> None:
    from validator.rules._common import _plain_split

    for url in ("https://dashscope.aliyuncs.com/compatible-mode/v1", "http://localhost:8080/v1?x#y",
                "https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/text-generation/generation"):
        assert _plain_split(url) is not None


@settings(max_examples=600, deadline=None)
@example("a\nb\r\nc\rd")
@example("a\x85b\u2028c\u2029d\n")
@example("\n\n")
@example("x")
@given(st.text(alphabet="a\n\r\x85\u2028\u2029\u00e9", max_size=30))
def test_line_starts_without_the_pattern_are_the_patterns(text: str) -> None:
    """``LineIndex`` finds the ``\\n`` breaks of a text without the format's other break
    characters by ``str.find``: the same line starts the format's pattern finds."""
    from validator.parsing import jsonc, toml
    from validator.parsing import yaml as yaml_parser
    from validator.parsing.tree import LineIndex

    for breaks, others in ((yaml_parser._BREAKS, yaml_parser._OTHER_BREAKS), (jsonc._BREAKS, "\r"),
                           (toml._BREAKS, "\r")):
        expected = [0, *(m.end() for m in re.finditer(breaks.pattern, text))]
        index = LineIndex(text, breaks, others)
        assert index._starts == expected
        for offset in range(len(text) + 1):
            line = max(i for i, s in enumerate(expected) if s <= offset)
            assert index.position(offset) == (line + 1, offset - expected[line] + 1)


@pytest.mark.parametrize("name, package", [
    ("validator.report.text", None), (".python_code", "validator.sources"), ("..parsing", "validator.sources"),
    ("json", None), ("validator.sources.registry", "x"), (".nope", "validator.sources"), ("nope_pkg.x", None),
    (".x", None), ("...x", "validator.sources"),
])
def test_import_module_answers_as_importlib_does(name: str, package: str | None) -> None:
    import importlib

    from validator.imports import import_module

    def outcome(load: Any) -> Any:
        try:
            return load(name, package)
        except Exception as exc:  # noqa: BLE001 - the error is the answer compared
            return type(exc)

    assert outcome(import_module) == outcome(importlib.import_module)
