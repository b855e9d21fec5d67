"""action.yml: a well-formed composite action whose check step really runs msv."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
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
    ctx["steps.detect.outputs.upload"] = "false"      # what detect_upload.py says off GitHub
    return ctx


def project(tmp_path: Path) -> Path:
    work = tmp_path / "repo"
    work.mkdir()
    (work / ".env").write_text(BROKEN)
    return work


def fake_github(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The variables a runner sets that the scripts read (a fake job, no network)."""
    summary = tmp_path / "step_summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_REPOSITORY": "octo/app", "GITHUB_SHA": "0" * 40,
           "GITHUB_SERVER_URL": "https://github.com", "RUNNER_TEMP": str(tmp_path)}
    env.update(extra)
    return env


def test_default_run_annotates_and_writes_a_job_summary(tmp_path: Path) -> None:
    """The default (format github, upload auto) works everywhere: annotations, a summary, no SARIF
    unless the upload was detected as permitted."""
    action = load_action()
    assert action["inputs"]["format"]["default"] == "github"
    assert action["inputs"]["upload-sarif"]["default"] == "auto"
    work = project(tmp_path)
    out = tmp_path / "github_output"
    env = fake_github(tmp_path)
    result = run_action_step(steps_by_id(action)["check"], context(action_inputs(action)), work, out, env)
    outputs = read_outputs(out)
    assert result.returncode == 0, result.stdout + result.stderr   # findings do not stop the upload
    assert outputs.get("exit-code") == "1", result.stdout + result.stderr
    assert any(line.startswith("::error file=.env,") for line in result.stdout.splitlines()), result.stdout
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    assert summary.startswith("### msv: ") and "1 error" in summary.splitlines()[0]
    assert "| `MS102` malformed-base-url | 1 |" in summary
    assert f"(https://github.com/octo/app/blob/{'0' * 40}/.env#L1)" in summary
    assert "sarif-file" not in outputs and not (work / "msv.sarif").exists()


def test_sarif_is_written_when_the_upload_is_permitted(tmp_path: Path) -> None:
    action = load_action()
    work = project(tmp_path)
    out = tmp_path / "github_output"
    ctx = context(action_inputs(action, {"sarif-file": "reports/deep/msv.sarif"}))
    ctx["steps.detect.outputs.upload"] = "true"
    result = run_action_step(steps_by_id(action)["check"], ctx, work, out, fake_github(tmp_path))
    outputs = read_outputs(out)
    assert result.returncode == 0 and outputs["exit-code"] == "1", result.stdout + result.stderr
    assert outputs["sarif-file"] == "reports/deep/msv.sarif"
    log = json.loads((work / "reports/deep/msv.sarif").read_text())
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    assert any(line.startswith("::error file=.env,") for line in result.stdout.splitlines())   # still annotated


def test_format_sarif_always_writes_it(tmp_path: Path) -> None:
    action = load_action()
    work = project(tmp_path)
    out = tmp_path / "github_output"
    ctx = context(action_inputs(action, {"format": "SARIF"}))       # case does not matter
    ctx["steps.detect.outputs.upload"] = "false"
    result = run_action_step(steps_by_id(action)["check"], ctx, work, out, fake_github(tmp_path))
    assert read_outputs(out)["sarif-file"] == "msv.sarif", result.stdout + result.stderr
    assert (work / "msv.sarif").exists()


def test_many_errors_note_the_annotation_cap(tmp_path: Path) -> None:
    action = load_action()
    work = project(tmp_path)
    for i in range(12):
        (work / f"svc{i}").mkdir()
        (work / f"svc{i}" / ".env").write_text(BROKEN)
    out = tmp_path / "github_output"
    env = fake_github(tmp_path)
    run_action_step(steps_by_id(action)["check"], context(action_inputs(action)), work, out, env)
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    assert "at most 10 annotations of each level per step: 3 errors are not annotated" in summary


def test_bad_fail_on_is_an_annotated_error(tmp_path: Path) -> None:
    action = load_action()
    out = tmp_path / "github_output"
    ctx = context(action_inputs(action, {"fail-on": "errors"}))
    result = run_action_step(steps_by_id(action)["check"], ctx, project(tmp_path), out, fake_github(tmp_path))
    assert result.returncode == 2 and read_outputs(out)["exit-code"] == "2"
    assert "::error title=msv action::input 'fail-on'" in result.stdout


