"""`msv init`: a starter modelstudio.yaml from the targets found; never a key; never clobbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from validator.cli import cli
from validator.cli import init as init_mod
from validator.model import Location, Origin, Secret, Target, TargetKind, Value

KEY = "sk-" + "a1b2c3d4" * 4
REPO = Path(__file__).resolve().parents[2]


def targets() -> list[Target]:
    env = Target(".env", "openai-sdk", Location(".env", 1), protocol="openai",
                 base_url=Value("https://dashscope-intl.aliyuncs.com/compatible-mode/v1", Location(".env", 1, 17),
                                Origin.VARIABLE, variable="OPENAI_BASE_URL"),
                 key=Value(Secret(KEY), Location(".env", 2, 16), Origin.VARIABLE, variable="OPENAI_API_KEY"),
                 key_variable="OPENAI_API_KEY",
                 models=[Value("qwen-plus", Location(".env", 3, 14))],
                 parameters={"temperature": Value(0.7, Location(".env", 4))},
                 usage=Value("interactive", Location("<cli>"), Origin.DECLARED))
    code = Target("app.py:client", "unknown", Location("app.py", 3), kind=TargetKind.CODE, protocol="anthropic",
                  base_url=Value("https://dashscope.aliyuncs.com/apps/anthropic", Location("app.py", 3, 20)),
                  key=Value(Secret(KEY), Location("app.py", 4, 9)),
                  models=[Value("qwen3-max", Location("app.py", 5)), Value("qwen-plus", Location("app.py", 6))],
                  features=[Value("batch-inference", Location("app.py", 7))],
                  key_region=Value("cn-beijing", Location("app.py", 1)))
    dup = Target(".env", "claude-code", Location("sub/.env", 1), protocol="anthropic")
    loose = Target("README.md", "unknown", Location("README.md", 3), kind=TargetKind.LITERAL)
    own = Target("old", "openai-compatible", Location("modelstudio.yaml", 4))
    return [env, code, dup, loose, own]


def test_starter_yaml_content() -> None:
    chosen = init_mod.config_targets(targets())
    assert [t.origin.path for t in chosen] == [".env", "app.py", "sub/.env"]
    text = init_mod.starter_yaml(chosen, None, schema="https://example.test/modelstudio.schema.json")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=https://example.test/modelstudio.schema.json"
    assert KEY not in text and KEY[3:] not in text
    doc = yaml.safe_load(text)
    assert doc["version"] == 1
    env, code, dup = doc["targets"]
    # values the client's own files hold stay there (declared twice, every finding would be
    # reported twice, the audit's D8): they are listed as comments to uncomment
    assert env == {"name": ".env", "client": "openai-sdk", "api_key_env": "OPENAI_API_KEY"}
    assert '    # model: "qwen-plus"' in text and "    # base_url: …  # the client's own, at .env:" in text
    assert "    #   \"temperature\": 0.7" in text
    # declared on the command line, not in the files: left for the user to write
    assert "# usage: backend | interactive" in text
    assert code["client"] == "anthropic-compatible"          # unknown client -> generic id of its protocol
    assert '    #   - "qwen3-max"' in text and '    #   - "batch-inference"' in text
    assert code["key"] == {"region": "cn-beijing"}
    assert code["api_key_env"] == "ANTHROPIC_AUTH_TOKEN"     # the key was a literal: name a variable
    assert "written literally at app.py:4:9" in text
    assert dup["name"] == ".env-2" and dup["client"] == "claude-code"


def test_no_targets_gives_an_example() -> None:
    doc = yaml.safe_load(init_mod.starter_yaml([], None, schema="x"))
    assert doc["targets"][0]["client"] == "openai-compatible"


def test_yaml_traps_are_quoted() -> None:
    t = Target("no", "openai-compatible", Location("a.env", 1), models=[Value("1e3", Location("a.env", 2))],
               parameters={"on": Value("yes: really", Location("a.env", 3))})
    text = init_mod.starter_yaml([t], None, schema="x")
    (entry,) = yaml.safe_load(text)["targets"]
    assert entry["name"] == "no"
    assert '# model: "1e3"' in text and '#   "on": "yes: really"' in text   # quoted, ready to uncomment


def test_schema_file_if_present_validates_the_starter() -> None:
    schemas = sorted((REPO / "schemas").glob("modelstudio*.schema.json"))
    assert schemas, "schemas/modelstudio*.schema.json is exported with the package"
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schemas[0].read_text(encoding="utf-8"))
    chosen = init_mod.config_targets(targets())
    jsonschema.validate(yaml.safe_load(init_mod.starter_yaml(chosen, None)), schema)
    assert init_mod.schema_url().endswith("/" + schemas[0].name)


@pytest.fixture
def fake_collect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_mod, "_collect", lambda paths: (targets(), None))


def test_cli_writes_and_refuses_to_overwrite(tmp_path: Path, fake_collect, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["init"])
    assert first.exit_code == 0, first.output
    written = (tmp_path / "modelstudio.yaml").read_text()
    assert written.startswith("# yaml-language-server: $schema=")
    assert KEY not in first.output and KEY not in written

    (tmp_path / "modelstudio.yaml").write_text("# mine\n")
    again = runner.invoke(cli, ["init"])
    assert again.exit_code == 2
    assert "already exists" in again.output and "--force" in again.output
    assert (tmp_path / "modelstudio.yaml").read_text() == "# mine\n"

    forced = runner.invoke(cli, ["init", "--force"])
    assert forced.exit_code == 0
    assert (tmp_path / "modelstudio.yaml").read_text() == written


def test_cli_settings_and_output_option(tmp_path: Path, fake_collect, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    result = CliRunner().invoke(cli, ["init", "-o", "conf/ms.yaml", "--settings"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "conf/ms.yaml").exists()
    settings = (tmp_path / "conf/.msv.toml").read_text()
    assert "key-region" in settings
    # an existing settings file blocks the whole command, before anything is written
    (tmp_path / "conf/ms.yaml").unlink()
    blocked = CliRunner().invoke(cli, ["init", "-o", "conf/ms.yaml", "--settings"])
    assert blocked.exit_code == 2 and not (tmp_path / "conf/ms.yaml").exists()


def test_cli_missing_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "nope/"])
    assert result.exit_code == 2 and "no such file" in result.output


def test_init_end_to_end_with_the_readers(tmp_path: Path, monkeypatch) -> None:
    """Through the real readers (once validator.sources.collect is implemented)."""
    (tmp_path / ".env").write_text(
        "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
        f"OPENAI_API_KEY={KEY}\nOPENAI_MODEL=qwen-plus\n")
    monkeypatch.chdir(tmp_path)
    found, catalogue = init_mod._collect(["."])
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "modelstudio.yaml").read_text()
    assert KEY not in text
    doc = yaml.safe_load(text)
    assert [t["api_key_env"] for t in doc["targets"]] == ["OPENAI_API_KEY"]
    before = CliRunner().invoke(cli, ["check", ".", "--format", "json", "--exit-zero"])
    (tmp_path / ".env").write_text((tmp_path / ".env").read_text().replace("aliyuncs.com", "aliyun.com"))
    after = json.loads(CliRunner().invoke(cli, ["check", ".", "--format", "json", "--exit-zero"]).output)
    assert len([f for f in after["findings"] if f["rule"] == "unknown-host"]) == 1, after   # not doubled
    assert before.exit_code == 0
