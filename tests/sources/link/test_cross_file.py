"""Cross-file linking: one key variable in .env, referenced from four tools, with precedence conflicts."""

from __future__ import annotations

import json

import pytest

from validator.engine import Options
from validator.model import Origin, Secret
from validator.sources import collect

KEY_ENV = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"      # in .env
KEY_SHELL = "sk-a1b2c3d4e5f60718293a4b5c6d7e8f90"    # a stale export in env.sh

SETTINGS = {
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "env": {
        "ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic",
        "ANTHROPIC_AUTH_TOKEN": "sk-sp-0a1b2c3d4e5f6a7b8c9d0e1f",
        "ANTHROPIC_MODEL": "qwen3-coder-plus",
    },
}
CODEX = """model = "qwen3.6-plus"
model_provider = "bailian"

[model_providers.bailian]
name = "Alibaba Model Studio"
base_url = "https://dashscope.aliyuncs.com/compatible-mode/v1"
env_key = "DASHSCOPE_API_KEY"
wire_api = "responses"
"""
LITELLM = """model_list:
  - model_name: qwen
    litellm_params:
      model: dashscope/qwen-plus
      api_key: os.environ/DASHSCOPE_API_KEY
      api_base: https://dashscope.aliyuncs.com/compatible-mode/v1
"""
PYTHON = """import os
from openai import OpenAI

client = OpenAI(
    api_key=os.getenv("DASHSCOPE_API_KEY"),
    base_url="https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
)
"""
DOTENV = f"""DASHSCOPE_API_KEY={KEY_ENV}
ANTHROPIC_BASE_URL=https://dashscope-intl.aliyuncs.com/apps/anthropic
"""
SHELL = f"""export DASHSCOPE_API_KEY={KEY_SHELL}
export ANTHROPIC_BASE_URL=https://dashscope-intl.aliyuncs.com/apps/anthropic
"""


def files(with_shell: bool) -> dict[str, str]:
    out = {
        ".env": DOTENV,
        ".claude/settings.json": json.dumps(SETTINGS, indent=2),
        ".codex/config.toml": CODEX,
        "litellm_config.yaml": LITELLM,
        "app/main.py": PYTHON,
    }
    if with_shell:
        out["env.sh"] = SHELL
    return out


def by_client(targets, client: str, path: str):
    found = [t for t in targets if t.client == client and t.origin.path == path]
    assert len(found) == 1, [(t.name, t.client) for t in targets]
    return found[0]


def test_dotenv_key_is_linked_from_every_tool(tree, catalogue) -> None:
    tree(files(with_shell=False))
    got = collect([], Options(), catalogue)
    py = by_client(got.targets, "openai-sdk", "app/main.py")
    lite = by_client(got.targets, "litellm", "litellm_config.yaml")
    for t in (py, lite):
        assert t.key.value == Secret(KEY_ENV), t.name
        assert t.key.origin is Origin.VARIABLE and t.key.variable == "DASHSCOPE_API_KEY"
        assert (t.key.loc.path, t.key.loc.line) == (".env", 1)
        assert t.key_variable == "DASHSCOPE_API_KEY"
    codex = by_client(got.targets, "codex", ".codex/config.toml")
    # Codex reads the key only from the process environment: the .env line does not reach it
    assert codex.key.value is None
    assert "does not read" in codex.key.via and ".env" in codex.key.via
    assert [(o.loc.path, o.value) for o in codex.key.overridden] == [(".env", Secret(KEY_ENV))]


def test_precedence_conflicts_are_kept_on_the_target(tree, catalogue) -> None:
    tree(files(with_shell=True))
    got = collect([], Options(), catalogue)
    py = by_client(got.targets, "openai-sdk", "app/main.py")
    # python-dotenv's load_dotenv() does not override: the stale shell export wins, .env loses
    assert py.key.value == Secret(KEY_SHELL) and py.key.loc.path == "env.sh"
    assert [(o.loc.path, o.value) for o in py.key.overridden] == [(".env", Secret(KEY_ENV))]
    assert "wins over" in py.key.via and "load_dotenv" in py.key.via
    lite = by_client(got.targets, "litellm", "litellm_config.yaml")
    assert lite.key.value == Secret(KEY_SHELL)
    assert [o.loc.path for o in lite.key.overridden] == [".env"]
    codex = by_client(got.targets, "codex", ".codex/config.toml")
    assert codex.key.value == Secret(KEY_SHELL) and codex.key.loc.path == "env.sh"
    assert codex.key.overridden == ()                     # .env is not a competitor for Codex
    claude = by_client(got.targets, "claude-code", ".claude/settings.json")
    # Claude Code: the settings env block beats the shell; .env is not read at all
    assert claude.base_url.value == "https://dashscope.aliyuncs.com/apps/anthropic"
    assert claude.base_url.loc.path == ".claude/settings.json"
    assert [(o.loc.path, o.value) for o in claude.base_url.overridden] == [
        ("env.sh", "https://dashscope-intl.aliyuncs.com/apps/anthropic")]
    assert "settings env block overrides the shell" in claude.base_url.via


def test_process_environment_joins_in_diagnose_mode(tree, catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(files(with_shell=False))
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY_SHELL)
    got = collect([], Options(use_environment=True), catalogue)
    py = by_client(got.targets, "openai-sdk", "app/main.py")
    assert py.key.value == Secret(KEY_SHELL) and py.key.loc.path == "<environment>"
    assert [o.loc.path for o in py.key.overridden] == [".env"]
    codex = by_client(got.targets, "codex", ".codex/config.toml")
    assert codex.key.value == Secret(KEY_SHELL)
    (env_target,) = [t for t in got.targets if t.origin.path == "<environment>" and t.client == "dashscope-sdk"]
    assert env_target.key.value == Secret(KEY_SHELL)
