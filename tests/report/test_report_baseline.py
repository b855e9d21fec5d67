"""Baselines: keyed by rule, file and value fingerprint; immune to code moving; never a secret."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator.baseline import (BaselineError, Entry, filter_findings, load_baseline, parse_baseline,
                                write_baseline)
from validator.engine import Options, Report, to_finding
from validator.model import Finding, Hit, Location, Secret, Severity, Target, Value
from validator.report import render

from report_sample import FAKE_KEY, RULES

URL = "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"


def findings_for(text: str, path: str = "config/.env") -> list[Finding]:
    """What a rule run sees in a dotenv text: the engine's own to_finding computes fingerprints."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "=" not in line or line.startswith("#"):
            continue
        name, value = line.split("=", 1)
        col = len(name) + 2
        loc = Location(path, number, col, number, col + len(value))
        target = Target(path, "openai-sdk", Location(path, number))
        if name.endswith("BASE_URL"):
            hit = Hit(f"{name} is a request path", Value(value, loc, raw=value), key=f"env.{name}")
            out.append(to_finding(RULES["malformed-base-url"], hit, target, Options()))
        if name.endswith("API_KEY"):
            hit = Hit("hard-coded key", Value(Secret(value), loc, raw=value), key=f"env.{name}")
            out.append(to_finding(RULES["hardcoded-secret"], hit, target, Options()))
    return out


BLOCK = f"OPENAI_BASE_URL={URL}\nOPENAI_API_KEY={FAKE_KEY}\n"


def test_moving_a_block_ten_lines_keeps_it_suppressed(tmp_path: Path) -> None:
    before = findings_for("# settings\n" + BLOCK)
    baseline_file = tmp_path / "msv-baseline.json"
    assert write_baseline(baseline_file, before) == 2
    moved_text = "# settings\n" + "# padding\n" * 10 + BLOCK
    after = findings_for(moved_text)
    assert [f.loc.line for f in after] == [f.loc.line + 10 for f in before]
    kept, matched = filter_findings(after, load_baseline(baseline_file))
    assert kept == [] and matched == 2


def test_a_new_value_or_a_new_file_is_reported(tmp_path: Path) -> None:
    baseline_file = tmp_path / "b.json"
    write_baseline(baseline_file, findings_for(BLOCK))
    baseline = load_baseline(baseline_file)
    changed = findings_for(BLOCK.replace("/chat/completions", "/embeddings"))
    kept, matched = filter_findings(changed, baseline)
    assert [f.rule for f in kept] == ["malformed-base-url"] and matched == 1
    elsewhere = findings_for(BLOCK, path="other/.env")
    kept, matched = filter_findings(elsewhere, baseline)
    assert len(kept) == 2 and matched == 0


def test_a_second_copy_of_a_baselined_mistake_is_new(tmp_path: Path) -> None:
    one = findings_for(BLOCK)[:1]
    write_baseline(tmp_path / "b.json", one)
    two = one + [Finding(one[0].rule, one[0].code, one[0].severity, one[0].message,
                         Location(one[0].loc.path, 40, 17), fingerprint=one[0].fingerprint)]
    kept, matched = filter_findings(two, load_baseline(tmp_path / "b.json"))
    assert matched == 1 and len(kept) == 1


def test_duplicates_are_counted(tmp_path: Path) -> None:
    f = findings_for(BLOCK)[0]
    write_baseline(tmp_path / "b.json", [f, f])
    data = json.loads((tmp_path / "b.json").read_text())
    assert data["findings"][0]["count"] == 2
    kept, matched = filter_findings([f, f, f], load_baseline(tmp_path / "b.json"))
    assert matched == 2 and len(kept) == 1


def test_file_holds_no_secret_and_no_line_numbers(tmp_path: Path) -> None:
    findings = findings_for(BLOCK)
    findings.append(Finding("hardcoded-secret", "MS209", Severity.ERROR, f"key {FAKE_KEY} in file",
                            Location("a.py", 3, 1), fingerprint="ffff"))
    write_baseline(tmp_path / "b.json", findings)
    text = (tmp_path / "b.json").read_text()
    assert FAKE_KEY not in text and FAKE_KEY[3:20] not in text
    data = json.loads(text)
    assert data["msv-baseline"] == 1
    for item in data["findings"]:
        assert set(item) <= {"rule", "code", "path", "fingerprint", "message", "count"}
        assert not any(k in item for k in ("line", "column", "end_line"))


def test_writing_is_deterministic(tmp_path: Path) -> None:
    findings = findings_for(BLOCK) + findings_for(BLOCK, path="b/.env")
    write_baseline(tmp_path / "one.json", findings)
    write_baseline(tmp_path / "two.json", list(reversed(findings)))
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert not list(tmp_path.glob("*.tmp"))


def test_a_json_report_works_as_a_baseline(tmp_path: Path) -> None:
    findings = findings_for(BLOCK)
    (tmp_path / "report.json").write_text(render("json", Report(findings, [], 1, "v", "d"), RULES))
    kept, matched = filter_findings(findings_for("\n\n" + BLOCK), load_baseline(tmp_path / "report.json"))
    assert kept == [] and matched == 2


def test_paths_are_compared_with_forward_slashes() -> None:
    f = findings_for(BLOCK)[0]
    data = {"findings": [{"rule": f.rule, "path": ".\\config\\.env", "fingerprint": f.fingerprint}]}
    baseline = parse_baseline(data)
    assert Entry("config/.env", f.rule, f.fingerprint) in baseline.entries
    assert filter_findings([f], baseline) == ([], 1)


@pytest.mark.parametrize("content, message", [
    (None, "baseline file not found"),
    ("{not json", "b.json:1:2: baseline is not valid JSON"),
    ("[]", "not an msv baseline"),
    ('{"findings": [1]}', "findings[0] is not an object"),
    ('{"findings": [{"rule": "r", "path": "p"}]}', "needs non-empty 'rule', 'path' and 'fingerprint'"),
    ('{"findings": [{"rule": "r", "path": "p", "fingerprint": "f", "count": 0}]}', "count must be a positive"),
    ('{"msv-baseline": 99, "findings": []}', "newer than this msv understands"),
])
def test_bad_baselines_raise_a_clear_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        load_baseline(path)


def test_unwritable_location_raises_baseline_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(BaselineError, match="cannot write a baseline"):
        write_baseline(tmp_path / "a-file" / "b.json", [])


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    write_baseline(tmp_path / "missing-dir" / "b.json", [])
    assert (tmp_path / "missing-dir" / "b.json").is_file()


def test_end_to_end_with_the_engine(tmp_path: Path) -> None:
    """The same guarantee through the real readers and rules, once they are in the tree."""
    from validator.engine import check

    env = tmp_path / ".env"
    env.write_text(f"# settings\nOPENAI_BASE_URL={URL}\nOPENAI_MODEL=qwen-plus-lastest\n")
    first = check([str(env)], Options())
    assert first.findings, "malformed-base-url / unknown-model should fire on this fixture"
    write_baseline(tmp_path / "b.json", first.findings)
    env.write_text("# settings\n" + "# moved\n" * 10 + f"OPENAI_BASE_URL={URL}\nOPENAI_MODEL=qwen-plus-lastest\n")
    second = check([str(env)], Options())
    assert {f.loc.line for f in second.findings} != {f.loc.line for f in first.findings}
    kept, matched = filter_findings(second.findings, load_baseline(tmp_path / "b.json"))
    assert kept == [] and matched == len(first.findings)
