"""`msv check --write-baseline` / `--baseline` through the command line, as users run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MSV = str(Path(sys.executable).with_name("msv"))
KEY = "sk-" + "7e6d5c4b" * 4
BLOCK = (
    "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
    "OPENAI_MODEL=qwen-plus-lastest\n"
)


def msv(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MSV, "check", *args], cwd=cwd, text=True, capture_output=True, timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))


def test_baseline_survives_moving_the_block_ten_lines(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("# app settings\n" + BLOCK)
    first = msv(tmp_path, ".", "--format", "json")
    findings = json.loads(first.stdout)["findings"]
    assert first.returncode == 1 and findings, first.stdout + first.stderr

    wrote = msv(tmp_path, ".", "--write-baseline", "msv-baseline.json")
    assert wrote.returncode in (0, 1), wrote.stderr
    baseline = (tmp_path / "msv-baseline.json").read_text()
    assert '"line"' not in baseline

    env.write_text("# app settings\n" + "# moved down\n" * 10 + BLOCK)
    moved = msv(tmp_path, ".", "--format", "json")
    moved_findings = json.loads(moved.stdout)["findings"]
    assert sorted(f["line"] for f in moved_findings) == sorted(f["line"] + 10 for f in findings)

    quiet = msv(tmp_path, ".", "--baseline", "msv-baseline.json", "--format", "json")
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert json.loads(quiet.stdout)["findings"] == []

    # a new mistake is still reported
    env.write_text(env.read_text() + "ANTHROPIC_BASE_URL=https://dashscope.aliyun.com/apps/anthropic\n")
    new = msv(tmp_path, ".", "--baseline", "msv-baseline.json", "--format", "json")
    assert new.returncode == 1
    reported = json.loads(new.stdout)["findings"]
    assert any(f["line"] == 14 and f["rule"] == "unknown-host" for f in reported), reported
    old = {(f["rule"], f["line"] + 10) for f in findings}
    assert not old & {(f["rule"], f["line"]) for f in reported}, "baselined findings came back"


def test_baseline_never_holds_the_key(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(
        f'from openai import OpenAI\nclient = OpenAI(api_key="{KEY}", '
        'base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")\n')
    msv(tmp_path, ".", "--write-baseline", "b.json")
    text = (tmp_path / "b.json").read_text()
    assert KEY not in text and KEY[3:] not in text


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("{nope")
    result = msv(tmp_path, ".", "--baseline", "b.json")
    assert result.returncode == 2
    assert "b.json:1:2: baseline is not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
