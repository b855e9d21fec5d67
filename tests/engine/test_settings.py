"""Settings discovery and validation: `.msv.toml`, `msv.toml`, `pyproject.toml` `[tool.msv]`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from validator import settings
from validator.api import build_options
from validator.model import Severity
from validator.settings import SettingsError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_walks_up_and_prefers_dot_msv_toml(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.msv]\nignore = ['trial-endpoint']\n")
    write(tmp_path / "msv.toml", "ignore = ['deprecated-endpoint']\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert settings.find(sub) == (tmp_path / "msv.toml").resolve()
    write(tmp_path / ".msv.toml", "ignore = ['unknown-model']\n")
    assert settings.find(sub) == (tmp_path / ".msv.toml").resolve()


def test_pyproject_without_tool_msv_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "child" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert settings.find(tmp_path / "child") is None or settings.find(tmp_path / "child") != tmp_path / "child" / "pyproject.toml"
    # a pyproject.toml higher up that does have the table is found
    write(tmp_path / "pyproject.toml", "[tool.msv]\nfail-on = 'warning'\n")
    assert settings.find(tmp_path / "child") == (tmp_path / "pyproject.toml").resolve()


def test_nearest_file_wins_without_merging(tmp_path: Path) -> None:
    write(tmp_path / ".msv.toml", "ignore = ['trial-endpoint']\nfail-on = 'info'\n")
    write(tmp_path / "proj" / "msv.toml", "ignore = ['unknown-model']\n")
    found = settings.discover([str(tmp_path / "proj")])
    assert found.values == {"ignore": ["unknown-model"]}


def test_unknown_key_is_a_one_line_error_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.msv]\nper-path-ignore = {}\n")
    with pytest.raises(SettingsError) as err:
        settings.discover([str(tmp_path)])
    msg = str(err.value)
    assert "pyproject.toml" in msg and "per-path-ignore" in msg and "\n" not in msg


def test_bad_value_and_bad_toml(tmp_path: Path) -> None:
    write(tmp_path / ".msv.toml", "fail-on = 'fatal'\n")
    with pytest.raises(SettingsError, match="fail-on"):
        settings.discover([str(tmp_path)])
    write(tmp_path / ".msv.toml", "fail-on = \n")
    with pytest.raises(SettingsError, match="invalid TOML"):
        settings.discover([str(tmp_path)])


def test_explicit_config_and_isolated(tmp_path: Path) -> None:
    cfg = write(tmp_path / "elsewhere.toml", "ignore = ['MS1']\n")
    write(tmp_path / ".msv.toml", "ignore = ['MS2']\n")
    assert settings.discover([str(tmp_path)], config=str(cfg)).values == {"ignore": ["MS1"]}
    assert settings.discover([str(tmp_path)], isolated=True).values == {}
    with pytest.raises(SettingsError, match="no such settings file"):
        settings.discover([str(tmp_path)], config=str(tmp_path / "missing.toml"))


def test_options_merge_cli_over_settings(tmp_path: Path) -> None:
    write(tmp_path / ".msv.toml", """
select = ["MS1", "MS2"]
ignore = ["trial-endpoint"]
fail-on = "warning"
key-region = "cn-beijing"
usage = "backend"
catalogues = ["extra/models.yaml"]
[severity]
deprecated-endpoint = "warning"
[per-path-ignores]
"legacy/*" = ["unknown-host"]
""")
    opts = build_options([str(tmp_path)])
    assert opts.select == ("MS1", "MS2")
    assert opts.ignore == ("trial-endpoint",)
    assert opts.fail_on is Severity.WARNING
    assert opts.context.key_region == "cn-beijing" and opts.context.usage == "backend"
    # the old rule name covers the rules split off it (ruff-style redirect)
    assert opts.severity == {"deprecated-endpoint": Severity.WARNING, "shared-endpoint": Severity.WARNING,
                             "removed-setting": Severity.WARNING}
    assert opts.per_path_ignores == {"legacy/*": ("unknown-host",)}
    assert opts.catalogues == ()   # a repository's extension is untrusted: kept apart (validator.trust)
    assert opts.repo_catalogues == (str(tmp_path / "extra" / "models.yaml"),)
    assert opts.settings_root == str(tmp_path.resolve())

    opts = build_options([str(tmp_path)], select=["MS3"], ignore=["unknown-model"], fail_on="error",
                         key_region="ap-southeast-1", severity={"deprecated-endpoint": "error"})
    assert opts.select == ("MS3",)                       # replaces
    assert opts.ignore == ("trial-endpoint", "unknown-model")   # adds
    assert opts.fail_on is Severity.ERROR
    assert opts.context.key_region == "ap-southeast-1"
    assert opts.severity["deprecated-endpoint"] is Severity.ERROR


def test_options_reject_unknown_rules_and_values(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="unknown rule `no-such-rule`"):
        build_options([str(tmp_path)], isolated=True, ignore=["no-such-rule"])
    with pytest.raises(SettingsError, match="severity"):
        build_options([str(tmp_path)], isolated=True, severity={"no-such-rule": "error"})
    with pytest.raises(SettingsError, match="key-plan"):
        build_options([str(tmp_path)], isolated=True, key_plan="gold")
    with pytest.raises(SettingsError, match="residency"):
        build_options([str(tmp_path)], isolated=True, residency="mars")
    with pytest.raises(TypeError):
        build_options([str(tmp_path)], isolated=True, colour=True)


def test_severity_prefix_expands_to_rule_names(tmp_path: Path) -> None:
    from validator.rules import all_rules

    opts = build_options([str(tmp_path)], isolated=True, severity={"MS9": "info"})
    expected = {r.name for r in all_rules() if r.code.startswith("MS9")}
    assert set(opts.severity) == expected and expected
    assert set(opts.severity.values()) == {Severity.INFO}


def test_exported_schema_is_in_sync_and_validates_examples() -> None:
    exported = json.loads(settings.schema_path().read_text(encoding="utf-8"))
    assert exported == settings.schema(), "run: python -m validator.settings --write"
    jsonschema.Draft202012Validator.check_schema(exported)
    validator = jsonschema.Draft202012Validator(exported)
    assert validator.is_valid({"select": ["MS1"], "per-path-ignores": {"a/*": ["MS101"]}, "fail-on": "info"})
    assert not validator.is_valid({"per-path-ignore": {}})
    assert not validator.is_valid({"residency": "mars"})


def test_this_repository_settings_are_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    found = settings.load(root / "pyproject.toml")
    assert found is not None and "exclude" in found.values
