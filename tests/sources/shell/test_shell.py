"""The shell reader: POSIX, fish, cmd and PowerShell assignments with exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.model import Secret
from validator.sources.base import Document
from validator.sources.envgroup import targets_from_block
from validator.sources.shell import READER, dialect

FIXTURES = Path(__file__).parent / "fixtures"
KEY = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def read(name: str):
    path = FIXTURES / name
    text = path.read_bytes().decode("utf-8")
    return READER.read(Document(path, name, text)), text


def last(result, name: str):
    return [b for b in result.bindings if b.name == name][-1]


def test_dialects_by_file_name() -> None:
    assert dialect(Path("/h/.bashrc")) == "posix"
    assert dialect(Path("/h/env.sh")) == "posix"
    assert dialect(Path("/h/.config/fish/config.fish")) == "fish"
    assert dialect(Path("/h/env.BAT")) == "cmd"
    assert dialect(Path("/h/profile.ps1")) == "powershell"
    assert dialect(Path("/h/main.py")) is None
    assert READER.matches(Path("/h/.zshrc")) and not READER.matches(Path("/h/.env"))


def test_launcher_script_becomes_a_claude_code_target(catalogue, locate) -> None:
    result, text = read("claude-qwen.sh")
    names = [b.name for b in result.bindings]
    assert names == ["ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_MODEL", "ANTHROPIC_SMALL_FAST_MODEL",
                     "API_TIMEOUT_MS"]
    base = last(result, "ANTHROPIC_BASE_URL")
    assert base.value == "https://dashscope.aliyuncs.com/apps/anthropic"
    assert base.raw == '"https://dashscope.aliyuncs.com/apps/anthropic"'
    assert (base.loc.line, base.loc.column) == locate(text, '"https://dashscope.aliyuncs.com/apps')
    token = last(result, "ANTHROPIC_AUTH_TOKEN")
    assert token.reference == "DASHSCOPE_API_KEY" and token.value is None
    small = last(result, "ANTHROPIC_SMALL_FAST_MODEL")            # second assignment on the same export line
    assert small.value == "qwen3-coder-flash" and small.raw == "'qwen3-coder-flash'"
    (block,) = result.blocks
    assert "claude" in block.hints                   # `exec claude` at the end: the record's launcher word
    (target,) = targets_from_block(block, catalogue, "claude-qwen.sh")
    assert target.client == "claude-code"
    assert target.key_variable == "ANTHROPIC_AUTH_TOKEN"
    assert [m.value for m in target.models] == ["qwen3-coder-plus", "qwen3-coder-flash"]


def test_profile_exports(locate) -> None:
    result, text = read(".zshrc")
    key = last(result, "DASHSCOPE_API_KEY")
    assert key.value == Secret(KEY) and key.raw == f"'{KEY}'"
    assert (key.loc.line, key.loc.column) == locate(text, f"'{KEY}'")
    openai_key = [b for b in result.bindings if b.name == "OPENAI_API_KEY"][0]
    assert openai_key.reference == "DASHSCOPE_API_KEY"
    assert openai_key.value == Secret(KEY)                         # expanded from the earlier export
    assert last(result, "QWEN_MODEL").value == "qwen-plus"         # typeset -x
    assert last(result, "KEY_FROM_FILE").value is None             # $(…) cannot be known statically
    cont = last(result, "DASHSCOPE_HTTP_BASE_URL")                 # after a backslash-newline
    assert cont.value == "https://dashscope-intl.aliyuncs.com/api/v1"
    assert cont.loc.line == locate(text, "DASHSCOPE_HTTP_BASE_URL=")[0]
    echoed = last(result, "BAILIAN_API_KEY")                       # echo 'export …' >> ~/.zshrc
    assert echoed.value == Secret("sk-a1b2c3d4e5f60718293a4b5c6d7e8f90")
    assert (echoed.loc.line, echoed.loc.column) == locate(text, '"sk-a1b2')
    prefix = last(result, "OPENAI_BASE_URL")                       # K=V cmd
    assert prefix.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert "PATH" in [b.name for b in result.bindings]


def test_fish_set_x(locate) -> None:
    result, text = read("config.fish")
    assert [b.name for b in result.bindings] == ["DASHSCOPE_API_KEY", "OPENAI_BASE_URL"]   # not -U/-l without -x
    assert last(result, "DASHSCOPE_API_KEY").value == Secret(KEY)
    url = last(result, "OPENAI_BASE_URL")
    assert url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert (url.loc.line, url.loc.column) == locate(text, "'https://dashscope.aliyuncs.com/compatible-mode")


def test_cmd_set_keeps_trailing_blanks_and_quoted_form(locate) -> None:
    result, text = read("env.bat")
    names = [b.name for b in result.bindings]
    assert names == ["DASHSCOPE_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_KEY", "QWEN_MODEL"]   # REM, set /p skipped
    key = last(result, "DASHSCOPE_API_KEY")
    assert key.value == Secret(KEY + "  ")          # cmd.exe stores the trailing blanks: a classic broken key
    assert (key.loc.line, key.loc.column) == locate(text, KEY)
    assert last(result, "OPENAI_BASE_URL").value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    ref = last(result, "OPENAI_API_KEY")
    assert ref.reference == "DASHSCOPE_API_KEY"
    assert last(result, "QWEN_MODEL").value == "qwen-plus" and last(result, "QWEN_MODEL").raw == '"qwen-plus"'


def test_powershell_forms(locate) -> None:
    result, text = read("profile.ps1")
    names = [b.name for b in result.bindings]
    assert names == ["DASHSCOPE_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL",
                     "DASHSCOPE_HTTP_BASE_URL"]
    assert last(result, "DASHSCOPE_API_KEY").value == Secret(KEY)
    assert last(result, "OPENAI_API_KEY").reference == "DASHSCOPE_API_KEY"
    url = last(result, "OPENAI_BASE_URL")
    assert url.value == "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    assert (url.loc.line, url.loc.column) == locate(text, "'https://dashscope-intl.aliyuncs.com/compatible-mode")
    assert last(result, "DASHSCOPE_HTTP_BASE_URL").value == "https://dashscope-intl.aliyuncs.com/api/v1"


@pytest.mark.parametrize("text", ["", "export", "export =", "'unclosed", '"unclosed', "$(", "`", "\\", "a=b=c",
                                  "export A=$(echo $(echo hi", "cat <<EOF\nK=V\nEOF\n", "((", "x=1 &&& y=2"])
@pytest.mark.parametrize("name", ["s.sh", "s.fish", "s.bat", "s.ps1"])
def test_garbage_never_raises(text: str, name: str) -> None:
    result = READER.read(Document(Path("/x") / name, name, text))
    for b in result.bindings:
        assert b.loc.line >= 1


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["export ", "set ", "setx ", "$env:", "K", "=", '"', "'", "`", "$(", ")", "${", "}", "$",
                           "%K%", "\\", "\\\n", "\n", ";", "&&", "|", "#", " ", "-gx ", "echo ", ">>", "claude",
                           "[Environment]::SetEnvironmentVariable(", ",", "<#", "#>", "REM ", "@"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from(["a.sh", "a.fish", "a.bat", "a.ps1"]))
def test_fuzz_never_raises(text: str, name: str) -> None:
    result = READER.read(Document(Path("/x") / name, name, text))
    lines = text.count("\n") + 1
    for b in result.bindings:
        assert 1 <= b.loc.line <= lines
