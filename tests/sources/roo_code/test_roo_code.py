"""Roo Code: a JSON-settings client that is only a record (clients.yaml) and these fixtures.

An exported settings file (``roo-code-settings.json``) lists provider profiles under
``providerProfiles.apiConfigs``; each ``openai`` (OpenAI Compatible) profile is one target.
The broken copy mistypes the international host.
"""

from __future__ import annotations

from pathlib import Path

from readerkit import position

from validator.engine import Options, check
from validator.model import Origin

FIXTURES = Path(__file__).parent / "fixtures"
FILE = "roo-code-settings.json"


def test_each_profile_is_a_target_of_its_provider_record() -> None:
    report = check([str(FIXTURES / "clean")], Options())
    openai, anthropic = report.targets
    assert openai.client == "roo-code" and openai.protocol == "openai"
    assert "profile bailian" in openai.name
    assert openai.key.origin is Origin.VARIABLE and openai.key_variable == "DASHSCOPE_API_KEY"
    assert [m.value for m in openai.models] == ["qwen3-coder-plus"]
    assert anthropic.client == "roo-code-anthropic" and anthropic.protocol == "anthropic"
    assert [m.value for m in anthropic.models] == ["claude-sonnet-4-5"] and anthropic.base_url is None
    assert [f.rule for f in report.findings if f.severity.name in ("ERROR", "WARNING")] == []


def test_an_anthropic_profile_with_v1_is_reported(tmp_path: Path) -> None:
    text = ('{"providerProfiles": {"apiConfigs": {"qwen": {"apiProvider": "anthropic",\n'
            '  "anthropicBaseUrl": "https://dashscope.aliyuncs.com/apps/anthropic/v1",\n'
            '  "apiModelId": "qwen3-coder-plus"}}}}\n')
    (tmp_path / FILE).write_text(text)
    report = check([str(tmp_path)], Options())
    (target,) = report.targets
    assert target.client == "roo-code-anthropic"
    bad = [f for f in report.findings if f.severity.name == "ERROR"]
    assert bad and all(f.loc.line == 2 for f in bad)
    assert any("/v1/v1/messages" in f.message for f in bad)


def test_a_mistyped_host_is_reported_with_the_host_meant() -> None:
    report = check([str(FIXTURES / "broken")], Options())
    text = (FIXTURES / "broken" / FILE).read_text(encoding="utf-8")
    (bad,) = [f for f in report.findings if f.rule == "unknown-host"]
    assert (bad.loc.line, bad.loc.column) == position(text, '"https://dashscope-intl')
    assert "dashscope-intl.aliyuncs.com" in bad.message


def test_a_half_written_profile_still_gives_what_it_has(tmp_path: Path) -> None:
    (tmp_path / FILE).write_text('{"providerProfiles": {"apiConfigs": {"p": {"apiProvider": "openai",\n'
                                 '  "openAiApiKey": "sk-' + "a1b2c3d4" * 4 + '"}}}}\n')
    report = check([str(tmp_path)], Options())
    (target,) = report.targets
    assert target.client == "roo-code" and target.base_url is None and target.key is not None
    assert target.models == []
