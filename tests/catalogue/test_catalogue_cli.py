"""``msv catalogue``: output formats, filters and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["catalogue", *args])
    return result.exit_code, result.output


def test_resolve_json_known() -> None:
    code, out = run("resolve", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["known"], data["region"], data["plan"], data["protocol"], data["family"]) == \
        (True, "ap-southeast-1", "payg", "openai", "shared")
    assert data["workspace"] is None and data["problems"] == []


def test_resolve_unknown_exits_1() -> None:
    code, out = run("resolve", "https://dashscope.aliyun.com/compatible-mode/v1", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["known"] is False and data["suggestion"] == "dashscope.aliyuncs.com"
    code, out = run("resolve", "https://example.org/v1")
    assert code == 1 and "not in the catalogue" in out


def test_resolve_text_and_client() -> None:
    code, out = run("resolve", "https://dashscope.aliyuncs.com/apps/anthropic/v1", "--client", "claude-code")
    assert code == 0 and "trailing-v1" in out and "cn-beijing" in out
    code, out = run("resolve", "https://dashscope.aliyuncs.com/apps/anthropic/v1", "--client", "opencode-anthropic")
    assert code == 0 and "problem" not in out
    code, out = run("resolve", "https://x.example", "--client", "no-such-client")
    assert code == 2


def test_bad_extension_exits_2_with_file_and_line(tmp_path: Path) -> None:
    ext = tmp_path / "ext.yaml"
    ext.write_text("hosts:\n  - id: gw\n    pattern: gw.example.com\n", encoding="utf-8")
    code, out = run("--catalogue", str(ext), "regions")
    assert code == 2 and f"{ext}:2" in out and "missing required field" in out
    assert len([line for line in out.splitlines() if line.strip()]) == 1


def test_extension_option_on_group_and_subcommand(tmp_path: Path) -> None:
    ext = tmp_path / "m.yaml"
    ext.write_text("models:\n  - {name: qwen9-max, family: qwen-max, scopes: [international], protocols: [openai], "
                   "plans: [payg], source: 'https://example.com/r', confidence: official}\n", encoding="utf-8")
    for args in (("--catalogue", str(ext), "models", "--region", "singapore"),
                 ("models", "--region", "singapore", "--catalogue", str(ext))):
        code, out = run(*args)
        assert code == 0 and "qwen9-max" in out


@pytest.mark.parametrize("args,needle", [
    (("regions",), "ap-northeast-1"),
    (("hosts", "--region", "beijing", "--plan", "coding-plan"), "coding.dashscope.aliyuncs.com"),
    (("models", "--region", "us-east-1", "--protocol", "openai"), "qwen-plus-us"),
    (("models", "--plan", "token-plan"), "MiniMax-M2.5"),
    (("features", "--region", "us-east-1"), "batch-inference"),
    (("errors", "--protocol", "anthropic"), "authentication_error"),
    (("errors", "--status", "401", "--match", '{"code":"InvalidApiKey","message":"Invalid API-key provided."}'),
     "invalid-api-key"),
    (("clients",), "claude-code-router"),
])
def test_listing_commands(args, needle) -> None:
    code, out = run(*args)
    assert code == 0 and needle in out


def test_filters_filter() -> None:
    code, out = run("hosts", "--plan", "coding-plan", "--format", "json")
    hosts = json.loads(out)
    assert code == 0 and {h["plan"] for h in hosts} == {"coding-plan"}
    code, out = run("models", "--region", "cn-beijing", "--protocol", "anthropic", "--format", "json")
    models = json.loads(out)
    assert models and all("anthropic" in m["protocols"] for m in models)
    code, out = run("features", "--format", "json")
    features = {f["id"]: f["regions"] for f in json.loads(out)}
    assert features["fine-tuning"]["cn-beijing"] is True and features["fine-tuning"]["us-east-1"] is False
    code, out = run("clients", "--protocol", "anthropic", "--format", "json")
    assert {c["protocol"] for c in json.loads(out)} == {"anthropic"}


def test_bad_filters_exit_2() -> None:
    assert run("hosts", "--region", "mars")[0] == 2
    assert run("models", "--plan", "gold")[0] == 2
    assert run("models", "--protocol", "grpc")[0] == 2


@pytest.mark.skipif(shutil.which("msv") is None and not (Path(sys.executable).parent / "msv").exists(),
                    reason="console script not installed")
def test_installed_console_script() -> None:
    msv = shutil.which("msv") or str(Path(sys.executable).parent / "msv")
    ok = subprocess.run([msv, "catalogue", "resolve", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
                         "--format", "json"], capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout)["region"] == "ap-southeast-1"
    bad = subprocess.run([msv, "catalogue", "resolve", "https://dashscope.aliyun.com/v1"], capture_output=True,
                         text=True)
    assert bad.returncode == 1
