"""YAML: values, positions, anchors and merge keys, errors and hostile input."""

from __future__ import annotations

import pytest
import yaml

from validator.parsing import Node, ParseError, parse_yaml
from validator.parsing import yaml as yaml_module

LOADERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "pure": yaml.SafeLoader}


@pytest.fixture(autouse=True, params=sorted(LOADERS))
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test with libyaml and with PyYAML's pure-Python parser (the fallback)."""
    chosen = LOADERS[request.param]
    if chosen is None:
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yaml_module, "_loader_class", lambda: chosen)
    return str(request.param)

CONFIG = """\
# providers
defaults: &defaults
  base_url: https://dashscope-intl.aliyuncs.com/compatible-mode/v1
  timeout: 30
providers:
  - name: "qwen"
    <<: *defaults
    timeout: 60
  - name: 'other'
    api_key: ${DASHSCOPE_API_KEY}
on:
  push: {}
"""


def _one(text: str) -> Node:
    documents = parse_yaml(text)
    assert len(documents) == 1
    return documents[0]


def test_values_match_safe_load() -> None:
    root = _one(CONFIG)
    expected = yaml.safe_load(CONFIG)
    expected["on"] = expected.pop(True)  # PyYAML makes `on` a bool key; we keep the key text
    assert root.plain() == expected


def test_scalar_positions_and_raw() -> None:
    root = _one(CONFIG)
    name = root.get("providers", 0, "name")
    assert name is not None
    assert (name.value, name.raw) == ("qwen", '"qwen"')
    assert (name.line, name.column, name.end_line, name.end_column) == (6, 11, 6, 17)
    assert (name.key_line, name.key_column) == (6, 5)
    other = root.get("providers", 1, "name")
    assert other is not None and other.raw == "'other'" and other.value == "other"
    timeout = root.get("providers", 0, "timeout")
    assert timeout is not None and timeout.value == 60 and timeout.raw == "60"
    assert (timeout.line, timeout.column, timeout.key_line, timeout.key_column) == (8, 14, 8, 5)


def test_merge_key_points_at_the_anchored_definition() -> None:
    root = _one(CONFIG)
    base = root.get("providers", 0, "base_url")
    assert base is not None
    assert base.value.endswith("/compatible-mode/v1")
    assert (base.line, base.key_line) == (3, 3)
    assert "<<" not in root.get("providers", 0).value  # type: ignore[union-attr]


def test_merge_list_first_mapping_wins_and_explicit_keys_win() -> None:
    text = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 3\n"
    root = _one(text)
    assert root.get("c").plain() == yaml.safe_load(text)["c"] == {"x": 1, "y": 3, "z": 2}  # type: ignore[union-attr]


def test_merge_of_a_scalar_is_an_error() -> None:
    with pytest.raises(ParseError) as caught:
        parse_yaml("a: &a 1\nb:\n  <<: *a\n")
    assert (caught.value.line, caught.value.column) == (3, 3)


def test_alias_gets_its_own_key_position() -> None:
    root = _one("x: &v hello\ny: *v\n")
    y = root.get("y")
    assert y is not None and y.value == "hello"
    assert (y.key_line, y.line) == (2, 1)  # value span is the anchored text, key is where the alias sits
    assert root.get("x").key_line == 1  # type: ignore[union-attr]


def test_container_spans_block_and_flow() -> None:
    root = _one("a:\n  b: 1\n  c: [1, 2]\nd: 4\n")
    a = root.get("a")
    assert a is not None and (a.line, a.column, a.end_line, a.end_column) == (2, 3, 3, 12)
    c = root.get("a", "c")
    assert c is not None and (c.line, c.column, c.end_line, c.end_column) == (3, 6, 3, 12)
    assert c.raw is None


def test_multi_document_stream() -> None:
    docs = parse_yaml("a: 1\n---\nb: 2\n...\n---\n- x\n")
    assert [doc.plain() for doc in docs] == [{"a": 1}, {"b": 2}, ["x"]]
    assert docs[1].get("b").line == 3  # type: ignore[union-attr]
    assert docs[2].get(0).line == 6  # type: ignore[union-attr]


def test_empty_stream_and_empty_document() -> None:
    assert parse_yaml("") == []
    assert parse_yaml("# only a comment\n") == []
    (doc,) = parse_yaml("---\n")
    assert doc.value is None


def test_scalar_resolution_is_safe_and_keys_are_text() -> None:
    root = _one("1: one\ntrue: yes\nn: ~\nf: 1.5\nd: 2024-01-02\nt: !Ref Thing\nb: !!binary aGk=\ns: !!str 12\n")
    assert root.plain() == {
        "1": "one",
        "true": True,
        "n": None,
        "f": 1.5,
        "d": "2024-01-02",
        "t": "Thing",
        "b": "aGk=",
        "s": "12",
    }


