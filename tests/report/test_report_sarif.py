"""SARIF 2.1.0: schema-valid, rule metadata, precise regions, fixes, line-independent fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from validator.engine import Options, Report, to_finding
from validator.model import Finding, Fix, Hit, Location, Severity, Target, Value
from validator.report import render
from validator.report.sarif import FINGERPRINT_KEY, artifact_uri

from report_sample import RULES

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "tests/data/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def sarif(report: Report, rules=RULES, root: str = ".") -> dict:
    return json.loads(render("sarif", report, rules, root=root))


def test_sample_validates_against_the_official_schema(sample) -> None:
    log = sarif(sample.report, sample.rules, str(sample.root))
    validate(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == len(sample.report.findings)


def test_schema_validation_catches_a_broken_log(sample) -> None:
    """The validator is not vacuous: a result without a message is rejected."""
    log = sarif(sample.report, sample.rules, str(sample.root))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        validate(log)


def test_rule_metadata(sample) -> None:
    driver = sarif(sample.report, sample.rules)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "msv" and driver["version"] == "9.9.9"
    by_id = {r["id"]: r for r in driver["rules"]}
    assert set(by_id) == {r.code for r in RULES.values()}
    rule = RULES["unknown-model"]
    d = by_id[rule.code]
    assert d["name"] == "unknown-model"
    assert d["shortDescription"]["text"] == rule.summary
    assert d["fullDescription"]["text"] == "The model is not in the catalogue."
    assert d["help"]["markdown"] == rule.doc
    assert d["helpUri"] == rule.doc_url and d["helpUri"].endswith("#unknown-model")
    assert d["defaultConfiguration"]["level"] == "warning"


def test_results_point_at_their_rule_and_keep_precise_regions(sample) -> None:
    run = sarif(sample.report, sample.rules)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    env = [r for r in run["results"] if r["ruleId"] == "MS301"
           and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ".env"][0]
    assert env["level"] == "warning"
    assert env["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 7, "endLine": 4, "endColumn": 24}
    assert run["columnKind"] == "unicodeCodePoints"


def test_levels_map_info_to_note() -> None:
    f = Finding("unknown-model", "MS301", Severity.INFO, "m", Location("a.env", 1, 1, 1, 2))
    result = sarif(Report([f], [], 1, "v", "d"))["runs"][0]["results"][0]
    assert result["level"] == "note"


def test_fix_becomes_a_sarif_fix_with_the_replacement(sample) -> None:
    run = sarif(sample.report, sample.rules)["runs"][0]
    first = [r for r in run["results"] if r["ruleId"] == "MS102"][0]
    (fix,) = first["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == ".env"
    (rep,) = change["replacements"]
    assert rep["deletedRegion"] == {"startLine": 2, "startColumn": 17, "endLine": 2, "endColumn": 83}
    assert rep["insertedContent"]["text"] == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    # A fix without a replacement is advice only: no SARIF fix, but the text is in the message.
    secret = [r for r in run["results"] if r["ruleId"] == "MS209"][0]
    assert "fixes" not in secret
    assert "Fix: Move the key" in secret["message"]["text"]


def test_fix_without_a_precise_span_is_not_emitted() -> None:
    f = Finding("unknown-model", "MS301", Severity.WARNING, "m", Location("a.env", 3),
                Fix("Use qwen-plus", "qwen-plus"))
    result = sarif(Report([f], [], 1, "v", "d"))["runs"][0]["results"][0]
    assert "fixes" not in result
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


def _finding_at(line: int) -> Finding:
    rule = RULES["malformed-base-url"]
    url = "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"
    value = Value(url, Location("config/.env", line, 17, line, 17 + len(url)), raw=url)
    target = Target("config/.env", "openai-sdk", Location("config/.env", line))
    return to_finding(rule, Hit("request path", value, key="env.OPENAI_BASE_URL"), target, Options())


def test_partial_fingerprints_do_not_depend_on_line_numbers() -> None:
    before, after = _finding_at(2), _finding_at(12)
    fps = []
    for f in (before, after):
        log = sarif(Report([f], [], 1, "v", "d"))
        result = log["runs"][0]["results"][0]
        fps.append(result["partialFingerprints"][FINGERPRINT_KEY])
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == f.loc.line
    assert fps[0] == fps[1] == before.fingerprint


def test_pseudo_locations_are_logical_not_files(sample) -> None:
    run = sarif(sample.report, sample.rules)["runs"][0]
    env = [r for r in run["results"] if r["ruleId"] == "MS207"][0]
    loc = env["locations"][0]
    assert "physicalLocation" not in loc
    assert {"name": "<environment>", "kind": "resource"} in loc["logicalLocations"]


def test_unregistered_rule_gets_a_descriptor() -> None:
    f = Finding("brand-new-rule", "MS999", Severity.ERROR, "m", Location("x.yaml", 1, 1, 1, 3))
    log = sarif(Report([f], [], 1, "v", "d"), rules={})
    validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "MS999"


def test_artifact_uris_are_relative_and_escaped(tmp_path: Path) -> None:
    assert artifact_uri("dir with space/.env") == ("dir%20with%20space/.env", "%SRCROOT%")
    assert artifact_uri("./a/b.json") == ("a/b.json", "%SRCROOT%")
    inside = tmp_path / "sub" / "x.toml"
    assert artifact_uri(str(inside), str(tmp_path)) == ("sub/x.toml", "%SRCROOT%")
    uri, base = artifact_uri("/elsewhere/x.toml", str(tmp_path))
    assert uri == "file:///elsewhere/x.toml" and base is None


def test_bundled_examples_validate(tmp_path: Path) -> None:
    """Done-when of issue 6: the SARIF of `msv check examples/` is schema-valid."""
    examples = REPO / "examples"
    assert examples.is_dir(), "the bundled examples/ folder is part of the tree"
    from validator.engine import check
    from validator.rules import all_rules

    report = check([str(examples)], Options())
    rules = {r.name: r for r in all_rules()}
    log = sarif(report, rules, str(REPO))
    validate(log)
    assert log["runs"][0]["results"], "the bundled examples are meant to produce findings"


# --------------------------------------------------------------------------- GitHub ingestion rules


def test_security_rules_carry_security_severity_and_tag() -> None:
    from validator.rules.registry import all_rules

    rules = {r.name: r for r in all_rules()}
    log = sarif(Report([], [], 0, "v", "d"), rules)
    validate(log)
    by_name = {d["name"]: d for d in log["runs"][0]["tool"]["driver"]["rules"]}
    secret = by_name["hardcoded-secret"]["properties"]
    assert float(secret["security-severity"]) > 9.0 and "security" in secret["tags"]
    assert "security-severity" not in by_name["unknown-model"]["properties"]
    assert "security" not in by_name["unknown-model"]["properties"]["tags"]
    assert "##" not in by_name["hardcoded-secret"]["help"]["text"]      # plain text, markdown beside it
    assert by_name["hardcoded-secret"]["help"]["markdown"].startswith("##") or "#" in by_name["hardcoded-secret"]["help"]["markdown"]


def test_repeated_findings_get_unique_stable_fingerprints() -> None:
    same = [Finding("unknown-host", "MS101", Severity.ERROR, "m", Location("app.py", line, 5, line, 9),
                    fingerprint="433b380beb0f") for line in (3, 8)]
    results = sarif(Report(same, [], 1, "v", "d"))["runs"][0]["results"]
    fps = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert fps == ["433b380beb0f", "433b380beb0f-2"]
    again = sarif(Report(list(reversed(same)), [], 1, "v", "d"))["runs"][0]["results"]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in again] == fps


def _uri(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]


def test_uris_are_relative_to_the_git_root_and_never_absolute(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    (tmp_path / "codex").mkdir()
    monkeypatch.chdir(repo / "sub")
    inside = Finding("r", "MS1", Severity.ERROR, "m", Location(".env", 1), fingerprint="a")
    outside = Finding("r", "MS1", Severity.ERROR, "m", Location("../../codex/config.toml", 1), fingerprint="b")
    log = sarif(Report([inside], [], 1, "v", "d"))
    validate(log)
    assert _uri(log["runs"][0]["results"][0]) == {"uri": "sub/.env", "uriBaseId": "%SRCROOT%"}
    assert "%SRCROOT%" in log["runs"][0]["originalUriBaseIds"]
    both = sarif(Report([inside, outside], [], 2, "v", "d"))["runs"][0]["results"]
    uris = sorted(_uri(r)["uri"] for r in both)
    assert uris == ["codex/config.toml", "repo/sub/.env"]
    assert all(_uri(r)["uriBaseId"] == "%SRCROOT%" for r in both)
    assert str(tmp_path) not in json.dumps(both)


def test_result_cap_keeps_the_most_severe_and_says_so() -> None:
    findings = [Finding("r", "MS1", Severity.INFO if i % 2 else Severity.ERROR, f"m{i}",
                        Location(f"f{i:03}.env", 1), fingerprint=f"fp{i}") for i in range(10)]
    text = render("sarif", Report(findings, [], 10, "v", "d"), RULES, max_results=4)
    log = json.loads(text)
    validate(log)
    run = log["runs"][0]
    assert [r["level"] for r in run["results"]] == ["error"] * 4
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and "6 of 10 results left out" in note["message"]["text"]
    assert run["properties"]["truncated"] == {"results": 4, "left_out": 6}


def test_size_cap_stops_before_the_gzipped_limit() -> None:
    import gzip
    import os as _os

    findings = [Finding("r", "MS1", Severity.ERROR, _os.urandom(300).hex(), Location(f"f{i}.env", 1),
                        fingerprint=f"fp{i}") for i in range(200)]
    text = render("sarif", Report(findings, [], 200, "v", "d"), RULES, max_gzip_bytes=40_000)
    log = json.loads(text)
    assert 0 < len(log["runs"][0]["results"]) < 200
    assert len(gzip.compress(text.encode())) < 40_000 + 8_000
    assert log["runs"][0]["properties"]["truncated"]["left_out"] == 200 - len(log["runs"][0]["results"])


def test_streamed_and_pretty_logs_are_the_same_document(sample) -> None:
    compact = render("sarif", sample.report, sample.rules, root=str(sample.root))
    pretty = render("sarif", sample.report, sample.rules, root=str(sample.root), pretty=True)
    assert json.loads(compact) == json.loads(pretty)
    assert compact.count("\n") == len(sample.report.findings) + 2      # one result per line
    assert "\n  " in pretty
