"""Selection, severity overrides, per-path ignores, ordering and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.api import build_options, run_check
from validator.engine import Options, path_matches, selected_rules, unknown_selectors
from validator.model import Severity

WS = "https://ws-a1b2.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"
ENV = f"OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\nOPENAI_MODEL=Qwen-Plus\n"


def names(options: Options) -> set[str]:
    return {r.name for r in selected_rules(options)}


def test_select_ignore_extend_by_code_name_and_prefix() -> None:
    endpoint_rules = {"unknown-host", "malformed-base-url", "protocol-mismatch", "unreplaced-placeholder",
                      "invalid-workspace-domain", "deprecated-endpoint", "trial-endpoint", "shared-endpoint",
                      "removed-setting"}
    # a prefix names every rule under it, the opt-in ones included (as in ruff)
    assert names(Options(select=("MS1",))) == endpoint_rules
    assert names(Options(select=("unknown-model",), extend_select=("MS101",))) == {"unknown-model", "unknown-host"}
    everything = names(Options())
    assert names(Options(ignore=("MS2", "unknown-model"))) == {
        r for r in everything if not r.startswith(("plan-", "key-", "malformed-key", "missing-key", "conflicting",
                                                   "hardcoded")) and r != "unknown-model"}
    assert unknown_selectors(["MS1", "unknown-host", "ALL", "nope", "MS7"]) == ["nope", "MS7"]


def test_opt_in_rules_and_old_selectors() -> None:
    default = names(Options())
    assert "shared-endpoint" not in default and {"deprecated-endpoint", "removed-setting"} <= default
    assert names(Options(extend_select=("shared-endpoint",))) == default | {"shared-endpoint"}
    assert names(Options(extend_select=("MS108",))) == default | {"shared-endpoint"}
    # the name and code of the rule before the split still cover everything it reported
    for old in ("deprecated-endpoint", "MS106", "ms106"):
        assert names(Options(select=(old,))) == {"deprecated-endpoint", "shared-endpoint", "removed-setting"}
        assert names(Options(extend_select=("shared-endpoint",), ignore=(old,))) == \
            default - {"deprecated-endpoint", "removed-setting"}
    assert unknown_selectors(["deprecated-endpoint", "MS106", "shared-endpoint", "removed-setting"]) == []


@pytest.mark.parametrize("path, pattern, root, hit", [
    ("legacy/.env", "legacy/*", None, True),
    ("a/legacy/x/.env", "legacy/", None, True),
    ("src/app.py", "*.py", None, True),
    ("src/app.py", "tests/", None, False),
    ("/repo/sub/cfg/.env", "cfg/*", "/repo/sub", True),
    ("/elsewhere/cfg/.env", "cfg/*", "/repo/sub", False),
])
def test_path_patterns(path, pattern, root, hit) -> None:
    assert path_matches(path, pattern, root) is hit


def write(tmp_path: Path, name: str, text: str) -> None:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


def test_report_order_severity_override_and_exit_codes(tmp_path: Path) -> None:
    write(tmp_path, ".env", ENV)
    report = run_check([str(tmp_path)], isolated=True)
    assert [(f.rule, f.loc.line) for f in report.findings] == [("unknown-host", 1), ("unknown-model", 2)]
    assert report.exit_code(Severity.ERROR) == 1
    quiet = run_check([str(tmp_path)], isolated=True, severity={"MS1": "info", "unknown-model": "warning"})
    assert [str(f.severity) for f in quiet.findings] == ["info", "warning"]
    assert quiet.exit_code(Severity.ERROR) == 0 and quiet.exit_code(Severity.WARNING) == 1
    assert quiet.exit_code(Severity.INFO) == 1


def test_per_path_ignores_from_settings_are_relative_to_the_settings_file(tmp_path: Path) -> None:
    write(tmp_path, "legacy/.env", ENV)
    write(tmp_path, "app/.env", ENV)
    write(tmp_path, ".msv.toml", '[per-path-ignores]\n"legacy/*" = ["unknown-host"]\n')
    report = run_check([str(tmp_path)])
    got = sorted((Path(f.loc.path).parent.name, f.rule) for f in report.findings)
    assert got == [("app", "unknown-host"), ("app", "unknown-model"), ("legacy", "unknown-model")]


def test_declared_context_from_settings_reaches_the_rules(tmp_path: Path) -> None:
    write(tmp_path, ".env", "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n")
    write(tmp_path, "pyproject.toml", '[tool.msv]\nkey-region = "beijing"\nignore = ["deprecated-endpoint"]\n')
    report = run_check([str(tmp_path)])
    assert [f.rule for f in report.findings] == ["key-region-mismatch"]
    opts = build_options([str(tmp_path)])
    assert opts.context.key_region == "beijing"       # spelt as written until the catalogue resolves it
    assert run_check([str(tmp_path)], key_region="ap-southeast-1").findings == []


def test_unknown_key_region_is_a_usage_error(tmp_path: Path) -> None:
    from validator.settings import SettingsError

    with pytest.raises(SettingsError, match="unknown region"):
        run_check([str(tmp_path)], isolated=True, key_region="mars-1")


def test_python_api_returns_findings(tmp_path: Path) -> None:
    import validator

    write(tmp_path, ".env", ENV)
    findings = validator.check([str(tmp_path)], isolated=True, select=["unknown-model"])
    assert [f.rule for f in findings] == ["unknown-model"]
    assert findings[0].to_dict()["kind"] == "static"
