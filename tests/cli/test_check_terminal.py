"""Terminal conveniences of ``msv check``: --statistics, concise output, summaries, baselines,
--force-exclude, the progress line (TTY only) and streamed reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BROKEN = "OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\nOPENAI_MODEL=qwen-plus\n"


class Result:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.exit_code = proc.returncode
        self.output = proc.stdout + proc.stderr


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Result:
    full = {k: v for k, v in os.environ.items() if k not in ("PRE_COMMIT", "FORCE_COLOR")}
    full.update(env or {})
    return Result(subprocess.run([sys.executable, "-m", "validator", *args], cwd=cwd, env=full,
                                 capture_output=True, text=True))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for i in range(3):
        (tmp_path / f"svc{i}").mkdir()
        (tmp_path / f"svc{i}" / ".env").write_text(BROKEN)
    return tmp_path


def test_statistics_counts_per_rule(tree: Path) -> None:
    result = run(["check", ".", "--statistics", "--no-color"], tree)
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[0].split() == ["3", "MS101", "unknown-host", "[*]"]
    assert lines[-1].startswith("Found 3 findings")
    assert "OPENAI_BASE_URL" not in result.output          # counts, not the findings themselves


def test_statistics_refuses_a_machine_format(tree: Path) -> None:
    result = run(["check", ".", "--statistics", "--format", "sarif"], tree)
    assert result.exit_code == 2 and "--statistics" in result.output


def test_concise_is_one_line_per_finding(tree: Path) -> None:
    full = run(["check", ".", "--no-color"], tree).output
    for args in (["--output-format", "concise"], ["--format", "concise"]):
        out = run(["check", ".", "--no-color", *args], tree).output.splitlines()
        findings = [ln for ln in out if ln.startswith("svc")]
        assert len(findings) == 3 and len(out) == 3 + 2
        assert all(ln in full for ln in findings)
    assert run(["check", ".", "--no-color", "--output-format", "full"], tree).output == full


def test_fix_summary_says_what_was_fixed(tree: Path) -> None:
    result = run(["check", ".", "--fix", "--no-color"], tree)
    assert "msv: fixed 3 finding(s) in 3 file(s)" in result.output
    assert "(3 fixed)" in result.output or "3 fixed" in result.output
    diff = run(["check", ".", "--diff"], tree)
    assert diff.exit_code == 0


def test_diff_says_what_it_would_fix(tree: Path) -> None:
    result = run(["check", ".", "--diff"], tree)
    assert result.exit_code == 1 and "would fix 3 finding(s) in 3 file(s)" in result.output


def test_write_baseline_exits_0_and_baseline_is_reported(tree: Path) -> None:
    result = run(["check", ".", "--write-baseline", "b.json"], tree)
    assert result.exit_code == 0, result.output
    assert "wrote 3 finding(s) to b.json" in result.output
    again = run(["check", ".", "--baseline", "b.json", "--no-color"], tree)
    assert again.exit_code == 0 and "3 in baseline" in again.output


def test_force_exclude_applies_settings_exclude_to_named_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.msv]\nexclude = ["fixtures/"]\n')
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "broken.env").write_text(BROKEN)
    (tmp_path / "app.env").write_text(BROKEN)
    named = ["fixtures/broken.env", "app.env"]
    assert "fixtures/broken.env" in run(["check", *named], tmp_path).output     # ruff: named files win
    forced = run(["check", "--force-exclude", *named], tmp_path)
    assert "fixtures/broken.env" not in forced.output and "app.env:1" in forced.output
    hook = run(["check", *named], tmp_path, env={"PRE_COMMIT": "1"})             # what pre-commit sets
    assert "fixtures/broken.env" not in hook.output and hook.exit_code == 1


def test_streamed_json_is_valid_and_compact_when_piped(tree: Path) -> None:
    result = run(["check", ".", "--format", "json"], tree)
    doc = json.loads(result.output)
    assert len(doc["findings"]) == 3 and doc["summary"]["error"] == 3
    assert result.output.count("\n") == 3 + 2      # head, one finding a line, tail


def test_progress_line_only_on_a_terminal(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped stderr never gets the progress line, however long the run; a TTY gets it after DELAY."""
    from validator.cli import run as check_mod

    monkeypatch.setattr(check_mod._Progress, "DELAY", 0.0)
    piped = subprocess.run([sys.executable, "-m", "validator", "check", "."], cwd=tree, capture_output=True,
                           text=True)
    assert "checking" not in piped.stderr
    import io
    import time

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    progress = check_mod._progress(quiet=False)
    assert isinstance(progress, check_mod._Progress)
    time.sleep(0.2)
    progress.stop()
    assert "msv: checking…" in err.getvalue() and err.getvalue().endswith("\r\x1b[K")
    assert isinstance(check_mod._progress(quiet=True), check_mod._NoProgress)


def test_own_reports_are_not_read_back(tmp_path: Path) -> None:
    """The audit's D18: reports and baselines msv wrote into the tree are not scanned next time."""
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / ".env").write_text(BROKEN)
    first = run(["check", ".", "--format", "json"], tmp_path)
    before = json.loads(first.output)["summary"]
    for fmt in ("json", "sarif", "gitlab", "junit"):
        run(["check", ".", "--format", fmt, "--output", f"msv-report.{fmt}"], tmp_path)
    run(["check", ".", "--write-baseline", ".msv-baseline.json"], tmp_path)
    after = json.loads(run(["check", ".", "--format", "json"], tmp_path).output)["summary"]
    assert (after["targets"], after["error"], after["info"]) == (before["targets"], before["error"], before["info"])
    named = json.loads(run(["check", "msv-report.json", "--format", "json"], tmp_path).output)
    assert named["summary"]["files"] == 1          # named explicitly, it is still read


def test_color_always_and_never(tree: Path) -> None:
    """The audit's D19: CI logs that render ANSI can ask for colour; piped output is plain by default."""
    assert "\x1b[" not in run(["check", "svc0"], tree, env={"NO_COLOR": ""}).output
    always = run(["check", "svc0", "--color", "always"], tree)
    assert "\x1b[1;31mMS101\x1b[0m" in always.output
    assert "\x1b[" not in run(["check", "svc0"], tree).output
    assert "\x1b[" not in run(["check", "svc0", "--color", "never"], tree, env={"FORCE_COLOR": "1"}).output
