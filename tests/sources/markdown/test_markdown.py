"""Configuration examples in Markdown code fences: read with the fence's format, positions in the
Markdown file, severity capped at warning, snippet variables never competing with real files."""

from __future__ import annotations

from pathlib import Path

from readerkit import position

from validator.engine import Options, check
from validator.model import Severity
from validator.sources.markdown import fences

FIXTURES = Path(__file__).parent / "fixtures"
README = FIXTURES / "README.md"


def findings():
    return check([str(README)], Options()).findings


def at(needle: str) -> tuple[int, int]:
    return position(README.read_text(encoding="utf-8"), needle)


def test_each_fence_is_read_as_the_file_it_shows() -> None:
    report = check([str(README)], Options())
    kinds = {(t.client, t.settings["embedded"].value) for t in report.targets if "embedded" in t.settings}
    assert ("claude-code", "markdown json") in kinds          # named by the prose above the fence
    assert ("codex", "markdown toml") in kinds
    assert ("openai-sdk", "markdown python") in kinds
    assert any(t.client == "openai-sdk" and t.kind.value == "config" for t in report.targets)   # the bash exports


def test_positions_are_the_markdown_files_own() -> None:
    got = {(f.rule, f.loc.line, f.loc.column) for f in findings()}
    assert ("malformed-base-url", *at('"https://dashscope.aliyuncs.com/apps/anthropic/v1"')) in got
    assert ("unknown-host", *at("https://dashscope-intl.aliyun.com")) in got
    assert ("malformed-base-url", *at('"https://dashscope.aliyuncs.com/compatible-mode/v1/chat')) in got


def test_documentation_findings_are_at_most_warnings() -> None:
    found = findings()
    assert found and max(f.severity for f in found) == Severity.WARNING
    plain = check([str(README)], Options(select=("unknown-host",))).findings
    assert [f.severity for f in plain] == [Severity.WARNING]


def test_snippet_variables_do_not_reach_real_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("```bash\nexport DASHSCOPE_API_KEY=sk-" + "ab12" * 8 + "\n```\n")
    (tmp_path / "app.py").write_text('import os\nfrom openai import OpenAI\n'
                                     'c = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"), '
                                     'base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")\n')
    report = check([str(tmp_path)], Options())
    (code,) = [t for t in report.targets if t.kind.value == "code"]
    assert code.key.value is None      # not the README's key: no client loads a README


def test_fragments_that_do_not_parse_are_not_errors(tmp_path: Path) -> None:
    (tmp_path / "DOC.md").write_text('```json\n{"env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/'
                                     'anthropic", ...}}\n```\n```python\nclient = OpenAI(base_url=..., \n```\n')
    assert [f.rule for f in check([str(tmp_path)], Options()).findings if f.rule == "parse-error"] == []


def test_fences_are_found_with_their_language_and_span() -> None:
    text = "a\n```json title=\"x.json\"\n{}\n```\n~~~toml\nk = 1\n~~~\n````md\n```\ninner\n```\n````\n"
    got = [(lang, text[s:e]) for lang, _info, s, e in fences(text)]
    assert got == [("json", "{}\n"), ("toml", "k = 1\n"), ("md", "```\ninner\n```\n")]


def test_a_placeholder_base_in_a_readme_is_not_a_missing_scheme(tmp_path: Path) -> None:
    """AgentScope's mem0 example README: `export DASHSCOPE_API_BASE_URL='YOUR_API_BASE_URL'`."""
    (tmp_path / "README.md").write_text("```bash\nexport DASHSCOPE_API_KEY='YOUR_API_KEY'\n"
                                        "export DASHSCOPE_API_BASE_URL='YOUR_API_BASE_URL'\n```\n"
                                        "```bash\nexport DASHSCOPE_API_BASE_URL=dashscope.aliyuncs.com/compatible-mode/v1\n```\n")
    found = [(f.rule, f.loc.line) for f in check([str(tmp_path)], Options()).findings if f.rule == "malformed-base-url"]
    assert found == [("malformed-base-url", 6)]    # the real host without https:// still is
