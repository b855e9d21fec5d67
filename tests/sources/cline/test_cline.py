"""Cline: a JSON-settings client that is only a record (clients.yaml) and these fixtures.

``~/.cline/data/globalState.json`` holds the OpenAI Compatible provider's base URL and the act
and plan models (the key sits in ``secrets.json``). The clean fixture is the shape Cline writes;
the broken one pastes the full ``/chat/completions`` URL as the base.
"""

from __future__ import annotations

from pathlib import Path

from readerkit import position

from validator.engine import Options, check

FIXTURES = Path(__file__).parent / "fixtures"
STATE = ".cline/data/globalState.json"


def run(folder: str):
    return check([str(FIXTURES / folder)], Options())


def test_clean_state_is_one_cline_target_without_problems() -> None:
    report = run("clean")
    (target,) = report.targets
    assert target.client == "cline" and target.protocol == "openai"
    assert target.usage is not None and target.usage.value == "interactive"
    assert target.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert [m.value for m in target.models] == ["qwen3-coder-plus", "qwen-plus"]
    text = (FIXTURES / "clean" / STATE).read_text(encoding="utf-8")
    assert (target.base_url.loc.line, target.base_url.loc.column) == position(text, '"https://dashscope')
    assert [f.rule for f in report.findings if f.severity.name in ("ERROR", "WARNING")] == []


def test_a_full_request_url_as_the_base_is_reported_where_it_is_written() -> None:
    report = run("broken")
    text = (FIXTURES / "broken" / STATE).read_text(encoding="utf-8")
    (bad,) = [f for f in report.findings if f.rule == "malformed-base-url"]
    assert (bad.loc.line, bad.loc.column) == position(text, '"https://dashscope')
    assert "Cline" in bad.message and "/chat/completions/chat/completions" in bad.message


def test_another_provider_is_not_read_as_cline(tmp_path: Path) -> None:
    state = tmp_path / ".cline" / "data" / "globalState.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"actModeApiProvider": "openrouter", "openAiBaseUrl": "https://dashscope.aliyun.com/v1"}\n')
    report = check([str(tmp_path)], Options())
    assert [t for t in report.targets if t.client == "cline"] == []


def test_not_an_object_is_a_parse_error(tmp_path: Path) -> None:
    state = tmp_path / ".cline" / "data" / "globalState.json"
    state.parent.mkdir(parents=True)
    state.write_text('["openAiBaseUrl"]\n')
    report = check([str(tmp_path)], Options())
    (f,) = [f for f in report.findings if f.rule == "parse-error"]
    assert "expected an object" in f.message and f.loc.path.endswith("globalState.json")
