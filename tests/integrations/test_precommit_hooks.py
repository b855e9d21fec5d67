"""The pre-commit hooks of this repository, installed and run the way users run them.

`pre-commit try-repo` builds the hook environment from this project (pip install from a
committed copy) and runs it on the staged files of a scratch repository: a broken config makes
the hook fail, the fixed config makes it pass. A second test installs the hooks through a
`.pre-commit-config.yaml` and shows `git commit` itself being refused, then accepted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import shutil
import sys

from hookrepo import IGNORE, REPO, HookRepo, git, make_hook_repo, new_work_repo, pre_commit, run

pytestmark = pytest.mark.slow

KEY = "sk-" + "5f3c9e1a" * 4          # key-shaped, fake
BROKEN_URL = "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"
GOOD_URL = "https://dashscope.aliyuncs.com/compatible-mode/v1"


def client_py(url: str, key_expr: str = 'os.environ["DASHSCOPE_API_KEY"]') -> str:
    return (
        "import os\n\n"
        "from openai import OpenAI\n\n"
        f'client = OpenAI(api_key={key_expr}, base_url="{url}")\n'
        'reply = client.chat.completions.create(model="qwen-plus", '
        'messages=[{"role": "user", "content": "hi"}])\n'
    )


def test_manifest_declares_both_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"msv-check", "msv-secrets"}
    assert hooks["msv-check"]["entry"] == "msv check --force-exclude"
    assert hooks["msv-secrets"]["entry"] == "msv check --force-exclude --select hardcoded-secret"
    assert all(h["language"] == "python" for h in hooks.values())
    # every text file, as gitleaks and detect-secrets: no extension list to miss a format
    assert all(h["types"] == ["text"] and "files" not in h for h in hooks.values())


def test_manifest_is_valid_for_pre_commit(hook_repo: HookRepo) -> None:
    result = pre_commit(hook_repo.path, hook_repo.env, "validate-manifest", ".pre-commit-hooks.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def _try(work: Path, hook_repo: HookRepo, hook: str):
    return pre_commit(work, hook_repo.env, "try-repo", str(hook_repo.path), hook, "--ref", hook_repo.rev,
                      "--verbose")


def test_try_repo_msv_check_fails_on_broken_and_passes_on_fixed(hook_repo: HookRepo, tmp_path: Path) -> None:
    work = new_work_repo(tmp_path, "app", hook_repo.env)
    (work / "client.py").write_text(client_py(BROKEN_URL))
    git(work, hook_repo.env, "add", "client.py")
    broken = _try(work, hook_repo, "msv-check")
    out = broken.stdout + broken.stderr
    assert broken.returncode == 1, out
    assert "malformed-base-url" in out and "client.py:5:" in out, out

    (work / "client.py").write_text(client_py(GOOD_URL))
    git(work, hook_repo.env, "add", "client.py")
    fixed = _try(work, hook_repo, "msv-check")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_try_repo_msv_secrets(hook_repo: HookRepo, tmp_path: Path) -> None:
    work = new_work_repo(tmp_path, "app", hook_repo.env)
    (work / "client.py").write_text(client_py(GOOD_URL, key_expr=f'"{KEY}"'))
    git(work, hook_repo.env, "add", "client.py")
    leaked = _try(work, hook_repo, "msv-secrets")
    out = leaked.stdout + leaked.stderr
    assert leaked.returncode == 1, out
    assert "hardcoded-secret" in out
    assert KEY not in out, "the hook output must show a fingerprint, never the key"

    (work / "client.py").write_text(client_py(GOOD_URL))
    git(work, hook_repo.env, "add", "client.py")
    clean = _try(work, hook_repo, "msv-secrets")
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_installed_hook_blocks_then_allows_the_commit(hook_repo: HookRepo, tmp_path: Path) -> None:
    work = new_work_repo(tmp_path, "app", hook_repo.env)
    config = {"repos": [{"repo": str(hook_repo.path), "rev": hook_repo.rev,
                         "hooks": [{"id": "msv-check"}, {"id": "msv-secrets"}]}]}
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    installed = pre_commit(work, hook_repo.env, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (work / "client.py").write_text(client_py(BROKEN_URL))
    git(work, hook_repo.env, "add", "-A")
    from hookrepo import run

    refused = run(["git", "commit", "-m", "broken config"], work, hook_repo.env)
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert "malformed-base-url" in refused.stdout + refused.stderr
    assert run(["git", "rev-parse", "--verify", "HEAD"], work, hook_repo.env).returncode != 0  # no commit

    (work / "client.py").write_text(client_py(GOOD_URL))
    git(work, hook_repo.env, "add", "-A")
    accepted = run(["git", "commit", "-m", "fixed config"], work, hook_repo.env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    log = git(work, hook_repo.env, "log", "--format=%s").stdout.split("\n")
    assert log[0] == "fixed config"


KEY_FORMATS = {
    "NOTES.md": 'api_key="{k}"\n',
    "main.tfvars": 'k = "{k}"\n',
    "Makefile": "export DASHSCOPE_API_KEY={k}\n",
    "app.xml": "<key>{k}</key>\n",
    "setup.ps1": '$env:DASHSCOPE_API_KEY = "{k}"\n',
    "setup.cmd": "set DASHSCOPE_API_KEY={k}\r\n",
}


def test_msv_secrets_sees_every_format_msv_reads(hook_repo: HookRepo, tmp_path: Path) -> None:
    """The audit's D2: keys in Markdown, Terraform, Makefile, XML, PowerShell and cmd files."""
    work = new_work_repo(tmp_path, "app", hook_repo.env)
    for name, text in KEY_FORMATS.items():
        (work / name).write_text(text.format(k=KEY), newline="")
    git(work, hook_repo.env, "add", "-A")
    leaked = _try(work, hook_repo, "msv-secrets")
    out = leaked.stdout + leaked.stderr
    assert leaked.returncode == 1, out
    for name in ("NOTES.md", "main.tfvars", "Makefile", "app.xml"):
        assert f"{name}:1:" in out, (name, out)
    assert "Skipped" not in out and KEY not in out


