"""Bad input never stops the check: each case is a problem with file and line, the rest is still read."""

from __future__ import annotations

import json
import os

import pytest

from hangguard import hang_guard
from validator.engine import Options
from validator.model import Secret
from validator.sources import collect
from validator.sources import walk as walk_module

KEY = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
GOOD = {"ok/.env": f"DASHSCOPE_API_KEY={KEY}\n"}


def run(tree, catalogue, files: dict, **opts):
    tree({**GOOD, **files})
    with hang_guard("collect() on bad input"):   # a FIFO opened, a loop followed: a hang, not slowness
        got = collect([], Options(**opts), catalogue)
    # the rest of the tree is still checked
    assert any(t.key is not None and t.key.value == Secret(KEY) and t.origin.path == "ok/.env" for t in got.targets)
    return got


def problem(got, path: str):
    found = [p for p in got.problems if p.loc.path == path]
    assert found, got.problems
    return found[0]


def test_irrelevant_files_are_not_parsed_at_all(tree, catalogue) -> None:
    """A broken YAML file that never mentions Model Studio is rejected by the marker test, unparsed."""
    got = run(tree, catalogue, {"docker-compose.yml": "services:\n  db:\n     - [\n"})
    assert not [p for p in got.problems if p.loc.path == "docker-compose.yml"]
    assert "docker-compose.yml" not in got.texts


def test_malformed_yaml(tree, catalogue) -> None:
    text = "services:\n  app:\n    environment:\n      - DASHSCOPE_API_KEY=x\n     - B: [\n"
    got = run(tree, catalogue, {"docker-compose.yml": text})
    p = problem(got, "docker-compose.yml")
    assert p.rule == "parse-error" and p.loc.line == 5


def test_malformed_json(tree, catalogue) -> None:
    text = ('{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic",\n  }\n'
            '  "x": 1\n}\n')
    got = run(tree, catalogue, {".claude/settings.json": text})
    p = problem(got, ".claude/settings.json")
    assert p.rule == "parse-error" and p.loc.line == 3          # the trailing comma (strict JSON)


def test_malformed_toml(tree, catalogue) -> None:
    text = ('model_provider = "bailian"\n[model_providers.bailian]\n'
            'base_url = "https://dashscope.aliyuncs.com/compatible-mode/v1\nenv_key = "DASHSCOPE_API_KEY"\n')
    got = run(tree, catalogue, {".codex/config.toml": text})
    p = problem(got, ".codex/config.toml")
    assert p.rule == "parse-error" and p.loc.line == 3


def test_invalid_utf8(tree, catalogue) -> None:
    got = run(tree, catalogue, {"bad/.env": b"DASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com\nNAME=caf\xe9\n"})
    p = problem(got, "bad/.env")
    assert p.rule == "unreadable-file" and "UTF-8" in p.message
    assert (p.loc.line, p.loc.column) == (2, 9)


def test_binary_and_utf16(tree, catalogue) -> None:
    got = run(tree, catalogue, {"bin/.env": b"DASHSCOPE\x00\x01\x02" * 10,
                                "wide/.env": "DASHSCOPE_API_KEY=x\n".encode("utf-16")})
    assert "binary" in problem(got, "bin/.env").message
    assert "UTF-16" in problem(got, "wide/.env").message
    assert {p.rule for p in got.problems} == {"unreadable-file"}


def test_binary_file_without_a_reader_is_skipped_silently(tree, catalogue) -> None:
    got = run(tree, catalogue, {"data.json": b"\x00dashscope\x00" * 100})
    assert not [p for p in got.problems if p.loc.path == "data.json"]


def test_huge_file(tree, catalogue) -> None:
    big = "DASHSCOPE_API_KEY=" + "x" * 5000 + "\n"
    got = run(tree, catalogue, {"big/.env": big, "dump.json": '{"dashscope": "' + "y" * 5000 + '"}'},
              max_file_size=4096)
    p = problem(got, "big/.env")
    assert p.rule == "file-too-large" and "4,096" in p.message
    assert problem(got, "dump.json").rule == "file-too-large"


def test_deep_nesting(tree, catalogue) -> None:
    deep_yaml = "services:\n  app:\n    environment:\n      DASHSCOPE_API_KEY: " + "[" * 5000 + "]" * 5000 + "\n"
    deep_json = '{"env": {"ANTHROPIC_BASE_URL": ' + "[" * 100000 + "]" * 100000 + "}}"
    got = run(tree, catalogue, {"docker-compose.yml": deep_yaml, ".claude/settings.json": deep_json})
    assert problem(got, "docker-compose.yml").rule == "parse-error"
    assert problem(got, ".claude/settings.json").rule == "parse-error"


def test_yaml_alias_bomb(tree, catalogue) -> None:
    bomb = ["a0: &a0 [" + ", ".join(["dashscope"] * 9) + "]"]
    for i in range(1, 10):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bomb.append("services:\n  app:\n    environment:\n      X: *a9")
    got = run(tree, catalogue, {"docker-compose.yml": "\n".join(bomb) + "\n"})
    p = problem(got, "docker-compose.yml")
    assert p.rule == "parse-error" and p.loc.line >= 1


def test_unreadable_file(tree, catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith(os.path.join("locked", ".env")):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(walk_module.os, "open", fake_open)   # root reads mode-000 files: simulate
    got = run(tree, catalogue, {"locked/.env": f"DASHSCOPE_API_KEY={KEY}\n"})
    p = problem(got, "locked/.env")
    assert p.rule == "unreadable-file" and "permission denied" in p.message


@pytest.mark.skipif(os.name == "nt", reason="symlinks and FIFOs")
def test_broken_symlink_loop_and_fifo(tree, catalogue, tmp_path) -> None:
    tree(GOOD)
    os.symlink(tmp_path / "nowhere.env", tmp_path / "broken.env")
    os.symlink(tmp_path, tmp_path / "ok" / "loop")          # a folder loop
    os.mkfifo(tmp_path / "pipe.env")                         # inside the tree: skipped, never opened
    got = run(tree, catalogue, {})
    assert problem(got, "broken.env").rule == "unreadable-file"
    # an explicit FIFO is refused, never opened (opening would block)
    with hang_guard("collect() on an explicit FIFO"):
        explicit = collect(["pipe.env"], Options(), catalogue)
    assert explicit.problems[0].rule == "unreadable-file" and "regular file" in explicit.problems[0].message


def test_reader_crash_becomes_a_problem(tree, catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.sources import compose

    def boom(self, doc):
        raise KeyError("bug")

    monkeypatch.setattr(compose.ComposeReader, "read", boom)
    monkeypatch.delenv("MSV_DEBUG", raising=False)
    got = run(tree, catalogue, {"docker-compose.yml": "services: {app: {environment: {DASHSCOPE_API_KEY: x}}}\n"})
    p = problem(got, "docker-compose.yml")
    assert p.rule == "parse-error" and "KeyError" in p.message and "report" in p.message


def test_problems_never_contain_the_key(tree, catalogue) -> None:
    got = run(tree, catalogue, {"x/.env": f'DASHSCOPE_API_KEY="{KEY}\n',
                                ".claude/settings.json": json.dumps({"env": {"ANTHROPIC_AUTH_TOKEN": KEY}})[:-3]})
    assert got.problems
    assert all(KEY not in p.message for p in got.problems)
