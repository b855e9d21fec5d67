"""``msv diagnose``: effective configuration with provenance, user-level configs, prompting rules, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

KEY_FILE = "sk-" + "a1b2c3d4" * 4
KEY_ENV = "sk-" + "0f1e2d3c" * 4


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.split("_")[0] in ("OPENAI", "ANTHROPIC", "DASHSCOPE", "QWEN", "BAILIAN", "ALIBABA", "CODEX",
                                  "LITELLM", "MODELSTUDIO", "ALIYUN"):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("MSV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return home


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):  # type: ignore[no-untyped-def]
    from validator.cli import cli

    return CliRunner().invoke(cli, ["diagnose", *args], env=env, input=input, catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_effective_configuration_names_the_winner_and_what_it_overrode(clean_env: Path, tmp_path: Path) -> None:
    write(tmp_path / "proj" / ".env", "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
                                      f"OPENAI_API_KEY={KEY_FILE}\n")
    r = run("proj", "--no-probe", "--format", "json", env={"OPENAI_API_KEY": KEY_ENV})
    doc = json.loads(r.stdout)
    client = next(c for c in doc["clients"] if c["fields"].get("base_url", {}).get("from", "") and
                  "proj/.env" in c["fields"]["base_url"]["from"])
    key = client["fields"]["key"]
    assert key["variable"] == "OPENAI_API_KEY"
    assert key["from"] == "<environment>"                    # the environment won…
    assert [o["from"].split(":")[0] for o in key["overridden"]] == ["proj/.env"]   # …over the .env line
    assert key["value"].startswith("sk-…") and KEY_ENV not in r.stdout and KEY_FILE not in r.stdout
    text = run("proj", "--no-probe", env={"OPENAI_API_KEY": KEY_ENV}).stdout
    assert "overrides sk-…" in text and "proj/.env:2" in text


def test_user_level_configs_are_read_from_home(clean_env: Path, tmp_path: Path) -> None:
    write(clean_env / ".claude" / "settings.json", json.dumps({"env": {
        "ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic",
        "ANTHROPIC_AUTH_TOKEN": KEY_FILE, "ANTHROPIC_MODEL": "qwen3-max"}}))
    (tmp_path / "proj").mkdir()
    doc = json.loads(run("proj", "--no-probe", "--format", "json").stdout)
    claude = [c for c in doc["clients"] if c["client"] == "claude-code"]
    assert claude and ".claude/settings.json" in claude[0]["fields"]["base_url"]["from"]
    doc = json.loads(run("proj", "--no-probe", "--no-user-configs", "--format", "json").stdout)
    assert not [c for c in doc["clients"] if c["client"] == "claude-code"]


def test_user_config_paths(tmp_path: Path) -> None:
    from validator.diagnose import user_config_paths

    home = tmp_path / "h"
    write(home / ".claude" / "settings.json", "{}")
    write(home / ".qwen" / "settings.json", "{}")
    write(tmp_path / "codex-home" / "config.toml", "")
    write(home / ".codex" / "config.toml", "")                       # shadowed by CODEX_HOME
    found = user_config_paths(home, {"HOME": str(home), "CODEX_HOME": str(tmp_path / "codex-home")})
    assert found == [home / ".claude" / "settings.json", home / ".qwen" / "settings.json",   # the records' order
                     tmp_path / "codex-home" / "config.toml"]


def test_never_asks_when_stdin_is_not_a_terminal(clean_env: Path, tmp_path: Path) -> None:
    write(tmp_path / "proj" / ".env", "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
                                      f"OPENAI_API_KEY={KEY_FILE}\n")
    r = run("proj", input="y\n")                      # CliRunner's stdin is not a TTY
    assert "Probe live?" not in r.output
    assert "Probe: not run" in r.stdout


def test_asks_on_a_terminal_and_respects_no(clean_env: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import validator.cli.diagnose as cli_diagnose

    write(tmp_path / "proj" / ".env", "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
                                      f"OPENAI_API_KEY={KEY_FILE}\n")
    asked: list[str] = []

    def confirm(text: str, **kw: object) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(cli_diagnose.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli_diagnose.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli_diagnose.click, "confirm", confirm)
    targets = [type("T", (), {"key": type("V", (), {"value": "x"})()})()]
    assert cli_diagnose._should_probe(None, targets, stdin_used=False) is False
    assert asked and "Probe live?" in asked[0]
    assert cli_diagnose._should_probe(None, targets, stdin_used=True) is False      # --error - : never ask
    assert cli_diagnose._should_probe(True, [], stdin_used=True) is True            # --probe always wins
    assert len(asked) == 1


def test_exit_codes(clean_env: Path, tmp_path: Path) -> None:
    write(tmp_path / "ok" / ".env", "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n")
    assert run("ok", "--no-probe").exit_code == 0
    write(tmp_path / "bad" / ".env", "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1/"
                                     "chat/completions\nOPENAI_API_KEY=sk-ant-api03-" + "x" * 40 + "\n")
    assert run("bad", "--no-probe").exit_code == 1
    assert run("missing-folder", "--no-probe").exit_code == 2
    broken = write(tmp_path / "broken.yaml", "hosts: [unclosed\n")
    r = run("ok", "--no-probe", "--catalogue", str(broken))
    assert r.exit_code == 2 and "broken.yaml" in r.output
