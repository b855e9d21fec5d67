"""Inline suppressions: `msv: ignore[...]`, `msv: ignore-file[...]`, and unused-suppression."""

from __future__ import annotations

from pathlib import Path

from validator.api import run_check
from validator.suppressions import parse

BJ = "https://dashscope.aliyuncs.com/compatible-mode/v1"
WS = "https://ws-a1b2.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"
BJ_HOST = "https://dashscope.aliyuncs.com"
PAYG = "sk-" + "0123456789abcdef" * 2


def check(tmp_path: Path, files: dict[str, str], **kw):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return run_check([str(tmp_path)], isolated=True, **kw)


def rules_of(report) -> list[tuple[str, int]]:
    return sorted((f.rule, f.loc.line) for f in report.findings)


def test_parse_forms() -> None:
    text = ("A=1  # msv: ignore[unknown-host, MS3]\n"
            "# msv: ignore[trial-endpoint]\n"
            "B=2\n"
            "// msv: ignore-file[deprecated-endpoint]\n"
            "C=3 # msv: ignore\n"
            "docs mention `# msv: ignore[x]` and msv: ignore[y] in prose\n")
    found = parse("f", text)
    assert [(d.line, d.names, d.file_level, d.covers_next) for d in found] == [
        (1, ("unknown-host", "MS3"), False, False),
        (2, ("trial-endpoint",), False, True),
        (4, ("deprecated-endpoint",), True, True),
        (5, None, False, False),
    ]
    assert found[0].column == text.index("msv:") + 1


def test_same_line_and_line_before(tmp_path: Path) -> None:
    base = check(tmp_path / "a", {".env": f"OPENAI_BASE_URL={WS}\nOPENAI_MODEL=Qwen-Plus\n"})
    assert rules_of(base) == [("unknown-model", 2)]
    same = check(tmp_path / "b", {".env": f"OPENAI_BASE_URL={WS}\nOPENAI_MODEL=Qwen-Plus  # msv: ignore[unknown-model]\n"})
    assert rules_of(same) == [] and same.suppressed == 1
    before = check(tmp_path / "c", {".env": f"OPENAI_BASE_URL={WS}\n# msv: ignore[MS301]\nOPENAI_MODEL=Qwen-Plus\n"})
    assert rules_of(before) == [] and before.suppressed == 1


def test_a_trailing_comment_does_not_cover_the_next_line(tmp_path: Path) -> None:
    report = check(tmp_path, {".env": f"OPENAI_BASE_URL={WS}  # msv: ignore[unknown-model]\nOPENAI_MODEL=Qwen-Plus\n"})
    assert ("unknown-model", 2) in rules_of(report)
    assert ("unused-suppression", 1) in rules_of(report)


def test_file_level_and_blanket_forms(tmp_path: Path) -> None:
    text = (f"# msv: ignore-file[deprecated-endpoint]\nANTHROPIC_BASE_URL={BJ_HOST}/api/v2/apps/claude-code-proxy\n"
            "ANTHROPIC_MODEL=Qwen-Plus  # msv: ignore\n")
    report = check(tmp_path, {".env": text})
    assert rules_of(report) == [] and report.suppressed == 2


def test_unused_names_are_reported_with_a_fix(tmp_path: Path) -> None:
    text = f"OPENAI_BASE_URL={WS}\nOPENAI_MODEL=Qwen-Plus  # msv: ignore[unknown-model, trial-endpoint, no-such-rule]\n"
    report = check(tmp_path, {".env": text})
    [f] = report.findings
    assert f.rule == "unused-suppression" and f.loc.line == 2
    assert "`trial-endpoint` reports nothing" in f.message and "`no-such-rule` is not a rule" in f.message
    assert f.fix.replacement == "msv: ignore[unknown-model]"


def test_rules_not_enabled_in_this_run_are_not_called_unused(tmp_path: Path) -> None:
    text = f"OPENAI_BASE_URL={WS}\nOPENAI_MODEL=qwen-plus  # msv: ignore[unknown-model]\n"
    assert rules_of(check(tmp_path / "a", {".env": text})) == [("unused-suppression", 2)]
    assert rules_of(check(tmp_path / "b", {".env": text}, select=["MS1", "MS904"])) == []
    assert rules_of(check(tmp_path / "c", {".env": text}, ignore=["unused-suppression"])) == []


def test_non_ignorable_rules_stay(tmp_path: Path) -> None:
    code = ("from openai import OpenAI\n"
            f"client = OpenAI(api_key='{PAYG}',  # msv: ignore[hardcoded-secret]\n"
            f"                base_url='{WS}')\n")
    report = check(tmp_path, {"app.py": code})
    assert ("hardcoded-secret", 2) in rules_of(report)
    unused = [f for f in report.findings if f.rule == "unused-suppression"]
    assert unused and "cannot be suppressed inline" in unused[0].message
    assert PAYG not in " ".join(f.message for f in report.findings)
