"""The rule table is public API: names, codes, documentation pages, and the generated reference."""

from __future__ import annotations

import re

from validator import docsgen
from validator.rules import all_rules, get

PUBLIC = [
    "unknown-host", "malformed-base-url", "protocol-mismatch", "unreplaced-placeholder",
    "invalid-workspace-domain", "deprecated-endpoint", "shared-endpoint", "removed-setting", "trial-endpoint", "plan-endpoint-mismatch",
    "plan-usage-restricted", "key-region-mismatch", "key-workspace-mismatch", "malformed-key", "missing-key",
    "conflicting-credentials", "hardcoded-secret", "unknown-model", "model-not-in-region",
    "model-not-on-protocol", "unsupported-parameter", "feature-not-in-region", "residency-violation",
]
PREFIX = {"endpoint": "MS1", "credentials": "MS2", "models": "MS3", "features": "MS3"}


def test_static_rules_are_exactly_the_public_names_with_family_codes() -> None:
    static = [r for r in all_rules() if r.static]
    assert sorted(r.name for r in static) == sorted(PUBLIC)
    for r in static:
        assert r.code.startswith(PREFIX[r.family]), r
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name)
        assert get(r.code) is r and get(r.name) is r and get(r.code.lower()) is r


def test_every_rule_has_a_complete_doc_page() -> None:
    for r in all_rules():
        sections = re.findall(r"^## (.+)$", r.doc, re.M)
        assert sections[:4] == ["What it checks", "Why", "Example", "Fix"], (r.name, sections)
        assert "\n" not in r.summary and r.summary.endswith(".")
        if r.fixable:
            assert r.fixable in ("safe", "unsafe")


def test_docs_reference_is_generated_and_in_sync() -> None:
    current = docsgen.docs_path().read_text(encoding="utf-8")
    assert current == docsgen.markdown(all_rules()), "run: python -m validator.docsgen --write"
    for r in all_rules():
        assert f'<a id="{r.name}"></a>' in current


def test_pages_render_for_humans_and_machines() -> None:
    r = get("hardcoded-secret")
    page = docsgen.page(r)
    assert page.startswith("# MS208 hardcoded-secret") and "cannot be suppressed inline" in page
    d = docsgen.rule_dict(r)
    assert d["ignorable"] is False and d["kind"] == "static" and d["url"].endswith("#hardcoded-secret")


def test_the_registry_cleans_docstrings_exactly_like_inspect() -> None:
    """``registry.cleandoc`` replaces ``inspect.cleandoc`` (not imported at start-up): same text."""
    import inspect

    from validator.rules.registry import cleandoc

    checked = [r for r in all_rules() if r.check is not None and r.check.__doc__ and not r.observes]
    assert len(checked) >= 20
    for r in checked:
        assert r.doc == inspect.cleandoc(r.check.__doc__)
    for text in ["", "\n", "one line", "  first\n    a\n      b\n    c\n", "\n\n  x\n\ty\n \n", "a\n\n\n",
                 "first\n  \n  body\n", "\tfirst\n\t\tsecond\n", "x\n   y\n z"]:
        assert cleandoc(text) == inspect.cleandoc(text), repr(text)
