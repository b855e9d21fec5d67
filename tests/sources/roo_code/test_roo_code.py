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


def test_each_openai_profile_is_a_target_and_others_are_not() -> None:
    report = check([str(FIXTURES / "clean")], Options())
    (target,) = report.targets                     # the anthropic profile is not this client's
    assert target.client == "roo-code" and target.protocol == "openai"
    assert "profile bailian" in target.name
    assert target.key.origin is Origin.VARIABLE and target.key_variable == "DASHSCOPE_API_KEY"
    assert [m.value for m in target.models] == ["qwen3-coder-plus"]
    assert [f.rule for f in report.findings if f.severity.value in ("error", "warning")] == []


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
