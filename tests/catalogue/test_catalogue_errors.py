"""Each kind of catalogue error is one clear message naming the file and the line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from validator.catalogue import CatalogueError, load
from validator.catalogue.compile import DATA_DIR, build

HOST = """\
hosts:
  - id: gw
    pattern: gw.example.com
    family: shared
    region: cn-beijing
    plan: payg
    status: supported
    callers: any-workspace
    usage: any
    protocols: {openai: /v1}
    source: https://example.com/gw
    confidence: inferred
"""


def write(tmp_path: Path, text: str, name: str = "ext.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(*paths: Path) -> CatalogueError:
    with pytest.raises(CatalogueError) as info:
        load([str(p) for p in paths])
    return info.value


def test_missing_field(tmp_path: Path) -> None:
    path = write(tmp_path, HOST.replace("    plan: payg\n", ""))
    err = error_of(path)
    assert (err.path.endswith("ext.yaml"), err.line) == (True, 2)
    assert "missing required field 'plan'" in str(err)
    assert str(err).startswith(f"{err.path}:2:")


def test_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path, HOST.replace("    region: cn-beijing\n", "    regoin: cn-beijing\n    region: cn-beijing\n"))
    err = error_of(path)
    assert err.line == 5
    assert "unknown key 'regoin'" in str(err) and "did you mean 'region'" in str(err)


def test_dangling_reference(tmp_path: Path) -> None:
    path = write(tmp_path, HOST.replace("region: cn-beijing", "region: mars-1"))
    err = error_of(path)
    assert err.line == 5
    assert "unknown region 'mars-1'" in str(err)


def test_dangling_model_scope(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        models:
          - name: qwen-next
            family: qwen-plus
            scopes: [global, lunar]
            protocols: [openai]
            plans: [payg]
            source: https://example.com/m
            confidence: official
        """)
    err = error_of(path)
    assert err.line == 4 and "unknown scope 'lunar'" in str(err)


def test_dangling_client_protocol(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        clients:
          - id: my-tool
            name: My tool
            protocol: gemini
            appends: /chat/completions
            precedence: [process]
            source: https://example.com/t
            confidence: third-party
        """)
    err = error_of(path)
    assert err.line == 4 and "protocol" in str(err)


def test_duplicate_in_one_file(tmp_path: Path) -> None:
    second = HOST.split("\n", 1)[1]
    path = write(tmp_path, HOST + second)
    err = error_of(path)
    assert err.line == 13
    assert "duplicate host 'gw'" in str(err) and "first defined at" in str(err) and ":2)" in str(err)


def test_duplicate_model_alias(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        models:
          - name: qwen-next
            family: qwen-plus
            scopes: [global]
            protocols: [openai]
            plans: [payg]
            source: https://example.com/m
            confidence: official
            snapshots:
              - name: qwen-next-2026-12-01
                aliases: [qwen-next-1201]
              - name: qwen-next-1201
        """)
    err = error_of(path)
    assert err.line == 12 and "duplicate model 'qwen-next-1201'" in str(err)


def test_bad_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "hosts:\n  - id: gw\n    pattern: [unclosed\n")
    err = error_of(path)
    assert err.path.endswith("ext.yaml") and err.line >= 3
    assert str(err).startswith(err.path + ":") and "bad YAML" in str(err)


def test_wrong_type_and_bad_regex(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, HOST.replace("protocols: {openai: /v1}", "protocols: /v1")))
    assert err.line == 10 and "protocols" in str(err)
    err = error_of(write(tmp_path, """\
        errors:
          - id: mine
            status: 401
            patterns: ["(unclosed"]
            meaning: invalid-key
            causes: [x]
            fix: y
            source: https://example.com/e
            confidence: inferred
        """, "regex.yaml"))
    assert err.line == 4 and "regular expression" in str(err)


def test_non_seed_source_needs_confidence(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, HOST.replace("    confidence: inferred\n", "")))
    assert err.line == 2 and "confidence" in str(err)


def test_http_only_on_loopback(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, HOST.replace("    usage: any\n", "    usage: any\n    allow_http: true\n")))
    assert err.line == 2 and "loopback" in str(err)


def test_unreadable_and_not_a_mapping(tmp_path: Path) -> None:
    err = error_of(tmp_path / "missing.yaml")
    assert "cannot read" in str(err) and "missing.yaml" in str(err)
    err = error_of(write(tmp_path, "- just\n- a list\n", "list.yaml"))
    assert err.line == 1 and "mapping of sections" in str(err)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert "UTF-8" in str(error_of(binary))


# ---------------------------------------------------------------- the bundled files are checked the same way


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_bundled_duplicate_across_files(data_copy: Path) -> None:
    extra = "\n  - {id: dashscope-cn-beijing, pattern: dup.example.com, family: shared, region: cn-beijing, plan: payg, " \
            "status: supported, callers: any-workspace, usage: any, protocols: {openai: /v1}, " \
            "source: 000_32e2695b14441696.txt}\n"
    probes = data_copy / "probes.yaml"
    probes.write_text(probes.read_text(encoding="utf-8") + "\nhosts:" + extra, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        build(data_copy)
    assert info.value.path.endswith("probes.yaml") and info.value.line > 0
    assert "duplicate host 'dashscope-cn-beijing'" in str(info.value)


def test_bundled_bad_yaml(data_copy: Path) -> None:
    line = _edit(data_copy / "features.yaml", "  - {id: playground,", "  - {id: playground,,")
    with pytest.raises(CatalogueError) as info:
        build(data_copy)
    assert info.value.path.endswith("features.yaml") and info.value.line == line


def test_bundled_source_must_be_indexed(data_copy: Path) -> None:
    line = _edit(data_copy / "regions.yaml", "source: https://help.aliyun.com/zh/model-studio/regions/",
                 "source: https://example.com/not-indexed")
    with pytest.raises(CatalogueError) as info:
        build(data_copy)
    assert info.value.path.endswith("regions.yaml") and info.value.line == line
    assert "not in the source index" in str(info.value)


def test_bundled_dangling_plan_list(data_copy: Path) -> None:
    line = _edit(data_copy / "models.yaml", "models: [qwen3.6-plus, qwen3.6-flash]\n",
                 "models: [qwen3.6-plus, qwen3.6-flashy]\n")
    with pytest.raises(CatalogueError) as info:
        build(data_copy)
    assert info.value.path.endswith("models.yaml") and info.value.line == line
    assert "unknown model 'qwen3.6-flashy'" in str(info.value)
