"""No format leaks a key, and no report, however odd, makes a reporter raise."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.engine import Report
from validator.model import Finding, Fix, Location, Secret, Severity, Target, Value
from validator.report import FORMATS, render

from report_sample import FAKE_KEY, ODD_SECRET, RULES

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "tests/data/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CANARY = "sk-canary" + "9f8e7d6c5b4a" * 3


def leaky_report() -> Report:
    """Every free-text field holds a key: messages, fixes, replacements, target names, keys, paths.

    Keys are separated from surrounding text the way redact_text expects (it deliberately does
    not match inside longer identifiers such as ``target-sk-…``).
    """
    loc = Location("leak.env", 1, 5, 1, 5 + len(CANARY))
    findings = [
        Finding("hardcoded-secret", "MS209", Severity.ERROR, f"found {CANARY} and {ODD_SECRET}", loc,
                Fix(f"remove {CANARY}", CANARY), target=f"target {CANARY}", key=f"env.{CANARY}"),
        Finding("malformed-key", "MS205", Severity.WARNING, f"Bearer {CANARY[3:]}",
                Location(f"dir/{CANARY}.env", 2), Fix("strip it", f"Bearer {ODD_SECRET}", loc)),
    ]
    target = Target(f"target {CANARY}", "openai-sdk", Location("leak.env", 1),
                    key=Value(Secret(ODD_SECRET), loc))
    return Report(findings, [target], 1, "v", "d")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_format_leaks_a_key(fmt: str, tmp_path: Path) -> None:
    (tmp_path / "leak.env").write_text(f"KEY={CANARY}\n", encoding="utf-8")
    for color in (False, True):
        out = render(fmt, leaky_report(), RULES, root=str(tmp_path), color=color)
        assert CANARY not in out
        assert CANARY[3:] not in out
        assert ODD_SECRET not in out
        assert Secret(CANARY).fingerprint in out or fmt == "junit"  # junit escapes nothing here


def test_sample_report_leaks_nothing_in_any_format(sample) -> None:
    for fmt in FORMATS:
        out = render(fmt, sample.report, sample.rules, root=str(sample.root))
        assert FAKE_KEY not in out and ODD_SECRET not in out


# --------------------------------------------------------------------------- robustness

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
paths = st.one_of(st.sampled_from(["<environment>", "<cli>", "a.env", "dir/x y.json", "/abs/p.toml", "ünï/c.yaml"]),
                  text.filter(lambda s: s.strip() != ""))
ints = st.integers(min_value=-3, max_value=400)


@st.composite
def findings(draw) -> Finding:
    loc = Location(draw(paths), draw(ints), draw(ints), draw(ints), draw(ints))
    fix = draw(st.one_of(st.none(), st.builds(Fix, text, st.one_of(st.none(), text),
                                              st.one_of(st.none(), st.just(loc)), st.booleans())))
    return Finding(draw(st.sampled_from(list(RULES) + ["not-registered"])), draw(st.sampled_from(["MS101", "MS999"])),
                   draw(st.sampled_from(list(Severity))), draw(text), loc, fix, draw(st.booleans()),
                   draw(st.one_of(st.none(), text)), draw(st.one_of(st.none(), text)), draw(st.sampled_from(["", "abc"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(findings(), max_size=6), st.dictionaries(paths, text, max_size=3))
def test_any_report_renders_in_every_format(items: list[Finding], sources: dict[str, str]) -> None:
    report = Report(items, [], len(items), "v", "d")
    for fmt in FORMATS:
        out = render(fmt, report, RULES, sources=sources)
        assert isinstance(out, str)
        if fmt == "sarif":
            jsonschema.Draft4Validator(SCHEMA).validate(json.loads(out))
        elif fmt in ("json", "gitlab"):
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out.encode("utf-8"))
        elif fmt == "github":
            assert all(line.count("\n") == 0 for line in out.splitlines())
            assert len([ln for ln in out.splitlines() if ln.startswith("::")]) == len(items)


def test_redaction_hides_a_key_glued_to_a_word_by_a_hyphen() -> None:
    from validator.redact import redact_text

    key = "sk-" + "0123456789abcdef" * 2
    out = redact_text(f"target-{key} and disk-usage-report")
    assert key not in out and "target-sk-…" in out
    assert "disk-usage-report" in out   # ordinary words stay readable


def test_the_redactor_remembers_answers_without_changing_them() -> None:
    from validator.redact import redact_text
    from validator.report._common import Redactor

    secret = "sk-" + "0a1b2c3d4e5f" * 3
    redact = Redactor([secret])
    texts = [f"key {secret} at line {i % 7}" for i in range(50)] + ["plain words", f"\\u0073k-{secret[3:]}"]
    for text in texts * 2:
        assert redact(text) == redact_text(text, (secret,))
        assert secret not in redact(text)
    assert redact(None) == ""


def test_the_redactors_memory_is_bounded(monkeypatch) -> None:
    from validator.report._common import Redactor

    monkeypatch.setattr(Redactor, "REMEMBERED", 10)
    redact = Redactor(["sk-" + "9" * 32])
    for i in range(35):
        redact(f"line {i}")
    assert len(redact._done) <= 10