@pytest.mark.parametrize("value, code", [("true", 1), ("True", 1), ("yes", 1), ("false", 0), ("No", 0)])
def test_fail_step_reads_the_fail_input_in_any_spelling(tmp_path: Path, value: str, code: int) -> None:
    action = load_action()
    step = next(s for s in action["runs"]["steps"] if s.get("name") == "Fail on findings")
    ctx = context(action_inputs(action, {"fail": value}))
    result = run_action_step(step, ctx, tmp_path, tmp_path / "out")
    assert result.returncode == code, result.stdout


def test_third_party_actions_are_pinned_by_commit() -> None:
    action = load_action()
    uses = [s["uses"] for s in action["runs"]["steps"] if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u) for u in uses), uses
    text = (REPO / "action.yml").read_text()
    assert re.search(r"codeql-action/upload-sarif@[0-9a-f]{40}\s+# v4\.", text)
    upload = steps_by_id(action)["upload"]
    assert upload["continue-on-error"] is True                       # a refused upload never fails the job
    assert any(s.get("if", "").find("steps.upload.outcome == 'failure'") >= 0 for s in action["runs"]["steps"])


# --------------------------------------------------------------------------- upload detection

DETECT = REPO / "action" / "detect_upload.py"


def detect(tmp_path: Path, env: dict[str, str], event: dict | None = None) -> tuple[dict[str, str], str]:
    out = tmp_path / "detect_output"
    out.unlink(missing_ok=True)
    full = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full.update({"GITHUB_OUTPUT": str(out), "GITHUB_REPOSITORY": "octo/app"})
    if event is not None:
        path = tmp_path / "event.json"
        path.write_text(json.dumps(event))
        full["GITHUB_EVENT_PATH"] = str(path)
    full.update(env)
    result = subprocess.run([sys.executable, str(DETECT)], env=full, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return read_outputs(out), result.stdout


class FakeApi(http.server.BaseHTTPRequestHandler):
    status = 200
    body = b"[]"
    seen: list[tuple[str, str]] = []

    def do_GET(self) -> None:   # noqa: N802 (http.server's spelling)
        FakeApi.seen.append((self.path, self.headers.get("Authorization", "")))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def api():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeApi.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_auto_uploads_when_code_scanning_answers(tmp_path: Path, api: str) -> None:
    FakeApi.status, FakeApi.body = 200, b"[]"
    outputs, _ = detect(tmp_path, {"MSV_UPLOAD": "auto", "MSV_TOKEN": "t0ken", "GITHUB_API_URL": api},
                        {"pull_request": {"head": {"repo": {"fork": False, "full_name": "octo/app"}}}})
    assert outputs["upload"] == "true"
    assert FakeApi.seen == [("/repos/octo/app/code-scanning/analyses?per_page=1", "Bearer t0ken")]


def test_auto_skips_a_private_repository_without_code_scanning(tmp_path: Path, api: str) -> None:
    FakeApi.status, FakeApi.body = 403, b'{"message": "Advanced Security must be enabled"}'
    outputs, log = detect(tmp_path, {"MSV_UPLOAD": "auto", "MSV_TOKEN": "t", "GITHUB_API_URL": api})
    assert outputs["upload"] == "false" and "HTTP 403" in outputs["reason"]
    assert log.startswith("::notice title=msv action::SARIF not uploaded")


def test_auto_treats_no_analysis_yet_as_enabled(tmp_path: Path, api: str) -> None:
    FakeApi.status, FakeApi.body = 404, b'{"message": "no analysis found"}'
    outputs, _ = detect(tmp_path, {"MSV_UPLOAD": "auto", "MSV_TOKEN": "t", "GITHUB_API_URL": api})
    assert outputs["upload"] == "true"


def test_auto_skips_fork_and_dependabot_pull_requests_without_asking(tmp_path: Path, api: str) -> None:
    fork = {"pull_request": {"head": {"repo": {"fork": True, "full_name": "someone/app"}}}}
    outputs, _ = detect(tmp_path, {"MSV_UPLOAD": "auto", "MSV_TOKEN": "t", "GITHUB_API_URL": api}, fork)
    assert outputs["upload"] == "false" and "fork" in outputs["reason"]
    outputs, _ = detect(tmp_path, {"MSV_UPLOAD": "auto", "MSV_TOKEN": "t", "GITHUB_API_URL": api,
                                   "GITHUB_ACTOR": "dependabot[bot]"})
    assert outputs["upload"] == "false" and "Dependabot" in outputs["reason"]
    assert FakeApi.seen == []


@pytest.mark.parametrize("value, upload", [("true", "true"), ("TRUE", "true"), ("false", "false"), ("no", "false")])
def test_explicit_upload_values(tmp_path: Path, value: str, upload: str) -> None:
    outputs, _ = detect(tmp_path, {"MSV_UPLOAD": value})
    assert outputs["upload"] == upload


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
