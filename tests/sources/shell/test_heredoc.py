"""A setup script that writes a tool's config with a heredoc: the body is read as that file."""

from __future__ import annotations

from pathlib import Path

from readerkit import position

from validator.engine import Options, check

SCRIPT = """#!/usr/bin/env bash
mkdir -p ~/.claude
cat > ~/.claude/settings.json <<{q}EOF{q}
{{
  "env": {{
    "ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic/v1",
    "ANTHROPIC_AUTH_TOKEN": "${{DASHSCOPE_API_KEY}}",
    "ANTHROPIC_MODEL": "qwen3-coder-plus"
  }}
}}
EOF
cat <<EOF > .env
OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions
EOF
"""


def run(tmp_path: Path, quote: str):
    script = tmp_path / "setup.sh"
    script.write_text(SCRIPT.format(q=quote))
    return check([str(script)], Options()), script.read_text()


def test_the_heredoc_is_claude_code_settings_with_positions_in_the_script(tmp_path: Path) -> None:
    report, text = run(tmp_path, "")
    claude = [t for t in report.targets if t.client == "claude-code"]
    assert claude and claude[0].settings["embedded"].value == "heredoc"
    got = {(f.rule, f.loc.line, f.loc.column) for f in report.findings}
    assert ("malformed-base-url", *position(text, '"https://dashscope.aliyuncs.com/apps/anthropic/v1"')) in got
    assert ("malformed-base-url", *position(text, "https://dashscope.aliyuncs.com/compatible-mode/v1/chat")) in got


def test_an_unquoted_heredoc_expands_the_reference_a_quoted_one_does_not(tmp_path: Path) -> None:
    expanded, _ = run(tmp_path, "")
    (claude,) = [t for t in expanded.targets if t.client == "claude-code"]
    assert claude.key.variable == "DASHSCOPE_API_KEY"
    assert "unreplaced-placeholder" not in {f.rule for f in expanded.findings}
    literal, _ = run(tmp_path, "'")
    assert "unreplaced-placeholder" in {f.rule for f in literal.findings}   # Claude Code sends ${...} as written
