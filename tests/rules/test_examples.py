"""The bundled examples: each broken file shows the rules examples/README.md promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.api import run_check

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "examples" / "broken"

EXPECTED = {
    "claude-code/.claude/settings.json": {"malformed-base-url", "malformed-key", "conflicting-credentials",
                                          "hardcoded-secret", "unknown-model"},
    "opencode/opencode.json": {"malformed-base-url"},
    "ccr/.claude-code-router/config.json": {"malformed-base-url"},
    "codex/.codex/config.toml": {"malformed-base-url", "deprecated-endpoint", "model-not-on-protocol"},
    "qwen-code/.qwen/settings.json": {"protocol-mismatch", "unknown-model"},
    "python-app/nightly_summary.py": {"hardcoded-secret", "plan-usage-restricted", "model-not-on-protocol",
                                      "unsupported-parameter"},
    "dotenv/.env": {"unknown-host", "unknown-model", "missing-key"},
    "dotenv-intl/.env": {"plan-endpoint-mismatch", "model-not-in-region", "hardcoded-secret"},
    "compose/docker-compose.yml": {"invalid-workspace-domain", "unreplaced-placeholder"},
    "ci/.github/workflows/review.yml": {"plan-usage-restricted"},
    "scripts/claude-qwen.sh": {"deprecated-endpoint", "unreplaced-placeholder"},
    "project/modelstudio.yaml": {"key-region-mismatch", "feature-not-in-region", "residency-violation",
                                 "trial-endpoint", "key-workspace-mismatch"},
}


@pytest.fixture(scope="module")
def report():
    return run_check([str(BROKEN)])


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_broken_example_shows_its_rules(report, path: str) -> None:
    full = (BROKEN / path).resolve()
    got = {f.rule for f in report.findings if Path(f.loc.path).resolve() == full and str(f.severity) != "info"}
    assert got == EXPECTED[path]


def test_together_they_show_every_static_rule(report) -> None:
    from validator.rules import all_rules

    assert {r.name for r in all_rules() if r.static} <= {f.rule for f in report.findings}
    assert all(f.fix is not None for f in report.findings)
