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


def test_report_validates_against_the_code_quality_schema(sample) -> None:
    import jsonschema
    from pathlib import Path

    schema = json.loads((Path(__file__).resolve().parents[1] / "data/gitlab/codequality.schema.json").read_text())
    issues = json.loads(render("gitlab", sample.report, sample.rules, root=str(sample.root)))
    jsonschema.Draft7Validator(schema).validate(issues)
    broken = [dict(issues[0], severity="error")]
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)


def test_categories_and_severities_per_rule() -> None:
    from validator.rules.registry import all_rules

    rules = {r.name: r for r in all_rules()}
    findings = [
        Finding("hardcoded-secret", "MS208", Severity.ERROR, "key", Location("a.py", 1), fingerprint="a"),
        Finding("unknown-model", "MS301", Severity.WARNING, "model", Location("a.py", 2), fingerprint="b"),
        Finding("unused-suppression", "MS904", Severity.WARNING, "noqa", Location("a.py", 3), fingerprint="c"),
        Finding("unknown-host", "MS101", Severity.ERROR, "host", Location("a.py", 4), fingerprint="d"),
    ]
    issues = {i["check_name"].split()[1]: i for i in json.loads(render("gitlab", Report(findings, [], 1, "v", "d"), rules))}
    assert issues["hardcoded-secret"]["categories"] == ["Security"]
    assert issues["hardcoded-secret"]["severity"] == "blocker"
    assert issues["unknown-model"]["categories"] == ["Compatibility"]
    assert issues["unused-suppression"]["severity"] == "minor"
    assert issues["unknown-host"]["severity"] == "critical" and issues["unknown-host"]["categories"] == ["Bug Risk"]


def test_paths_are_relative_to_the_project_root(tmp_path, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    f = Finding("r", "MS1", Severity.ERROR, "m", Location(".env", 1), fingerprint="a")
    (issue,) = json.loads(render("gitlab", Report([f], [], 1, "v", "d"), {}))
    assert issue["location"]["path"] == "sub/.env"
