"""Start-up cost: what each command may import (the figures themselves are in bench/startup.py).

A pre-commit hook pays for every import on every commit, so heavy modules are imported only by
the commands and files that need them: httpx only by the probe (tests/probe covers that),
pydantic only for a modelstudio.yaml that is not plainly valid, a settings file or a catalogue
extension; PyYAML only when a YAML file is read; nothing of the pipeline for ``--version``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLAIN_MODELSTUDIO = ("version: 1\ntargets:\n  - name: api\n    client: openai-compatible\n"
                     "    base_url: https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                     "    api_key_env: DASHSCOPE_API_KEY\n    model: qwen-plus\n")
FILES = {
    ".env": "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nOPENAI_MODEL=qwen-plus\n",
    ".claude/settings.json": '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic"}}\n',
    "client.py": 'from openai import OpenAI\nc = OpenAI(base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")\n',
    "litellm_config.yaml": "model_list:\n  - model_name: q\n    litellm_params:\n      model: dashscope/qwen-plus\n",
    "modelstudio.yaml": PLAIN_MODELSTUDIO,
    "bad/modelstudio.yaml": PLAIN_MODELSTUDIO.replace("base_url", "base_ulr"),
}
HEAVY = ("pydantic", "yaml", "httpx", "tomllib", "validator.schemas")


def imported(tmp_path: Path, argv: list[str]) -> set[str]:
    """The top-level packages (and validator subpackages) a fresh ``msv ARGV`` process imported."""
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    code = ("import io, contextlib, json, sys\nfrom validator.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try:\n        main({argv!r})\n    except SystemExit:\n        pass\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "HOME": str(tmp_path), "MSV_CACHE_DIR": str(tmp_path / "cache")})
    assert out.returncode == 0, out.stderr[-500:]
    modules = json.loads(out.stdout.strip().splitlines()[-1])
    return {m if m.startswith("validator.") else m.split(".")[0] for m in modules} | {
        ".".join(m.split(".")[:2]) for m in modules if m.startswith("validator.")}


@pytest.mark.parametrize(("argv", "allowed"), [
    (["check", ".env"], ()),
    (["check", ".claude/settings.json"], ()),
    (["check", "client.py"], ()),
    (["check", "litellm_config.yaml"], ("yaml",)),
    (["check", "modelstudio.yaml"], ("yaml",)),           # plainly valid: no pydantic
])
def test_check_imports_only_what_the_file_needs(tmp_path: Path, argv: list[str], allowed: tuple[str, ...]) -> None:
    got = imported(tmp_path, argv)
    assert "validator.sources" in got   # the check really ran
    assert {m for m in HEAVY if m in got} == set(allowed)


def test_an_invalid_modelstudio_yaml_is_validated_with_pydantic(tmp_path: Path) -> None:
    got = imported(tmp_path, ["check", "bad/modelstudio.yaml"])
    assert {"pydantic", "yaml", "validator.schemas"} <= got and "httpx" not in got


@pytest.mark.parametrize(("argv", "allowed"), [
    (["--version"], set()),
    (["--help"], {"validator.report"}),   # the command list imports each command module (the format table)
])
def test_the_cli_shell_imports_nothing_of_the_pipeline(tmp_path: Path, argv: list[str], allowed: set[str]) -> None:
    got = imported(tmp_path, argv)
    pipeline = {"validator.catalogue", "validator.sources", "validator.rules", "validator.engine", "validator.model",
                "validator.parsing", "validator.report", "validator.probe"} - allowed
    assert not got & (pipeline | set(HEAVY)), got & (pipeline | set(HEAVY))


@pytest.mark.parametrize("argv", [["explain", "malformed-base-url"], ["rules"]])
def test_rule_documentation_needs_no_catalogue_or_readers(tmp_path: Path, argv: list[str]) -> None:
    got = imported(tmp_path, argv)
    assert "validator.rules" in got
    assert not got & {"validator.catalogue", "validator.sources", "validator.parsing", *HEAVY}


def test_a_plain_settings_file_needs_no_pydantic(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.msv]\nexclude = ["tests/"]\n'
                                             'fail-on = "warning"\n[tool.msv.per-path-ignores]\n"docs/*" = ["MS1"]\n',
                                             encoding="utf-8")
    got = imported(tmp_path, ["check", ".env"])
    assert "tomllib" in got or sys.version_info < (3, 11)
    assert not got & {"pydantic", "validator.schemas", "yaml", "httpx"}
    (tmp_path / "pyproject.toml").write_text("[tool.msv]\nexclud = []\n", encoding="utf-8")   # a typo: pydantic says so
    assert {"pydantic", "validator.schemas"} <= imported(tmp_path, ["check", ".env"])

