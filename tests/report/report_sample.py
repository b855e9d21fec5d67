"""A hand-built report exercising every shape a reporter must handle.

Built from :class:`Finding` records directly (not from the readers or the rules), so the
reporters' tests pin the output formats independently of what the rules say today.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from validator.engine import Report
from validator.model import Finding, Fix, Location, Origin, Secret, Severity, Target, Value
from validator.rules.registry import Rule

GOLDEN = Path(__file__).parent / "golden"

# Clearly fake, but key-shaped: redact_text must catch it in every format.
FAKE_KEY = "sk-" + "0123456789abcdef" * 2
# A secret of no known shape: only the report's own targets tell the redactor about it.
ODD_SECRET = "Zq9-odd-shaped-secret-77"

FILES = {
    ".env": (
        "# Model Studio settings\n"
        "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
        f"OPENAI_API_KEY={FAKE_KEY}\n"
        "MODEL=qwen-plus-lastest\n"
    ),
    ".claude/settings.json": (
        "{\n"
        '  "env": {\n'
        '    "ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",\n'
        '    "ANTHROPIC_MODEL": "qwen3-max"\n'
        "  }\n"
        "}\n"
    ),
    "app.py": (
        "import os\n"
        'cfg = {"名称": "演示", "base_url": "http://dashscope.aliyuncs.com/compatible-mode/v1"}\n'
        "def make():\n"
        '\treturn OpenAI(base_url="https://dashscope.aliyun.com/compatible-mode/v1")\n'
    ),
}


def _rule(code: str, name: str, severity: Severity, family: str, summary: str) -> Rule:
    doc = (f"## What it checks\n{summary}\n\n## Why\nRequests fail.\n\n"
           f"## Example\n```dotenv\nX=1\n```\n\n## Fix\nCorrect it.")
    return Rule(code, name, severity, summary, family, doc)


RULES = {r.name: r for r in [
    _rule("MS101", "unknown-host", Severity.ERROR, "endpoint", "The host is not a Model Studio host."),
    _rule("MS102", "malformed-base-url", Severity.ERROR, "endpoint", "The base URL is malformed for its client."),
    _rule("MS103", "protocol-mismatch", Severity.ERROR, "endpoint", "The path serves another protocol."),
    _rule("MS207", "missing-key", Severity.ERROR, "credentials", "The variable the client reads is unset."),
    _rule("MS209", "hardcoded-secret", Severity.ERROR, "credentials", "A key literal in a committed file."),
    _rule("MS301", "unknown-model", Severity.WARNING, "models", "The model is not in the catalogue."),
    _rule("MS401", "probe-key-valid-elsewhere", Severity.ERROR, "probe", "The key works on another host."),
    _rule("MS902", "unreadable-file", Severity.WARNING, "input", "The file could not be read."),
]}


@dataclass
class Sample:
    report: Report
    rules: dict[str, Rule]
    root: Path


def sample_findings() -> list[Finding]:
    L = Location
    return [
        Finding("malformed-base-url", "MS102", Severity.ERROR,
                "OPENAI_BASE_URL is a request path (…/chat/completions), not a base URL",
                L(".env", 2, 17, 2, 83),
                Fix("Use the base URL without the request path",
                    "https://dashscope.aliyuncs.com/compatible-mode/v1"),
                target=".env", key="env.OPENAI_BASE_URL", fingerprint="a1b2c3d4e5f6"),
        Finding("hardcoded-secret", "MS209", Severity.ERROR,
                f"A Model Studio key ({Secret(FAKE_KEY)}) is written in a file meant to be committed",
                L(".env", 3, 16, 3, 51),
                Fix("Move the key to your secret store and read it from DASHSCOPE_API_KEY"),
                target=".env", key="env.OPENAI_API_KEY", fingerprint="0f0e0d0c0b0a"),
        Finding("probe-key-valid-elsewhere", "MS401", Severity.ERROR,
                "The key is rejected here but accepted by https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
                L(".env", 3, 16, 3, 51), observed=True, target=".env", key="env.OPENAI_API_KEY",
                fingerprint="99aa88bb77cc"),
        Finding("unknown-model", "MS301", Severity.WARNING,
                "Model 'qwen-plus-lastest' is not in the catalogue (as of 2026-11-22); did you mean 'qwen-plus-latest'?",
                L(".env", 4, 7, 4, 24), Fix("Use qwen-plus-latest", "qwen-plus-latest", safe=False),
                target=".env", key="env.MODEL", fingerprint="1234abcd5678"),
        Finding("protocol-mismatch", "MS103", Severity.ERROR,
                "Claude Code speaks the Anthropic protocol but /compatible-mode/v1 serves OpenAI's",
                L(".claude/settings.json", 3, 28, 3, 82),
                Fix("Use https://dashscope-intl.aliyuncs.com/apps/anthropic",
                    "https://dashscope-intl.aliyuncs.com/apps/anthropic"),
                target="claude-code", key="env.ANTHROPIC_BASE_URL", fingerprint="feedfacecafe"),
        Finding("malformed-base-url", "MS102", Severity.ERROR,
                "The base URL uses http://; Model Studio requires https://",
                L("app.py", 2, 33, 2, 81),
                Fix("Use https://", "https://dashscope.aliyuncs.com/compatible-mode/v1"),
                target="app.py:cfg", key="base_url", fingerprint="abcabcabcabc"),
        Finding("unknown-host", "MS101", Severity.ERROR,
                "dashscope.aliyun.com is not a Model Studio host; did you mean dashscope.aliyuncs.com?",
                L("app.py", 4, 26, 4, 73),
                Fix("Use dashscope.aliyuncs.com", "https://dashscope.aliyuncs.com/compatible-mode/v1"),
                target="app.py:make", key="base_url", fingerprint="defdefdefdef"),
        Finding("missing-key", "MS207", Severity.ERROR,
                "DASHSCOPE_API_KEY is not set in the environment", L("<environment>"),
                Fix("export DASHSCOPE_API_KEY=…"), target="dashscope-sdk", key="DASHSCOPE_API_KEY",
                fingerprint="e0e1e2e3e4e5"),
        Finding("unreadable-file", "MS902", Severity.WARNING,
                "The file is not UTF-8 text", L("data/blob.env"), fingerprint="5555aaaa5555"),
        Finding("unknown-model", "MS301", Severity.WARNING,
                "Model 'qwen-turbo-x' is not in the catalogue (as of 2026-11-22)",
                L("gone/config.toml", 5, 9, 5, 23), target="codex", key="model", fingerprint="77778888aaaa"),
    ]


def sample_targets() -> list[Target]:
    t1 = Target(".env", "openai-sdk", Location(".env", 2), protocol="openai",
                base_url=Value("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions",
                               Location(".env", 2, 17, 2, 83)),
                key=Value(Secret(FAKE_KEY), Location(".env", 3, 16, 3, 51), Origin.VARIABLE,
                          variable="OPENAI_API_KEY",
                          overridden=(Value(Secret(ODD_SECRET), Location(".env.local", 1, 16)),)),
                key_variable="OPENAI_API_KEY")
    t2 = Target("claude-code", "claude-code", Location(".claude/settings.json", 2), protocol="anthropic")
    t3 = Target("app.py:cfg", "openai-sdk", Location("app.py", 2), protocol="openai")
    return [t1, t2, t3]


def check_golden(name: str, text: str) -> None:
    """Compare with tests/report/golden/NAME; MSV_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("MSV_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path} (run with MSV_UPDATE_GOLDEN=1 once, then review it)"
    assert text == path.read_text(encoding="utf-8")
