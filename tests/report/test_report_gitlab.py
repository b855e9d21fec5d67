"""GitLab Code Quality: the fields GitLab reads, severity mapping, unique stable fingerprints."""

from __future__ import annotations

import json

from validator.engine import Report
from validator.model import Finding, Location, Severity
from validator.report import render


def test_issue_fields(sample) -> None:
    issues = json.loads(render("gitlab", sample.report, sample.rules))
    assert isinstance(issues, list) and len(issues) == len(sample.report.findings)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert isinstance(issue["location"]["path"], str)
        assert issue["location"]["lines"]["begin"] >= 1
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    first = [i for i in issues if i["location"]["path"] == ".env"][0]
    assert first["check_name"] == "MS102 malformed-base-url"
    assert first["location"]["lines"]["begin"] == 2
    assert first["description"].startswith("OPENAI_BASE_URL is a request path")


def test_severity_mapping() -> None:
    findings = [Finding("r", "MS1", sev, str(sev), Location("f", i + 1), fingerprint=f"fp{i}")
                for i, sev in enumerate((Severity.INFO, Severity.WARNING, Severity.ERROR))]
    issues = json.loads(render("gitlab", Report(findings, [], 1, "v", "d"), {}))
    assert {i["description"]: i["severity"] for i in issues} == {
        "info": "info", "warning": "major", "error": "critical"}


def test_fingerprints_are_unique_and_line_independent() -> None:
    a = Finding("r", "MS1", Severity.ERROR, "same", Location("f", 3), fingerprint="abc")
    b = Finding("r", "MS1", Severity.ERROR, "same", Location("f", 9), fingerprint="abc")
    issues = json.loads(render("gitlab", Report([a, b], [], 1, "v", "d"), {}))
    assert [i["fingerprint"] for i in issues] == ["abc", "abc-2"]
    moved = Finding("r", "MS1", Severity.ERROR, "same", Location("f", 40), fingerprint="abc")
    again = json.loads(render("gitlab", Report([moved], [], 1, "v", "d"), {}))
    assert again[0]["fingerprint"] == "abc"


def test_whole_file_location_starts_at_line_one() -> None:
    f = Finding("unreadable-file", "MS902", Severity.WARNING, "binary", Location("./x/blob.env"))
    (issue,) = json.loads(render("gitlab", Report([f], [], 1, "v", "d"), {}))
    assert issue["location"] == {"path": "x/blob.env", "lines": {"begin": 1}}
    assert issue["fingerprint"]  # computed when the producer left it empty
