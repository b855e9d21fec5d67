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

from hookrepo import REPO, HookRepo, git, new_work_repo, pre_commit

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
    assert hooks["msv-check"]["entry"] == "msv check"
    assert hooks["msv-secrets"]["entry"] == "msv check --select hardcoded-secret"
    assert all(h["language"] == "python" for h in hooks.values())


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
