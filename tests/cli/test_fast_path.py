"""``msv check FILE…`` without click: same output, messages and exit codes as the click command.

A pre-commit hook runs ``msv check`` on every commit, so its usual spellings skip click's import
(:mod:`validator.cli.run`); everything else still goes through click. Both run the same
``run_check``; these tests hold the two paths to the same bytes.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from validator.cli import _click_main
from validator.cli.run import fast_args, run_fast

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "examples" / "broken"


def _both(capsys, argv: list[str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    kw = fast_args(argv)
    assert kw is not None, argv
    results = []
    for run in (lambda: run_fast(kw), lambda: _click_main(list(argv))):
        with pytest.raises(SystemExit) as exit_:
            run()
        out, err = capsys.readouterr()
        results.append((int(exit_.value.code or 0), out, err))
    return results[0], results[1]


@pytest.mark.parametrize("argv", [
    ["check", "dotenv/.env"],
    ["check", "dotenv/.env", "python-app", "claude-code", "--no-color"],
    ["check", "."],
    ["check", ".", "--select", "hardcoded-secret"],
    ["check", "--select=hardcoded-secret,unknown-model", "-q", "scripts"],
    ["check", "dotenv", "--ignore", "MS1", "--exit-zero"],
    ["check", "--quiet", "ci"],
    ["check", "--select", "no-such-rule", "dotenv"],   # a usage error raised by the check itself
])
def test_fast_path_prints_what_the_click_command_prints(capsys, monkeypatch, argv: list[str]) -> None:
    monkeypatch.chdir(BROKEN)
    monkeypatch.setenv("HOME", str(BROKEN))
    fast, slow = _both(capsys, argv)
    assert fast == slow
    assert fast[1] or fast[2] or "-q" in argv or "--quiet" in argv


@pytest.mark.parametrize("argv", [
    ["check", "--format", "json", "x"], ["check", "--help"], ["check", "missing-file"], ["check", "--select"],
    ["check", "--select", "--no-color"], ["check", "--bogus"], ["--version"], ["rules"], [],
])
def test_other_spellings_go_through_click(monkeypatch, tmp_path: Path, argv: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text("", encoding="utf-8")
    assert fast_args(argv) is None


def test_forced_colour_goes_through_click(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FORCE_COLOR", "1")   # click.echo strips ANSI on a pipe: keep its behaviour
    assert fast_args(["check", "."]) is None


def _modules(cwd: Path, argv: list[str]) -> tuple[int, set[str], str]:
    code = ("import sys\nfrom validator.cli import main\n"   # no json here: it is one of the modules asked about
            f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    rc = e.code\n"
            "sys.stderr.write(repr([rc, sorted(sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "HOME": str(cwd), "PYTHONIOENCODING": "utf-8"})
    rc, modules = ast.literal_eval(out.stderr.strip().splitlines()[-1])
    return rc, set(modules), out.stdout


def test_a_hook_run_never_imports_click(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat"
                                   "/completions\n", encoding="utf-8")
    rc, modules, out = _modules(tmp_path, ["check", ".env", "--select", "hardcoded-secret,MS1"])
    assert "validator.sources" in modules and "click" not in modules, sorted(m for m in modules if "click" in m)
    rc_help, modules_help, _ = _modules(tmp_path, ["check", "--format", "json", ".env"])
    assert "click" in modules_help and rc_help == rc


def test_a_missing_path_still_gets_clicks_message(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "validator", "check", "nope"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)})
    assert (out.returncode, out.stdout, out.stderr) == (2, "", "Error: nope: no such file or folder\n")


HEAVY = ("typing", "dataclasses", "inspect", "signal", "threading", "click")   # ~15 ms of imports none of these runs needs


@pytest.mark.parametrize("name, text", [
    (".env", "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nOPENAI_API_KEY=${DASHSCOPE_API_KEY}\n"),
    ("client.py", 'from openai import OpenAI\nc = OpenAI(base_url="https://dashscope-intl.aliyuncs.com/compatible-mode/v1")\n'),
    ("litellm_config.yaml", "model_list:\n  - model_name: q\n    litellm_params:\n      model: dashscope/qwen-plus\n"),
    ("Main.java", 'var c = OpenAIOkHttpClient.builder().baseUrl("https://dashscope-intl.aliyuncs.com/compatible-mode/v1").build();\n'),
    (".claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic"}}\n'),
])
def test_a_hook_run_imports_none_of_the_heavy_modules(tmp_path: Path, name: str, text: str) -> None:
    """Start-up (issue 18): ``typing``, ``dataclasses`` (with ``inspect``), ``signal`` and
    ``threading`` are kept off the ``check FILE`` path; a stray module-level import brings them back."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    rc, modules, _ = _modules(tmp_path, ["check", name])
    assert "validator.sources" in modules and rc in (0, 1)
    assert [m for m in HEAVY if m in modules] == []


def _bare_modules() -> set[str]:
    """What this interpreter has imported before any code runs (an editable install's finder
    brings ``contextlib``, a regular install does not)."""
    out = subprocess.run([sys.executable, "-c", "import sys; print(repr(sorted(sys.modules)))"],
                         capture_output=True, text=True, timeout=60, check=True)
    return set(ast.literal_eval(out.stdout))


@pytest.mark.parametrize("name, text", [
    (".env", "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"),
    ("litellm_config.yaml", "model_list:\n  - model_name: q\n    litellm_params:\n      model: dashscope/qwen-plus\n"),
    (".claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic"}}\n'),
])
def test_config_files_are_read_without_json_or_contextlib(tmp_path: Path, name: str, text: str) -> None:
    """``json`` and its C scanner ``_json`` (a JSONC string without an escape is its own value;
    one with an escape goes through the scanner alone) and ``contextlib`` (the per-file deadline
    is a class) stay off the path of a `.env`, YAML or JSON file."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    rc, modules, _ = _modules(tmp_path, ["check", name])
    assert "validator.sources" in modules and rc in (0, 1)
    assert sorted({"json", "_json", "contextlib"} & (modules - _bare_modules())) == []


def test_python_files_are_read_without_ast_py(tmp_path: Path) -> None:
    """The Python readers use the node classes of ``_ast`` (:mod:`validator.sources.pysyntax`):
    ``ast.py`` and the ``contextlib`` it needs stay off the path of a typical SDK call."""
    (tmp_path / "client.py").write_text(
        'import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"),\n'
        '                base_url="https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions")\n'
        'resp = client.chat.completions.create(model="qwen-plus", messages=[])\n', encoding="utf-8")
    rc, modules, out = _modules(tmp_path, ["check", "client.py"])
    assert rc == 1 and "malformed-base-url" in out   # the file was analysed, not only scanned
    assert sorted({"ast", "contextlib"} & (modules - _bare_modules())) == []


def test_the_fixable_hint_does_not_load_the_fixer(tmp_path: Path) -> None:
    """The text report counts fixable findings (``model.fixable``) without importing
    :mod:`validator.fix`, which only ``--fix`` and ``--diff`` need."""
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat"
                                   "/completions\n", encoding="utf-8")
    rc, modules, out = _modules(tmp_path, ["check", ".env"])
    assert rc == 1 and "fixable with `msv check --fix`" in out
    assert "validator.fix" not in modules
