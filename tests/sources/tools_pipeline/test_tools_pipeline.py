"""The tool and code readers inside the real pipeline: walk → read → link → client defaults.

Proves that variable references each reader leaves (Codex ``env_key``, LiteLLM
``os.environ/VAR``, Qwen Code ``envKey``, Python ``os.getenv``) are linked to the ``.env`` that
defines them, that a shell export competing with ``.env`` is kept on the target, and that
Claude Code's settings ``env`` values stay where they were written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.engine import Options
from validator.model import Origin, Secret

KEY_ENV = "sk-" + "0123456789abcdef" * 2
KEY_SHELL = "sk-" + "fedcba9876543210" * 2


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    from validator.catalogue import load
    from validator.sources import collect

    root: Path = tmp_path_factory.mktemp("tree")
    (root / ".env").write_text(f"DASHSCOPE_API_KEY={KEY_ENV}\n")
    (root / ".claude").mkdir()
    (root / ".claude" / "settings.json").write_text(
        '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic",\n'
        '         "ANTHROPIC_AUTH_TOKEN": "%s", "ANTHROPIC_MODEL": "qwen3-coder-plus"}}\n' % KEY_ENV)
    (root / ".codex").mkdir()
    (root / ".codex" / "config.toml").write_text(
        'model = "qwen3.6-plus"\nmodel_provider = "bailian"\n[model_providers.bailian]\n'
        'base_url = "https://dashscope.aliyuncs.com/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\n')
    (root / ".qwen").mkdir()
    (root / ".qwen" / "settings.json").write_text(
        '{"modelProviders": {"openai": [{"id": "qwen3-coder-plus", "envKey": "DASHSCOPE_API_KEY",\n'
        '  "baseUrl": "https://dashscope.aliyuncs.com/compatible-mode/v1"}]}}\n')
    (root / "litellm_config.yaml").write_text(
        "model_list:\n  - model_name: q\n    litellm_params:\n      model: dashscope/qwen-plus\n"
        "      api_key: os.environ/DASHSCOPE_API_KEY\n")
    (root / "app.py").write_text(
        "import os\nfrom openai import OpenAI\n"
        'client = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"), '
        'base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")\n'
        'client.chat.completions.create(model="qwen-plus", messages=[])\n')
    (root / "web").mkdir()
    (root / "web" / "env.sh").write_text(f"export DASHSCOPE_API_KEY={KEY_SHELL}\n")
    (root / "web" / "client.ts").write_text(
        'import OpenAI from "openai";\n'
        "const c = new OpenAI({ apiKey: process.env.DASHSCOPE_API_KEY, "
        'baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1" });\n')
    return collect([str(root)], Options(include_ignored=True), load())


def target(collected, client: str, path_part: str):
    found = [t for t in collected.targets if t.client == client and path_part in t.origin.path]
    assert len(found) == 1, [(t.client, t.origin.path) for t in collected.targets]
    return found[0]


def test_no_problems_for_valid_files(collected) -> None:
    assert [p for p in collected.problems if p.rule == "parse-error"] == []


@pytest.mark.parametrize("client, path_part", [
    ("litellm", "litellm_config.yaml"), ("qwen-code", "settings.json"), ("openai-sdk", "app.py"),
])
def test_references_are_linked_to_the_dotenv_definition(collected, client: str, path_part: str) -> None:
    t = target(collected, client, path_part)
    assert isinstance(t.key.value, Secret) and t.key.value.reveal() == KEY_ENV
    assert t.key.loc.path.endswith(".env") and t.key.loc.line == 1
    assert t.key.variable == "DASHSCOPE_API_KEY"


def test_codex_env_key_is_linked_but_codex_does_not_load_dotenv(collected) -> None:
    t = target(collected, "codex", "config.toml")
    assert t.key.variable == "DASHSCOPE_API_KEY" and t.key.loc.path.endswith("config.toml")
    assert t.key.value is None                     # Codex reads only the process environment
    assert ".env" in (t.key.via or "")             # …and the linker says where the variable *is* defined


def test_shell_export_beside_the_code_wins_over_dotenv_and_both_are_kept(collected) -> None:
    t = target(collected, "openai-sdk", "client.ts")
    assert t.key.value.reveal() == KEY_SHELL and t.key.loc.path.endswith("env.sh")
    assert [v.value.reveal() for v in t.key.overridden] == [KEY_ENV]


def test_claude_code_settings_values_stay_literal(collected) -> None:
    t = target(collected, "claude-code", "settings.json")
    assert t.key.origin is Origin.LITERAL and t.key.loc.path.endswith("settings.json")
    assert t.base_url.value == "https://dashscope.aliyuncs.com/apps/anthropic"


def test_litellm_without_api_base_gets_the_intl_default(collected) -> None:
    t = target(collected, "litellm", "litellm_config.yaml")
    assert t.base_url.origin is Origin.DEFAULT
    assert "dashscope-intl" in t.base_url.value
