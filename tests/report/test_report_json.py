"""The JSON report is public API: its exact keys are pinned here."""

from __future__ import annotations

import json

from validator.engine import Report
from validator.model import Finding, Fix, Location, Severity
from validator.report import render

FINDING_KEYS = {"rule", "code", "severity", "path", "line", "column", "end_line", "end_column",
                "message", "fix", "kind", "target", "fingerprint"}


def test_top_level_keys_and_types(sample) -> None:
    doc = json.loads(render("json", sample.report, sample.rules))
    assert list(doc) == ["version", "catalogue", "findings", "summary"]
    assert doc["version"] == "9.9.9"
    assert doc["catalogue"] == {"version": "2026.11.1", "as_of": "2026-11-22"}
    assert doc["summary"] == {"error": 7, "warning": 3, "info": 0, "files": 7, "targets": 3, "suppressed": 1}


def test_finding_keys(sample) -> None:
    doc = json.loads(render("json", sample.report, sample.rules))
    assert len(doc["findings"]) == len(sample.report.findings)
    for item in doc["findings"]:
        assert set(item) == FINDING_KEYS
        assert item["severity"] in {"error", "warning", "info"}
        assert item["kind"] in {"static", "observed"}
        if item["fix"] is not None:
            assert set(item["fix"]) <= {"description", "replacement", "safe", "location"}
            assert {"description", "replacement", "safe"} <= set(item["fix"])
    observed = [f for f in doc["findings"] if f["kind"] == "observed"]
    assert [f["rule"] for f in observed] == ["probe-key-valid-elsewhere"]


def test_findings_are_to_dict_verbatim_when_nothing_needs_redaction() -> None:
    f = Finding("unknown-model", "MS301", Severity.WARNING, "Model 'x' unknown",
                Location("a/.env", 4, 7, 4, 8), Fix("Use y", "y", Location("a/.env", 4, 1, 4, 9)),
                target="t", key="model", fingerprint="0123456789ab")
    doc = json.loads(render("json", Report([f], [], 1, "v", "d"), {}))
    assert doc["findings"] == [f.to_dict()]
    assert doc["findings"][0]["fix"]["location"]["line"] == 4


def test_empty_report() -> None:
    doc = json.loads(render("json", Report([], [], 0, "v", "d"), {}))
    assert doc["findings"] == []
    assert doc["summary"]["error"] == 0