def test_settings_exclude_applies_to_staged_files(hook_repo: HookRepo, tmp_path: Path) -> None:
    """The audit's D5: a fixture the settings exclude is not flagged by the hook."""
    work = new_work_repo(tmp_path, "app", hook_repo.env)
    (work / "pyproject.toml").write_text('[tool.msv]\nexclude = ["fixtures/"]\n')
    (work / "fixtures").mkdir()
    (work / "fixtures" / "broken.env").write_text("OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\n")
    git(work, hook_repo.env, "add", "-A")
    result = _try(work, hook_repo, "msv-check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fixtures/broken.env" not in result.stdout


def test_this_repository_passes_its_own_hooks(tmp_path: Path) -> None:
    """msv's own repository (fixtures excluded through its settings, README quoted output marked
    as documentation) passes both hooks run on every file, and ``msv check .``."""
    own = make_hook_repo(tmp_path)
    copy = own.path
    for name in ("examples", "tests", "bench", "docs", ".pre-commit-config.yaml"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=IGNORE)
        elif src.exists():
            shutil.copy2(src, copy / name)
    git(copy, own.env, "add", "-A")
    git(copy, own.env, "commit", "-q", "-m", "the whole repository")
    for hook in ("msv-check", "msv-secrets"):
        result = pre_commit(copy, own.env, "try-repo", str(copy), hook, "--all-files")
        assert result.returncode == 0, result.stdout + result.stderr
    checked = run([sys.executable, "-m", "validator", "check", "."], copy, own.env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_shipped_pre_commit_config_runs_msvs_own_hooks() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    manifest = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert {h["id"] for h in hooks} >= {"msv-check", "msv-secrets"}
    for h in hooks:
        if h["id"] in manifest:
            assert h["entry"] == manifest[h["id"]]["entry"] and h.get("types") == manifest[h["id"]]["types"]
