"""JUnit XML parses, and its counts add up."""

from __future__ import annotations

import xml.etree.ElementTree as ET


from validator.engine import Report
from validator.model import Finding, Location, Severity, Target
from validator.report import render


def parse(report, rules=None, **kwargs):
    return ET.fromstring(render("junit", report, rules or {}, **kwargs).encode("utf-8"))


def test_counts_match_the_findings(sample) -> None:
    root = parse(sample.report, sample.rules, fail_on="info")
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
    root = parse(Report([f], [t], 2, "v", "d"), fail_on=Severity.WARNING)
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


def test_only_findings_at_or_above_fail_on_are_failures() -> None:
    """With the default --fail-on error a warning-only file passes, its finding in system-out."""
    warn = Finding("unknown-model", "MS301", Severity.WARNING, "warned", Location("ci/review.yml", 2, 3))
    err = Finding("unknown-host", "MS101", Severity.ERROR, "broken", Location("app/.env", 1, 1))
    suite = parse(Report([warn, err], [], 2, "v", "d")).find("testsuite")
    assert suite.get("failures") == "1"
    review = next(c for c in suite.iter("testcase") if c.get("name") == "ci/review.yml")
    assert review.find("failure") is None
    assert "MS301 [unknown-model] warned" in review.find("system-out").text
    assert {p.get("name"): p.get("value") for p in review.iter("property")} == {"msv.warning": "1"}
    assert review.get("file") == "ci/review.yml"
    env = next(c for c in suite.iter("testcase") if c.get("name") == "app/.env")
    assert env.find("failure").get("type") == "error"


def test_junitparser_reads_the_report(sample) -> None:
    """The consumer's own parser (junitparser, as Jenkins-style tools read it) agrees."""
    import junitparser
    xml = junitparser.JUnitXml.fromstring(render("junit", sample.report, sample.rules))
    cases = [case for suite in xml for case in suite]
    failing = [c for c in cases if any(isinstance(r, junitparser.Failure) for r in c.result)]
    errors = {f.loc.path for f in sample.report.findings if f.severity == Severity.ERROR}
    assert {c.name for c in failing} == errors
