"""JUnit XML parses, and its counts add up."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from validator.engine import Report
from validator.model import Finding, Location, Severity, Target
from validator.report import render


def parse(report, rules=None):
    return ET.fromstring(render("junit", report, rules or {}).encode("utf-8"))


def test_counts_match_the_findings(sample) -> None:
    root = parse(sample.report, sample.rules)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    names = [c.get("name") for c in cases]
    # one testcase per file with a target or a finding
    assert names == sorted({f.loc.path for f in sample.report.findings} | {t.origin.path for t in sample.report.targets})
    failed = [c for c in cases if c.find("failure") is not None]
    assert suite.get("tests") == root.get("tests") == str(len(cases))
    assert suite.get("failures") == root.get("failures") == str(len(failed))
    env = next(c for c in cases if c.get("name") == ".env")
    failure = env.find("failure")
    assert failure.get("message") == "4 findings (3 errors, 1 warning)"
    assert failure.get("type") == "error"
    assert failure.text.count(".env:") == 4


def test_files_with_targets_but_no_findings_pass() -> None:
    t = Target("ok", "openai-sdk", Location("good/.env", 1))
    f = Finding("unknown-model", "MS301", Severity.WARNING, "m", Location("bad.yaml", 2, 3))
    root = parse(Report([f], [t], 2, "v", "d"))
    suite = root.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    good = next(c for c in suite.iter("testcase") if c.get("name") == "good/.env")
    assert list(good) == []
    bad = next(c for c in suite.iter("testcase") if c.get("name") == "bad.yaml")
    assert bad.find("failure").get("type") == "warning"


def test_empty_report_has_one_passing_case() -> None:
    root = parse(Report([], [], 0, "v", "d"))
    suite = root.find("testsuite")
    assert suite.get("tests") == "1" and suite.get("failures") == "0"
    assert [c.get("name") for c in suite.iter("testcase")] == ["msv"]


def test_control_characters_and_markup_do_not_break_the_xml() -> None:
    f = Finding("r", "MS1", Severity.ERROR, "bad \x00\x1b[31m <tag> & \"quote\" ]]>", Location("a&b<c>.env", 1))
    root = parse(Report([f], [], 1, "v", "d"))
    case = root.find("testsuite/testcase")
    assert case.get("name") == "a&b<c>.env"
    assert "<tag> & \"quote\" ]]>" in case.find("failure").text
    assert "\x1b" not in case.find("failure").text