def test_python_tags_are_never_constructed() -> None:
    root = _one("x: !!python/object/apply:os.system ['echo hi']\n")
    assert root.plain() == {"x": ["echo hi"]}


def test_unicode_bom_and_crlf_positions() -> None:
    root = _one("\ufeffa: 'é€'\r\nb: 𝄞x\r\n")
    a, b = root.get("a"), root.get("b")
    assert a is not None and b is not None
    assert (a.raw, a.line, a.column, a.end_column) == ("'é€'", 1, 4, 8)
    assert (b.raw, b.line, b.column) == ("𝄞x", 2, 4)


def test_block_scalar_raw() -> None:
    root = _one("k: |\n  line one\n  line two\nz: 1\n")
    k = root.get("k")
    assert k is not None and k.value == "line one\nline two\n"
    assert k.raw is not None and k.raw.startswith("|") and "line two" in k.raw


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [1, 2\n", 2, 1),
        ("a: b: c\n", 1, 5),
        ("a:\n  - x\n - y\n", 3, 2),
        ("a: 'unterminated\n", 2, 1),
        ("a: *missing\n", 1, 4),
        ("a: &r [*r]\n", 1, 8),
        ("a: !!int abc\n", 1, 4),
        ("ok: 1\nbad: \x00\n", 2, 6),
        ("é€: 1\nbad: \x00\n", 2, 6),
        ("é: 1\na: \ud800\n", 2, 4),
    ],
)
def test_errors_have_positions(text: str, line: int, column: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.column) == (line, column), str(caught.value)


def _billion_laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        refs = ",".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused() -> None:
    """Refused by the node count (``test_max_nodes_counts_alias_expansion``: aliases count as
    expanded), so the expansion stops at the limit; the time it takes is ``bench/hostile.py`` yaml-bomb."""
    with pytest.raises(ParseError, match="too large"):
        parse_yaml(_billion_laughs())


def test_max_nodes_counts_alias_expansion() -> None:
    text = "a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"  # 1 + 1 + 5 + 1 + 1 + 3*5 = 24 nodes expanded
    assert parse_yaml(text, max_nodes=24)[0].get("b", 2, 3).value == 4  # type: ignore[union-attr]
    with pytest.raises(ParseError):
        parse_yaml(text, max_nodes=23)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(ParseError, match="nesting") as caught:   # growth ratio: bench/hostile.py yaml-deep
        parse_yaml("[" * 100_000 + "]" * 100_000)
    assert caught.value.line == 1
    assert parse_yaml("[" * 50 + "]" * 50, max_depth=50)
    with pytest.raises(ParseError, match="nesting"):
        parse_yaml("[" * 51 + "]" * 51, max_depth=50)


def test_alias_cannot_smuggle_depth() -> None:
    deep = "[" * 60 + "]" * 60
    with pytest.raises(ParseError, match="nesting"):
        parse_yaml(f"a: &d {deep}\nb: {'[' * 45}*d{']' * 45}\n")


def test_properties_are_not_part_of_the_value() -> None:
    root = _one("a: &x 1\nb: !!str 12\nc: &y !local 'q'\nd: &e\ne: [&f 2, !!int 3]\nm: &m # note\n  k: v\n")
    assert [(key, node.raw, node.column) for key, node in root.items() if node.raw is not None] == [
        ("a", "1", 7),
        ("b", "12", 10),
        ("c", "'q'", 14),
        ("d", "", 6),
    ]
    assert [(item.raw, item.column) for item in root.get("e").value] == [("2", 8), ("3", 17)]  # type: ignore[union-attr]
    assert (root.get("m").line, root.get("m").column) == (7, 3)  # type: ignore[union-attr]


def test_block_collection_ending_in_an_alias_ends_at_the_alias() -> None:
    root = _one("x: &a 1\nlist:\n  - *a\n")
    listed = root.get("list")
    assert listed is not None and (listed.line, listed.column, listed.end_line, listed.end_column) == (3, 3, 3, 7)
    assert (listed.get(0).line, listed.get(0).value) == (1, 1)  # type: ignore[union-attr]


def test_a_large_file_reads_back_exactly(loader: str) -> None:
    """5,000 entries (0.4 MB) come back equal to what was dumped. Its speed against
    ``yaml.load(CSafeLoader)`` is ``bench/hostile.py`` speed:yaml-5000-entries."""
    if loader == "pure":
        pytest.skip("the same check as with libyaml, several times slower: once is enough")
    data = {f"k{i}": {"name": "x" * 20, "vals": [i, i * 1.5, None, True]} for i in range(5000)}
    text = yaml.safe_dump(data)
    (root,) = parse_yaml(text, max_nodes=1_000_000)
    assert root.plain() == data
