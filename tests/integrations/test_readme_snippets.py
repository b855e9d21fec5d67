"""The README's copy-paste snippets, executed.

Snippets are fenced blocks with a title, e.g. ```yaml title=".pre-commit-config.yaml"``` — the
test finds them by title. A block the README does not have (yet) is skipped with a reason;
every block it has must work as documented. ``MSV_README=path`` points the test at another
Markdown file (to check a draft before it is pasted).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hookrepo import (REPO, HookRepo, action_inputs, git, load_action, new_work_repo, pre_commit,
                      read_outputs, run_action_step)

README = Path(os.environ.get("MSV_README") or REPO / "README.md")
FENCE = re.compile(r'^```(?P<lang>[\w-]+)[ \t]+title="(?P<title>[^"]+)"[ \t]*\n(?P<body>.*?)^```[ \t]*$',
                   re.M | re.S)
BIN = Path(sys.executable).parent
PROJECT_URL = "https://github.com/modelstudio-validator/modelstudio-validator"

BROKEN_ENV = "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
GOOD_CLIENT = (
    "import os\n\nfrom openai import OpenAI\n\n"
    'client = OpenAI(api_key=os.environ["DASHSCOPE_API_KEY"], '
    'base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")\n'
)


def blocks() -> dict[str, str]:
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    return {m.group("title"): m.group("body") for m in FENCE.finditer(text)}


def snippet(title: str) -> str:
    found = blocks().get(title)
    assert found is not None, f'{README.name} lost its ```… title="{title}"``` block (renamed?)'
    return found


def version() -> str:
    import validator

    return validator.__version__


def project(tmp_path: Path) -> Path:
    work = tmp_path / "project"
    work.mkdir()
    (work / ".env").write_text(BROKEN_ENV)
    return work


def run_cli(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    if argv and (BIN / argv[0]).exists():
        argv = [str(BIN / argv[0]), *argv[1:]]
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(argv, cwd=cwd, env=env, text=True, capture_output=True, timeout=120)


def assert_ran(result: subprocess.CompletedProcess[str], allowed: tuple[int, ...] = (0, 1)) -> None:
    out = result.stdout + result.stderr
    assert result.returncode in allowed, f"{result.args}: exit {result.returncode}\n{out}"
    assert "Traceback" not in out and "internal error" not in out, out


# --------------------------------------------------------------------------- terminal


def test_terminal_commands(tmp_path: Path) -> None:
    work = project(tmp_path)
    lines = [shlex.split(line, comments=True) for line in snippet("terminal").splitlines()]
    for argv in (a for a in lines if a):
        assert argv[0] == "msv", f"terminal snippet runs msv only: {argv}"
        result = run_cli(argv, work)
        assert_ran(result)
        if "--output" in argv:
            target = work / argv[argv.index("--output") + 1]
            assert target.exists(), f"{argv}: no report written"
            if "--format" in argv and argv[argv.index("--format") + 1] == "json":
                assert "findings" in json.loads(target.read_text())
            assert "Checked" in result.stdout + result.stderr, "the terminal still gets the summary line"
        if "--write-baseline" in argv:
            assert (work / argv[argv.index("--write-baseline") + 1]).exists()
        if "--baseline" in argv:
            assert result.returncode == 0, "everything is in the baseline just written"
        if argv[1] == "init":
            assert (work / "modelstudio.yaml").read_text().startswith("# yaml-language-server: $schema=")


# --------------------------------------------------------------------------- modelstudio.yaml


def test_modelstudio_yaml(tmp_path: Path) -> None:
    from validator.cli.init import schema_url

    body = snippet("modelstudio.yaml")
    assert body.splitlines()[0] == f"# yaml-language-server: $schema={schema_url()}"
    doc = yaml.safe_load(body)
    schemas = sorted((REPO / "schemas").glob("modelstudio*.schema.json"))
    if schemas:
        import jsonschema

        jsonschema.validate(doc, json.loads(schemas[0].read_text(encoding="utf-8")))
    work = tmp_path / "project"
    work.mkdir()
    (work / "modelstudio.yaml").write_text(body)
    result = run_cli(["msv", "check", "modelstudio.yaml"], work)
    assert_ran(result, allowed=(0,))   # the README's example is a correct configuration


# --------------------------------------------------------------------------- pre-commit

PLACEHOLDER = "REPLACE-WITH-A-COMMIT-SHA"


def assert_real_or_placeholder(ref: str) -> None:
    """A version the README names exists (a tag of this repository) or is plainly a placeholder."""
    if ref == PLACEHOLDER:
        return
    tags = subprocess.run(["git", "-C", str(REPO), "tag", "--list", ref], capture_output=True, text=True).stdout
    assert tags.strip() == ref, f"{ref!r} is neither a tag of this repository nor the placeholder {PLACEHOLDER}"


def test_pre_commit_config_names_real_hooks() -> None:
    config = yaml.safe_load(snippet(".pre-commit-config.yaml"))
    manifest = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    (repo,) = config["repos"]
    assert repo["repo"] == PROJECT_URL
    assert_real_or_placeholder(repo["rev"])
    assert {h["id"] for h in repo["hooks"]} <= manifest


@pytest.mark.slow
def test_pre_commit_config_runs(hook_repo: HookRepo, tmp_path: Path) -> None:
    config = yaml.safe_load(snippet(".pre-commit-config.yaml"))
    config["repos"][0].update(repo=str(hook_repo.path), rev=hook_repo.rev)  # the same hooks, offline
    work = new_work_repo(tmp_path, "app", hook_repo.env)
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (work / "client.py").write_text(GOOD_CLIENT)
    git(work, hook_repo.env, "add", "-A")
    clean = pre_commit(work, hook_repo.env, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (work / "client.py").write_text(GOOD_CLIENT.replace("/v1\"", "/v1/chat/completions\""))
    git(work, hook_repo.env, "add", "-A")
    broken = pre_commit(work, hook_repo.env, "run", "--all-files")
    assert broken.returncode == 1, broken.stdout + broken.stderr


# --------------------------------------------------------------------------- GitHub Actions


def _action_step(workflow: dict) -> dict:
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    ours = [s for s in steps if str(s.get("uses", "")).startswith("modelstudio-validator/modelstudio-validator@")]
    assert len(ours) == 1, "the workflow uses this repository's action once"
    return ours[0]


def test_github_workflow(tmp_path: Path) -> None:
    workflow = yaml.safe_load(snippet(".github/workflows/msv.yml"))
    step = _action_step(workflow)
    assert_real_or_placeholder(step["uses"].rsplit("@", 1)[1])
    action = load_action()
    inputs = action_inputs(action, {k: str(v) for k, v in (step.get("with") or {}).items()})
    if inputs["format"] == "sarif" and inputs["upload-sarif"] == "true":
        assert workflow["permissions"]["security-events"] == "write"
    # Run the action's check step with the snippet's inputs, as the runner would.
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    ctx = {f"inputs.{k}": v for k, v in inputs.items()}
    ctx["steps.install.outputs.msv"] = str(BIN / "msv")
    ctx["steps.detect.outputs.upload"] = "false"
    ctx["github.action_path"] = str(REPO)
    work = project(tmp_path)
    out = tmp_path / "github_output"
    result = run_action_step(check, ctx, work, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_outputs(out)["exit-code"] in ("0", "1"), result.stdout + result.stderr
    if inputs["format"] == "sarif":
        assert json.loads((work / inputs["sarif-file"]).read_text())["version"] == "2.1.0"


# --------------------------------------------------------------------------- GitLab


def test_gitlab_ci(tmp_path: Path) -> None:
    job = next(iter(yaml.safe_load(snippet(".gitlab-ci.yml")).values()))
    report = job["artifacts"]["reports"]["codequality"]
    work = project(tmp_path)
    ran = False
    for line in job["script"]:
        argv = shlex.split(line)
        if argv[:2] == ["pip", "install"]:
            assert argv[2] == "modelstudio-validator"
            continue
        assert_ran(run_cli(argv, work))
        ran = True
    assert ran
    issues = json.loads((work / report).read_text())
    assert isinstance(issues, list) and all("fingerprint" in i for i in issues)


# --------------------------------------------------------------------------- Python API


def test_python_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = snippet("check_config.py")
    work = project(tmp_path)
    monkeypatch.chdir(work)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(code, "check_config.py", "exec"), {"__name__": "__main__"})
    printed = buffer.getvalue()
    assert ".env:1:" in printed, printed   # the broken base URL in the project is reported


# --------------------------------------------------------------------------- every shell block


@pytest.mark.slow
def test_every_readme_command_runs_as_written() -> None:
    """.ci/readme_commands.py: each ```sh line, against a copy of the bundled examples, offline."""
    result = subprocess.run([sys.executable, str(REPO / ".ci" / "readme_commands.py"), str(README)],
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("[ok ") >= 20


def test_readme_runner_catches_a_broken_command(tmp_path: Path) -> None:
    """The runner is not vacuous: a literal pipe list and pbpaste fail."""
    draft = tmp_path / "README.md"
    draft.write_text("```sh\nmsv catalogue features | errors | clients\nmsv diagnose --error \"$(pbpaste)\"\n```\n")
    result = subprocess.run([sys.executable, str(REPO / ".ci" / "readme_commands.py"), str(draft)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.count("[FAILED") == 2
