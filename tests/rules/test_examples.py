"""The bundled examples: each broken file shows the rules examples/README.md promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.api import run_check

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "examples" / "broken"

EXPECTED = {
    "claude-code/.claude/settings.json": {"malformed-base-url", "malformed-key", "conflicting-credentials",
                                          "hardcoded-secret", "unknown-model",
                                          # the losing ANTHROPIC_API_KEY is checked where it is written
                                          "unreplaced-placeholder"},
    "opencode/opencode.json": {"malformed-base-url"},
    "ccr/.claude-code-router/config.json": {"malformed-base-url"},
    "codex/.codex/config.toml": {"malformed-base-url", "removed-setting", "model-not-on-protocol"},
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

    assert {r.name for r in all_rules() if r.static and r.default} <= {f.rule for f in report.findings}
    assert all(f.fix is not None for f in report.findings)


def test_opt_in_advice_appears_only_when_selected(report) -> None:
    """shared-endpoint is not in the default selection; --extend-select (new or old name) adds it."""
    assert "shared-endpoint" not in {f.rule for f in report.findings}
    assert not [f for f in report.findings if "shared DashScope domain" in f.message]
    for selector in ("shared-endpoint", "MS108", "deprecated-endpoint", "MS106"):
        opted = run_check([str(BROKEN)], extend_select=[selector])
        shared = [f for f in opted.findings if f.rule == "shared-endpoint"]
        assert shared and all(str(f.severity) == "info" and f.code == "MS108" for f in shared), selector
        # the opt-in advice adds findings and takes none of the defaults away
        assert {(f.rule, f.loc) for f in report.findings} <= {(f.rule, f.loc) for f in opted.findings}
