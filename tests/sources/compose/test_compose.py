"""The compose reader: environment list and map forms, interpolation, env_file, closed services."""

from __future__ import annotations

from pathlib import Path

from validator.engine import Options
from validator.model import Origin, Secret
from validator.sources import collect
from validator.sources.base import Document
from validator.sources.compose import READER
from validator.sources.walk import display_path

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str):
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    return READER.read(Document(path, name, text)), text


def test_names() -> None:
    for name in ("docker-compose.yml", "docker-compose.yaml", "docker-compose.prod.yml", "docker-compose-dev.yml",
                 "compose.yaml", "compose.override.yaml"):
        assert READER.matches(Path("/p") / name), name
    for name in ("config.yaml", "docker-composer.yml", "compose.json"):
        assert not READER.matches(Path("/p") / name), name


def test_map_and_list_forms_with_positions(locate) -> None:
    result, text = read("docker-compose.yml")
    assert not result.problems
    labels = [b.label for b in result.blocks]
    assert labels == ["services.worker", "services.api", "services.db"]
    worker, api, _db = result.blocks
    assert worker.closed and api.closed
    w = {b.name: b for b in worker.bindings}
    assert w["DASHSCOPE_HTTP_BASE_URL"].value == "https://dashscope-intl.aliyuncs.com/api/v1"   # via <<: merge
    key = w["DASHSCOPE_API_KEY"]
    assert key.reference == "DASHSCOPE_API_KEY" and key.value is None          # ${X:?err}
    assert (key.loc.line, key.loc.column) == locate(text, "${DASHSCOPE_API_KEY:?")
    assert w["TIMEOUT"].value == "30" and w["TIMEOUT"].scope == "compose"
    a = {b.name: b for b in api.bindings}
    url = a["OPENAI_BASE_URL"]
    assert url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert (url.loc.line, url.loc.column) == locate(text, "https://dashscope.aliyuncs.com/compatible-mode/v1")
    quoted = a["OPENAI_API_KEY"]                                      # quoted list item
    assert quoted.reference == "DASHSCOPE_API_KEY" and quoted.value == Secret("")
    assert (quoted.loc.line, quoted.loc.column) == locate(text, "${DASHSCOPE_API_KEY:-}")
    assert a["PRICE"].value == "$5"                                   # $$ is a literal dollar
    assert a["DEBUG"].reference == "DEBUG" and a["DEBUG"].value is None   # pass-through from the host
    assert api.includes == (display_path(FIXTURES / ".env"), display_path(FIXTURES / "optional.env"))


def test_broken_yaml_is_a_parse_error_with_line() -> None:
    result, _ = read("compose.override.yaml")
    (p,) = result.problems
    assert p.rule == "parse-error" and "invalid YAML" in p.message
    assert p.loc.line >= 3


def test_services_linked_through_compose_interpolation(catalogue, tmp_path, monkeypatch) -> None:
    """``${DASHSCOPE_API_KEY:?…}`` resolves from the .env beside the compose file, nothing else."""
    import shutil

    shutil.copytree(FIXTURES, tmp_path / "proj")
    (tmp_path / "proj" / "compose.override.yaml").unlink()
    (tmp_path / "proj" / "sub").mkdir()
    (tmp_path / "proj" / "sub" / "env.sh").write_text("export OPENAI_BASE_URL=https://example.com/v1\n")
    monkeypatch.chdir(tmp_path)
    got = collect(["proj"], Options(), catalogue)
    worker = next(t for t in got.targets if t.name == "dashscope-sdk @ proj/docker-compose.yml services.worker")
    assert worker.key.value == Secret("sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    assert worker.key.loc.path == "proj/.env" and worker.key.origin is Origin.VARIABLE
    assert worker.base_url.value == "https://dashscope-intl.aliyuncs.com/api/v1"
    api = next(t for t in got.targets if t.name == "openai-sdk @ proj/docker-compose.yml services.api")
    assert api.base_url.value == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert api.base_url.loc.path == "proj/docker-compose.yml"        # the shell script elsewhere does not leak in
    assert api.key.value == Secret("sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    assert [m.value for m in api.models] == ["qwen-plus"]
    assert not [t for t in got.targets if "services.db" in t.name]     # postgres settings are no target
