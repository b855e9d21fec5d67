"""`msv check`, `msv rules`, `msv explain` end to end through the real entry point."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from validator.cli import main
from validator.rules import all_rules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAYG = "sk-" + "0123456789abcdef" * 2
PLAN = "sk-sp-" + "7Hq2Lm9Xv4Rt8Nw3Kp6Zb1Yc"
CODE_LINE = re.compile(r"^\S.*:\d+:\d+: (?:error|warning|info) (MS\d{3}) \[([a-z-]+)\]", re.M)


def msv(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- the README command


def test_readme_command_shows_a_dozen_rules_each_with_its_fix(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = msv(capsys, "check", "examples/", "--exit-zero", "--no-color")
    assert code == 0
    rules = {m.group(2) for m in CODE_LINE.finditer(out)}
    assert len(rules) >= 12, rules
    blocks = re.split(r"\n\n", out.strip())
    findings = [b for b in blocks if CODE_LINE.search(b)]
    assert findings and all("fix:" in b for b in findings)
    assert PAYG not in out and PLAN not in out
    assert "examples/good" not in out


def test_good_examples_are_clean(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = msv(capsys, "check", "examples/good", "--fail-on", "info", "--no-color")
    assert code == 0, out


def test_repository_settings_exclude_the_examples(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = msv(capsys, "check", ".", "--select", "MS2", "--format", "json")
    assert not [f for f in json.loads(out)["findings"] if f["path"].startswith("examples/")]


# --------------------------------------------------------------------------- exit codes and output


def test_exit_codes_fail_on_and_exit_zero(capsys, tmp_path: Path) -> None:
    write(tmp_path, ".env", "OPENAI_BASE_URL=https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1\n")
    base = ("check", str(tmp_path), "--isolated", "--usage", "backend")
    assert msv(capsys, *base)[0] == 0                          # a warning only
    assert msv(capsys, *base, "--fail-on", "warning")[0] == 1
    assert msv(capsys, *base, "--severity", "trial-endpoint=error")[0] == 1
    assert msv(capsys, *base, "--severity", "trial-endpoint=error", "--exit-zero")[0] == 0
    assert msv(capsys, *base, "--ignore", "MS107", "--fail-on", "info")[0] == 0


def test_json_shape(capsys, tmp_path: Path) -> None:
    write(tmp_path, ".env", "OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\n")
    code, out, _ = msv(capsys, "check", str(tmp_path), "--isolated", "--format", "json")
    doc = json.loads(out)
    assert code == 1 and {"version", "findings", "summary"} <= set(doc)
    [f] = doc["findings"]
    assert f["rule"] == "unknown-host" and f["code"] == "MS101" and f["severity"] == "error"
    assert f["line"] == 1 and f["column"] == 17 and f["kind"] == "static"
    assert f["fix"]["replacement"] == "https://dashscope.aliyuncs.com/compatible-mode/v1" and f["fix"]["safe"]
    assert doc["summary"]["error"] == 1


def test_output_file_and_quiet(capsys, tmp_path: Path) -> None:
    write(tmp_path / "p", ".env", "OPENAI_MODEL=qwen-plus\n")
    code, out, err = msv(capsys, "check", str(tmp_path / "p"), "--isolated", "--quiet")
    assert code == 0 and out == "" and err == ""
    write(tmp_path / "q", ".env", "OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\n")
    report = tmp_path / "out.json"
    code, out, err = msv(capsys, "check", str(tmp_path / "q"), "--isolated", "--format", "json", "-o", str(report))
    assert code == 1 and out == "" and json.loads(report.read_text())["findings"][0]["rule"] == "unknown-host"
    assert "1 error" in err


@pytest.mark.parametrize("args, words", [
    (("--select", "no-such-rule"), "unknown rule"),
    (("--severity", "unknown-host"), "RULE=LEVEL"),
    (("--severity", "unknown-host=fatal"), "severity"),
    (("--key-region", "mars-1"), "unknown region"),
    (("--key-plan", "gold"), "key-plan"),
])
def test_bad_usage_is_exit_2_with_one_line(capsys, tmp_path: Path, args, words) -> None:
    code, out, err = msv(capsys, "check", str(tmp_path), "--isolated", *args)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_path_bad_settings_and_bad_catalogue_are_exit_2(capsys, tmp_path: Path) -> None:
    code, _, err = msv(capsys, "check", str(tmp_path / "nope"))
    assert code == 2 and "no such file" in err
    write(tmp_path / "proj", "pyproject.toml", "[tool.msv]\nselect = 'MS1'\nbogus = 1\n")
    code, _, err = msv(capsys, "check", str(tmp_path / "proj"))
    assert code == 2 and "pyproject.toml" in err and len(err.strip().splitlines()) == 1
    bad = write(tmp_path, "ext.yaml", "models: [ {name: 1, bogus: true} ]\n")
    code, _, err = msv(capsys, "check", str(tmp_path / "proj"), "--isolated", "--catalogue", str(bad))
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_select_and_extend_select(capsys, tmp_path: Path) -> None:
    write(tmp_path, ".env", "OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\nOPENAI_MODEL=Qwen-Plus\n")
    _, out, _ = msv(capsys, "check", str(tmp_path), "--isolated", "--format", "json", "--select", "MS3")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["unknown-model"]
    _, out, _ = msv(capsys, "check", str(tmp_path), "--isolated", "--format", "json", "--select", "MS3",
                    "--extend-select", "unknown-host")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["unknown-host", "unknown-model"]


# --------------------------------------------------------------------------- fix and diff


def test_fix_rewrites_and_reports_what_is_left(capsys, tmp_path: Path) -> None:
    env = write(tmp_path, ".env", "OPENAI_BASE_URL=http://dashscope.aliyun.com/compatible-mode/v1/chat/completions\n"
                                  "OPENAI_MODEL=Qwen-Plus  # the model\n")
    code, out, err = msv(capsys, "check", str(tmp_path), "--isolated", "--fix", "--format", "json")
    assert env.read_text() == ("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                               "OPENAI_MODEL=qwen-plus  # the model\n")
    assert "fixed" in err
    left = {f["rule"] for f in json.loads(out)["findings"]}
    assert not left & {"unknown-host", "malformed-base-url", "unknown-model"}
    assert code == 0


def test_diff_changes_nothing(capsys, tmp_path: Path) -> None:
    text = f"OPENAI_API_KEY={PAYG}\nOPENAI_MODEL=Qwen-Plus\nOPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
    env = write(tmp_path, ".env", text)
    code, out, _ = msv(capsys, "check", str(tmp_path), "--isolated", "--diff")
    assert code == 1 and "-OPENAI_MODEL=Qwen-Plus" in out and "+OPENAI_MODEL=qwen-plus" in out
    assert PAYG not in out and env.read_text() == text
    env.write_text("OPENAI_MODEL=qwen-plus\n")
    assert msv(capsys, "check", str(tmp_path), "--isolated", "--diff")[0] == 0


def test_unsafe_fixes_need_the_flag(capsys, tmp_path: Path) -> None:
    settings = write(tmp_path, ".claude/settings.json",
                     '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/compatible-mode/v1"}}\n')
    before = settings.read_text()
    msv(capsys, "check", str(tmp_path), "--isolated", "--fix")
    assert settings.read_text() == before
    msv(capsys, "check", str(tmp_path), "--isolated", "--fix", "--unsafe-fixes")
    assert "/apps/anthropic" in settings.read_text()


def test_fix_on_a_copy_of_the_examples_then_recheck(capsys, tmp_path: Path) -> None:
    tree = tmp_path / "broken"
    shutil.copytree(EXAMPLES / "broken", tree)
    _, before, _ = msv(capsys, "check", str(tree), "--isolated", "--format", "json", "--exit-zero")
    msv(capsys, "check", str(tree), "--isolated", "--fix", "--exit-zero")
    _, after, _ = msv(capsys, "check", str(tree), "--isolated", "--format", "json", "--exit-zero")
    fixable = [f for f in json.loads(before)["findings"] if f["fix"] and f["fix"]["replacement"] and f["fix"]["safe"]]
    remaining = {(f["rule"], f["path"]) for f in json.loads(after)["findings"]}
    assert fixable and not {(f["rule"], f["path"]) for f in fixable if f["rule"] != "deprecated-endpoint"} & remaining


# --------------------------------------------------------------------------- list targets, baseline


def test_list_targets(capsys, tmp_path: Path) -> None:
    write(tmp_path, ".env", f"OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nOPENAI_API_KEY={PAYG}\n")
    code, out, _ = msv(capsys, "check", str(tmp_path), "--isolated", "--list-targets", "--format", "json")
    assert code == 0 and json.loads(out)["targets"] and PAYG not in out


def test_baseline_round_trip(capsys, tmp_path: Path) -> None:
    write(tmp_path / "p", ".env", "OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\n")
    base = tmp_path / "baseline.json"
    msv(capsys, "check", str(tmp_path / "p"), "--isolated", "--write-baseline", str(base), "--exit-zero")
    assert base.exists()
    code, out, _ = msv(capsys, "check", str(tmp_path / "p"), "--isolated", "--baseline", str(base), "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []


# --------------------------------------------------------------------------- rules and explain


def test_rules_lists_every_rule(capsys) -> None:
    code, out, _ = msv(capsys, "rules")
    assert code == 0
    for r in all_rules():
        assert re.search(rf"^{r.code}\s+{r.name}\s+{r.severity}\b", out, re.M), r.name
    code, out, _ = msv(capsys, "rules", "--format", "json", "--select", "MS2")
    data = json.loads(out)
    assert {d["code"][:3] for d in data} == {"MS2"} and all(d["doc"] for d in data)


@pytest.mark.parametrize("rule", [r.name for r in all_rules()])
def test_explain_every_rule_by_name_and_code(capsys, rule: str) -> None:
    code, by_name, _ = msv(capsys, "explain", rule)
    assert code == 0 and by_name.startswith("# MS") and "## Fix" in by_name
    code, by_code, _ = msv(capsys, "explain", by_name.split()[1].lower())
    assert code == 0 and by_code == by_name


def test_explain_unknown_suggests(capsys) -> None:
    code, _, err = msv(capsys, "explain", "unknown-hots")
    assert code == 2 and "unknown-host" in err


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\n")
    proc = subprocess.run([sys.executable, "-m", "validator", "check", str(tmp_path), "--isolated", "--no-color"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "MS101" in proc.stdout and proc.stderr == ""
