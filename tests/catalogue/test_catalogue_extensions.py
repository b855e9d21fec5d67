"""User extensions merge over the bundled catalogue, validated the same way."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from validator.catalogue import CatalogueError, load

LOOPBACK = """\
regions:
  - id: test-east
    name: Test East
    name_zh: 测试东
    scopes: [global]
    residency: intl
    source: tests
    confidence: inferred
hosts:
  - id: fake-east
    pattern: "127.0.0.1:8443"
    family: shared
    region: test-east
    plan: payg
    status: supported
    callers: any-workspace
    usage: any
    allow_http: true
    protocols: {openai: /compatible-mode/v1, dashscope: /api/v1}
    source: tests
    confidence: inferred
  - id: fake-local
    pattern: "localhost:9000"
    family: shared
    region: cn-beijing
    plan: payg
    status: supported
    callers: any-workspace
    usage: any
    allow_http: true
    protocols: {openai: /compatible-mode/v1}
    source: tests
    confidence: inferred
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_loopback_hosts_with_http(tmp_path: Path) -> None:
    cat = load([write(tmp_path, "loop.yaml", LOOPBACK)])
    res = cat.resolve("http://127.0.0.1:8443/compatible-mode/v1")
    assert (res.known, res.region, res.plan, res.family, res.protocol) == (True, "test-east", "payg", "shared", "openai")
    assert res.problems == () and res.base_url == "http://127.0.0.1:8443/compatible-mode/v1"
    local = cat.resolve("http://LOCALHOST:9000/compatible-mode/v1/chat/completions")
    assert local.region == "cn-beijing" and [p.kind for p in local.problems] == ["request-path"]
    assert cat.region("test-east").name == "Test East"
    # the same host on another port is not the extension's host
    assert not cat.resolve("http://127.0.0.1:9999/compatible-mode/v1").known
    # probes can be pointed at the loopback "regions"
    pairs = cat.probe_candidates(cat.key_shape("sk-" + "a" * 32), protocol="openai")
    assert ("fake-east", "http://127.0.0.1:8443/compatible-mode/v1") in {(h.id, u) for h, u in pairs}


def test_bundled_catalogue_is_untouched(tmp_path: Path) -> None:
    load([write(tmp_path, "loop.yaml", LOOPBACK)])
    assert load().region("test-east") is None
    assert not load().known_host("127.0.0.1:8443")


def test_override_and_add_models(tmp_path: Path) -> None:
    ext = write(tmp_path, "models.yaml", """\
        models:
          - name: qwen9-plus
            family: qwen-plus
            scopes: [international]
            protocols: [openai, anthropic]
            plans: [payg]
            capabilities: [thinking]
            source: https://example.com/release-notes
            confidence: official
            snapshots:
              - name: qwen9-plus-2027-01-01
                aliases: [qwen9-plus-0101]
          - name: qwen-plus
            family: qwen-plus
            scopes: [mainland]
            protocols: [openai]
            plans: [payg]
            source: https://example.com/override
            confidence: inferred
        """)
    cat = load([ext])
    assert cat.model("qwen9-plus-0101").same_as == "qwen9-plus-2027-01-01"
    assert "qwen9-plus" in {m.name for m in cat.models(region="singapore", protocol="anthropic")}
    assert cat.model("qwen-plus").scopes == ("mainland",)       # whole entry replaced
    assert cat.model("qwen-plus-latest") is not None            # other entries kept
    assert cat.version == load().version


def test_later_extension_wins_and_key_shapes_go_first(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", """\
        key_shapes:
          - {id: corp, pattern: "^corp-[a-z]{8}$", kind: generic, plans: [payg], source: internal, confidence: inferred}
        """)
    second = write(tmp_path, "b.yaml", """\
        meta: {version: "local-1", as_of: "2027-01-01"}
        """)
    cat = load([first, second])
    assert cat.key_shape("corp-abcdefgh").kind == "generic"
    assert (cat.version, cat.as_of) == ("local-1", "2027-01-01")


def test_an_extension_may_not_break_references(tmp_path: Path) -> None:
    ext = write(tmp_path, "bad.yaml", """\
        plan_lists:
          - plan: coding-plan
            models: [qwen-plus]
            as_of: "2027"
            source: https://example.com/p
            confidence: official
        """)
    with pytest.raises(CatalogueError) as info:
        load([ext])
    assert "bad.yaml:3" in str(info.value) and "does not list plan 'coding-plan'" in str(info.value)


def test_empty_extension_is_harmless(tmp_path: Path) -> None:
    cat = load([write(tmp_path, "empty.yaml", "# nothing yet\n")])
    assert len(cat.models()) == len(load().models())
