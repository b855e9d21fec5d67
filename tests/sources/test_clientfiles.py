"""A client record's ``files`` patterns: the per-pattern matcher answers like one regex would."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.catalogue import load
from validator.sources.clientfiles import files_matcher


def _one_regex(patterns: tuple[str, ...]) -> "re.Pattern[str] | None":
    """The matcher msv used before: every pattern in one case-insensitive alternation."""
    alts = []
    for pattern in patterns:
        segs = [s for s in pattern.strip("/").split("/") if s]
        rx = ""
        for i, seg in enumerate(segs):
            if seg == "**":
                rx += "(?:[^/]+/)*"
            else:
                rx += "".join("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch) for ch in seg)
                rx += "/" if i < len(segs) - 1 else ""
        if rx:
            alts.append(rx)
    return re.compile("(?:^|/)(?:" + "|".join(alts) + ")$", re.IGNORECASE) if alts else None


RECORDS = [c.files for c in load().clients() if c.files]
WORDS = sorted({part for files in RECORDS for p in files for part in re.split(r"[/*?]+", p) if part}
               | {"src", "a", "x.json", "deep", "Config.YAML", ""})
PATTERNS = st.sampled_from(RECORDS) | st.lists(
    st.lists(st.sampled_from(["*", "**", "?", "*.json", "conf?g.yaml", *WORDS[:30]]), min_size=1, max_size=4)
    .map("/".join), min_size=1, max_size=3).map(tuple)


def _path(parts: list[str]) -> PurePosixPath:
    return PurePosixPath(*[p for p in parts if p] or ["x"])


@settings(max_examples=600, deadline=None)
@given(PATTERNS, st.lists(st.sampled_from(WORDS) | st.text("aAbB.-_/", max_size=6), min_size=1, max_size=5),
       st.booleans())
def test_the_matcher_answers_like_the_single_regex(patterns: tuple[str, ...], parts: list[str], upper: bool) -> None:
    path = _path([p.upper() if upper else p for p in parts])
    rx = _one_regex(patterns)
    expected = rx is not None and rx.search(path.as_posix()) is not None
    assert files_matcher(patterns)(path) is expected


def test_every_record_matches_its_own_literal_paths_in_any_case() -> None:
    checked = 0
    for files in RECORDS:
        matches = files_matcher(files)
        for pattern in files:
            if "*" in pattern or "?" in pattern:
                continue
            for spelled in (pattern, pattern.upper(), f"repo/{pattern}"):
                assert matches(PurePosixPath(spelled)), (files, spelled)
                checked += 1
            assert not matches(PurePosixPath(pattern + ".bak"))
    assert checked >= 30


@settings(max_examples=500, deadline=None)
@given(st.sampled_from([p for files in RECORDS for p in files if "*" not in p and "?" not in p]),
       st.lists(st.sampled_from(["", "a", "x", "/", ".", "\n", "src/"]), max_size=3),
       st.lists(st.sampled_from(["", "\n", "/", "x", "\n\n"]), max_size=2))
def test_a_literal_pattern_is_matched_on_strings_as_its_regex_matches(pattern: str, before: list[str],
                                                                     after: list[str]) -> None:
    from validator.sources.clientfiles import _Pattern, _pattern_source

    lit = "/".join(s for s in pattern.strip("/").lower().split("/") if s)
    lpath = "".join(before) + lit + "".join(after)
    regex = re.compile("(?:^|/)(?:" + _pattern_source(pattern) + ")$")
    assert _Pattern(pattern).matches(lpath) is (regex.search(lpath) is not None), lpath


@settings(max_examples=500, deadline=None)
@given(st.sampled_from([p for files in RECORDS for p in files if "*" in p or "?" in p] + ["a/**/b", "?x*/**/*.y?ml"]),
       st.lists(st.sampled_from(["", "a", "x", "/", ".", "\n", "src/", ".continue/", "b", "xy", "deep/", ".yaml",
                                 ".yml", "litellm", "config"]), max_size=6))
def test_a_wildcard_pattern_is_answered_as_its_regex_answers(pattern: str, parts: list[str]) -> None:
    from validator.sources.clientfiles import _Pattern, _pattern_source

    lpath = "".join(parts)
    regex = re.compile("(?:^|/)(?:" + _pattern_source(pattern) + ")$")
    assert _Pattern(pattern).matches(lpath) is (regex.search(lpath) is not None), lpath
