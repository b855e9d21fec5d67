"""Helpers for the integration tests: a committed copy of this project, git and pre-commit runs.

pre-commit installs hooks from a *git repository at a revision*. The working tree under test
may hold uncommitted changes (and tests must never touch its git state), so the tests copy
the files a hook install needs into a temporary repository and commit them there. pre-commit
then builds its own virtualenv from that copy and pip-installs it, exactly as it would for a
user's ``.pre-commit-config.yaml`` (the package registry must be reachable; nothing else is).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "action.yml")
PROJECT_DIRS = ("validator", "rules", "schemas", "action")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache", ".hypothesis")


def git_env(home: Path) -> dict[str, str]:
    """An environment where git and pre-commit ignore the user's own configuration."""
    env = dict(os.environ)
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    env.update({
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "msv test", "GIT_AUTHOR_EMAIL": "msv@example.invalid",
        "GIT_COMMITTER_NAME": "msv test", "GIT_COMMITTER_EMAIL": "msv@example.invalid",
        "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
        "NO_COLOR": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    for var in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "VIRTUAL_ENV", "PRE_COMMIT"):
        env.pop(var, None)
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, text=True, capture_output=True, timeout=timeout)


def git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = run(["git", *args], cwd, env, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "pre_commit", *args], cwd, env)


@dataclass(frozen=True)
class HookRepo:
    path: Path
    rev: str
    env: dict[str, str]


def make_hook_repo(base: Path) -> HookRepo:
    """Copy the project into ``base/msv`` and commit it; return where and at which revision."""
    env = git_env(base)
    dest = base / "msv"
    dest.mkdir()
    for name in PROJECT_FILES:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, dest / name, ignore=IGNORE)
    git(dest, env, "init", "-q")
    git(dest, env, "add", "-A")
    git(dest, env, "commit", "-q", "-m", "msv under test")
    rev = git(dest, env, "rev-parse", "HEAD").stdout.strip()
    return HookRepo(dest, rev, env)


def new_work_repo(base: Path, name: str, env: dict[str, str]) -> Path:
    path = base / name
    path.mkdir()
    git(path, env, "init", "-q")
    return path


# --------------------------------------------------------------------------- action.yml

import re  # noqa: E402

_EXPR = re.compile(r"\$\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")


def load_action() -> dict:
    import yaml

    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def action_inputs(action: dict, given: dict[str, str] | None = None) -> dict[str, str]:
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    for name, value in (given or {}).items():
        assert name in values, f"action.yml has no input {name!r}"
        values[name] = str(value)
    return values


def expand(text: str, context: dict[str, str]) -> str:
    """Evaluate the ``${{ a.b }}`` lookups a composite step uses (plain lookups only)."""

    def sub(m: re.Match[str]) -> str:
        assert m.group(1) in context, f"unknown expression {m.group(0)}"
        return context[m.group(1)]

    return _EXPR.sub(sub, text)


def run_action_step(step: dict, context: dict[str, str], cwd: Path, output_file: Path,
                    extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run one ``run:`` step of the composite action with bash, as the runner would."""
    env = dict(os.environ)
    env.update({k: expand(str(v), context) for k, v in (step.get("env") or {}).items()})
    env["GITHUB_OUTPUT"] = str(output_file)
    env.update(extra_env or {})
    assert step.get("shell") == "bash"
    return subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env=env, text=True, capture_output=True,
                          timeout=300)


def read_outputs(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
