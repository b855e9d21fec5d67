"""action.yml: a well-formed composite action whose check step really runs msv."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from hookrepo import REPO, action_inputs, load_action, read_outputs, run_action_step

MSV = str(Path(sys.executable).with_name("msv"))
BROKEN = "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"


def steps_by_id(action: dict) -> dict[str, dict]:
    return {s["id"]: s for s in action["runs"]["steps"] if "id" in s}


def test_structure() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    ids = steps_by_id(action)
    assert {"install", "check"} <= set(ids)
    text = (REPO / "action.yml").read_text()
    for name in re.findall(r"\$\{\{[^}]*inputs\.([A-Za-z0-9_-]+)", text):
        assert name in action["inputs"], f"unknown input {name}"
    for step_id in re.findall(r"steps\.([A-Za-z0-9_-]+)\.outputs", text):
        assert step_id in ids, f"unknown step {step_id}"
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "inputs must reach scripts through env, not be pasted in"
    uses = [s["uses"] for s in action["runs"]["steps"] if "uses" in s]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    for out in action["outputs"].values():
        assert re.fullmatch(r"\$\{\{ steps\.[a-z-]+\.outputs\.[a-z-]+ \}\}", out["value"])


def context(inputs: dict[str, str]) -> dict[str, str]:
    ctx = {f"inputs.{k}": v for k, v in inputs.items()}
    ctx["steps.install.outputs.msv"] = MSV
    ctx["github.action_path"] = str(REPO)
    ctx["steps.python.outputs.python-path"] = sys.executable
    return ctx


def project(tmp_path: Path) -> Path:
    work = tmp_path / "repo"
    work.mkdir()
    (work / ".env").write_text(BROKEN)
    return work


def test_check_step_writes_sarif_and_reports_the_exit_code(tmp_path: Path) -> None:
    action = load_action()
    work = project(tmp_path)
    out = tmp_path / "github_output"
    result = run_action_step(steps_by_id(action)["check"], context(action_inputs(action)), work, out)
    outputs = read_outputs(out)
    assert result.returncode == 0, result.stdout + result.stderr   # findings do not stop the upload
    assert outputs.get("exit-code") == "1", result.stdout + result.stderr
    assert outputs["sarif-file"] == "msv.sarif"
    log = json.loads((work / "msv.sarif").read_text())
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]


def test_check_step_github_annotations(tmp_path: Path) -> None:
    action = load_action()
    work = project(tmp_path)
    out = tmp_path / "github_output"
    inputs = action_inputs(action, {"format": "github", "paths": ".env"})
    result = run_action_step(steps_by_id(action)["check"], context(inputs), work, out)
    assert read_outputs(out).get("exit-code") == "1", result.stdout + result.stderr
    assert any(line.startswith("::error file=.env,") for line in result.stdout.splitlines()), result.stdout


def test_check_step_rejects_an_unknown_format(tmp_path: Path) -> None:
    action = load_action()
    out = tmp_path / "github_output"
    inputs = action_inputs(action, {"format": "pdf"})
    result = run_action_step(steps_by_id(action)["check"], context(inputs), project(tmp_path), out)
    assert result.returncode == 2
    assert read_outputs(out)["exit-code"] == "2"
    assert "::error title=msv action::" in result.stdout


def test_inputs_are_not_globbed_or_injected(tmp_path: Path) -> None:
    action = load_action()
    work = project(tmp_path)
    out = tmp_path / "github_output"
    inputs = action_inputs(action, {"format": "github", "paths": "* $(touch pwned) ;touch pwned2"})
    run_action_step(steps_by_id(action)["check"], context(inputs), work, out)
    assert not (work / "pwned").exists() and not (work / "pwned2").exists()
    assert read_outputs(out)["exit-code"] == "2"    # msv: "*: no such file or folder"


@pytest.mark.slow
def test_install_step_installs_msv_from_the_action_source(tmp_path: Path, hook_repo) -> None:
    action = load_action()
    ctx = context(action_inputs(action))
    ctx["github.action_path"] = str(hook_repo.path)
    out = tmp_path / "github_output"
    result = run_action_step(steps_by_id(action)["install"], ctx, tmp_path, out,
                             extra_env={"RUNNER_TEMP": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    msv = read_outputs(out)["msv"]
    assert Path(msv).exists() and "msv" in result.stdout
