"""--fix: byte-exact rewrites, atomic writes, refusals, and the check/fix round trip."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
from pathlib import Path

import pytest

from validator.api import run_check
from validator.fix import fix_files, unified_diff
from validator.model import Finding, Fix, Location, Severity

ROOT = Path(__file__).resolve().parents[2]
WS = "https://ws-a1b2.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"


def finding(path: str, line: int, col: int, end: int, replacement: str, safe: bool = True) -> Finding:
    loc = Location(path, line, col, line, end)
    return Finding("unknown-model", "MS301", Severity.ERROR, "m", loc, Fix("d", replacement, loc, safe))


def test_rewrite_keeps_crlf_bom_and_permissions(tmp_path: Path) -> None:
    p = tmp_path / "cfg.env"
    original = "\ufeffA=1\r\nOPENAI_MODEL=Qwen-Plus\r\nB=2\r\n"
    p.write_bytes(original.encode("utf-8"))
    os.chmod(p, 0o640)
    seen = original.replace("\r\n", "\n")   # what a universal-newline reader saw
    [r] = fix_files([finding(str(p), 2, 14, 23, "qwen-plus")], {str(p): seen})
    assert r.written and r.error is None
    assert p.read_bytes() == "\ufeffA=1\r\nOPENAI_MODEL=qwen-plus\r\nB=2\r\n".encode("utf-8")
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [f.name for f in tmp_path.iterdir()] == ["cfg.env"]   # no temporary file left


def test_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    p = tmp_path / ".env"
    p.write_text("OPENAI_MODEL=Qwen-Plus\n", encoding="utf-8")
    [r] = fix_files([finding(str(p), 1, 14, 23, "qwen-plus")], {str(p): "OPENAI_MODEL=Qwen-Max\n"})
    assert not r.written and "changed since" in (r.error or "")
    assert p.read_text(encoding="utf-8") == "OPENAI_MODEL=Qwen-Plus\n"


def test_refuses_non_utf8_and_unknown_files(tmp_path: Path) -> None:
    p = tmp_path / ".env"
    p.write_bytes(b"OPENAI_MODEL=Qwen-Plus \xff\n")
    [r] = fix_files([finding(str(p), 1, 14, 23, "qwen-plus")], {str(p): "x"})
    assert "UTF-8" in (r.error or "")
    q = tmp_path / "other.env"
    q.write_text("OPENAI_MODEL=Qwen-Plus\n", encoding="utf-8")
    [r] = fix_files([finding(str(q), 1, 14, 23, "qwen-plus")], {})
    assert not r.written and r.error


def test_overlapping_fixes_wait_for_the_next_pass_and_duplicates_merge(tmp_path: Path) -> None:
    p = tmp_path / ".env"
    text = "OPENAI_MODEL=Qwen-Plus\n"
    p.write_text(text, encoding="utf-8")
    fs = [finding(str(p), 1, 14, 23, "qwen-plus"), finding(str(p), 1, 14, 23, "qwen-plus"),
          finding(str(p), 1, 18, 23, "-max")]
    [r] = fix_files(fs, {str(p): text})
    assert p.read_text(encoding="utf-8") == "OPENAI_MODEL=qwen-plus\n"
    assert len(r.applied) == 1 and len(r.skipped) == 1


def test_unsafe_fixes_need_the_flag(tmp_path: Path) -> None:
    p = tmp_path / ".env"
    text = "OPENAI_MODEL=Qwen-Plus\n"
    p.write_text(text, encoding="utf-8")
    assert fix_files([finding(str(p), 1, 14, 23, "qwen-plus", safe=False)], {str(p): text}) == []
    [r] = fix_files([finding(str(p), 1, 14, 23, "qwen-plus", safe=False)], {str(p): text}, unsafe=True)
    assert r.written


def test_symlinks_are_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.env"
    real.write_text("OPENAI_MODEL=Qwen-Plus\n", encoding="utf-8")
    link = tmp_path / ".env"
    link.symlink_to(real)
    [r] = fix_files([finding(str(link), 1, 14, 23, "qwen-plus")], {str(link): "OPENAI_MODEL=Qwen-Plus\n"})
    assert r.written and link.is_symlink() and real.read_text(encoding="utf-8") == "OPENAI_MODEL=qwen-plus\n"


def test_diff_redacts_keys_in_context_lines(tmp_path: Path) -> None:
    key = "sk-" + "0123456789abcdef" * 2
    p = tmp_path / ".env"
    text = f"OPENAI_API_KEY={key}\nOPENAI_MODEL=Qwen-Plus\n"
    p.write_text(text, encoding="utf-8")
    results = fix_files([finding(str(p), 2, 14, 23, "qwen-plus")], {str(p): text}, write=False)
    diff = unified_diff(results, (key,))
    assert "+OPENAI_MODEL=qwen-plus" in diff and key not in diff
    assert p.read_text(encoding="utf-8") == text


def _copy_examples(tmp_path: Path) -> Path:
    dst = tmp_path / "broken"
    shutil.copytree(ROOT / "examples" / "broken", dst)
    return dst


def test_fix_round_trip_on_the_bundled_examples(tmp_path: Path) -> None:
    """Fixed files re-check clean for the fixed rules and differ only where a fix applied."""
    tree = _copy_examples(tmp_path)
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    report = run_check([str(tree)], isolated=True)
    safe = [f for f in report.findings if f.fix and f.fix.replacement is not None and f.fix.safe]
    assert {f.rule for f in safe} >= {"unknown-host", "malformed-base-url", "unknown-model", "key-region-mismatch"}
    results = fix_files(report.findings, report.texts)
    changed = {Path(r.path).resolve() for r in results if r.written}
    assert changed

    after = run_check([str(tree)], isolated=True)
    fixed_spans = {(f.rule, f.loc.path, f.loc.line) for f in safe}
    still = {(f.rule, f.loc.path, f.loc.line) for f in after.findings}
    assert not (fixed_spans & still), fixed_spans & still

    for path, old in before.items():
        new = path.read_bytes()
        if path.resolve() not in changed:
            assert new == old, path
            continue
        old_lines, new_lines = old.decode().splitlines(True), new.decode().splitlines(True)
        assert len(old_lines) == len(new_lines)
        touched = {i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b}
        display = {f.loc.line for f in safe if Path(f.loc.path).resolve() == path.resolve()}
        assert touched <= display, (path, touched, display)


@pytest.mark.parametrize("unsafe", [False, True])
def test_unsafe_round_trip_changes_more(tmp_path: Path, unsafe: bool) -> None:
    tree = _copy_examples(tmp_path)
    report = run_check([str(tree)], isolated=True)
    results = fix_files(report.findings, report.texts, unsafe=unsafe, write=False)
    rules = {f.rule for r in results for f in r.applied}
    assert ("protocol-mismatch" in rules) is unsafe
    assert all(difflib.SequenceMatcher(None, r.before, r.after).ratio() > 0.8 for r in results)
