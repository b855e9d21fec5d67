"""Settings errors in msv's words: file:line, the key as written, "did you mean", no pydantic
phrasing; a misspelt ``key.region`` in modelstudio.yaml is an error at the value; the exported
schema lists the catalogue's clients and regions for editors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]


def msv(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "validator", "check", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("body, expected", [
    ('exclude = ["x/"]\nignor = ["deprecated-endpoint"]\n',
     "pyproject.toml:3: [tool.msv] unknown key `ignor`; did you mean `ignore`?"),
    ('ignore = ["deprecated-endpont"]\n',
     "pyproject.toml:2: ignore: unknown rule `deprecated-endpont`; did you mean `deprecated-endpoint`?"),
    ('fail-on = "errors"\n', "pyproject.toml:2: [tool.msv] fail-on: `errors` is not one of `error`, `warning` or `info`"),
    ('max-file-size = "big"\n', "pyproject.toml:2: [tool.msv] max-file-size: expected a whole number"),
])
def test_settings_errors_name_file_line_and_fix(tmp_path: Path, body: str, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.msv]\n" + body)
    result = msv(tmp_path, ".")
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    for pydantic_words in ("Extra inputs are not permitted", "Input should be", "type=", "pydantic"):
        assert pydantic_words not in result.stderr


def test_misspelt_key_region_in_modelstudio_yaml_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "modelstudio.yaml").write_text(
        "version: 1\ntargets:\n  - name: backend\n    client: openai-sdk\n"
        "    base_url: https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n    key: {region: eu-west-9}\n")
    result = msv(tmp_path, ".", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    bad = [f for f in findings if f["rule"] == "parse-error"]
    assert result.returncode == 1 and len(bad) == 1
    assert bad[0]["line"] == 6 and bad[0]["column"] == 19
    assert "unknown region `eu-west-9`" in bad[0]["message"] and "ap-southeast-1" in bad[0]["message"]
    (tmp_path / "modelstudio.yaml").write_text(
        (tmp_path / "modelstudio.yaml").read_text().replace("eu-west-9", "ap-southeast-1"))
    again = json.loads(msv(tmp_path, ".", "--format", "json").stdout)["findings"]
    assert not [f for f in again if f["rule"] == "parse-error"]


def test_schema_offers_catalogue_clients_and_regions() -> None:
    from validator.catalogue import load

    schema = json.loads((REPO / "schemas/modelstudio.schema.json").read_text())
    cat = load(())
    client = schema["$defs"]["TargetConfig"]["properties"]["client"]
    known = client["anyOf"][0]["enum"]
    assert {"claude-code", "openai-sdk", "openai-compatible"} <= set(known)
    assert {c.id for c in cat.clients()} <= set(known)
    region = schema["$defs"]["KeyContext"]["properties"]["region"]
    assert {r.id for r in cat.regions()} <= set(region["anyOf"][0]["enum"])
    validator = jsonschema.Draft202012Validator(schema)
    doc = {"version": 1, "targets": [{"name": "b", "client": "openai-sdk", "key": {"region": "eu-west-9"}}]}
    assert not validator.is_valid(doc)                       # editors flag a misspelt region
    doc["targets"][0]["key"]["region"] = "ap-southeast-1"
    doc["targets"][0]["client"] = "some-new-tool"            # newer than the catalogue: still valid
    assert validator.is_valid(doc)
