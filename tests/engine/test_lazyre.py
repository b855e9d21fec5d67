"""``validator.lazyre``: a pattern compiled on first use answers exactly like ``re.compile``."""

from __future__ import annotations

import re

from validator.lazyre import lazy


def test_a_lazy_pattern_compiles_on_first_use_and_answers_like_re() -> None:
    p = lazy(r"(?P<k>[A-Z_]+)=(?P<v>\S*)", re.MULTILINE)
    assert p._compiled is None
    text = "A=1\nB_C=x y\n"
    ref = re.compile(r"(?P<k>[A-Z_]+)=(?P<v>\S*)", re.MULTILINE)
    assert p.search(text).groupdict() == ref.search(text).groupdict()
    assert [m.span() for m in p.finditer(text)] == [m.span() for m in ref.finditer(text)]
    assert p.sub("-", text) == ref.sub("-", text) and p.pattern == ref.pattern and p.groupindex == ref.groupindex
    assert p.fullmatch("A=1") is not None and p.match("=") is None


def test_later_calls_find_the_method_without_getattr() -> None:
    p = lazy("ab+")
    assert "search" not in vars(p)
    p.search("abb")
    assert vars(p)["search"] == p.compiled().search   # stored: the next lookup is a plain attribute


def test_dunder_probes_are_not_forwarded() -> None:
    import copy

    p = lazy("x")
    assert copy.copy(p).search("x") is not None   # copy works (no __reduce_ex__ borrowed from the pattern)
