"""TOML: values from tomllib, positions from the scanner, errors with tomllib's position."""

from __future__ import annotations

import sys

import pytest

from validator.parsing import Node, ParseError, parse_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CODEX = '''\
# Codex CLI config
model = "qwen3-coder-plus"   # trailing comment
model_provider = 'dashscope'

[model_providers.dashscope]
name = "DashScope"
base_url = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
env_key = "DASHSCOPE_API_KEY"
wire_api = "chat"

[model_providers."dash.scope"]
notes = """
[not_a_table]
fake = "value" ""
still = 'inside'
""""
literal = \'\'\'
[[also.not.a.table]]
\'\'\'
after = 42

[profiles.fast]
model = "qwen-turbo"
nums = [ 1, 2,   # comment
  3, ]
inline = { url = "https://x", nested.deep = true, list = [{ a = 1 }, { a = 2 }] }
when = 1979-05-27 07:32:00Z
day = 1979-05-27
site."example.com".enabled = false

[[mcp]]
name = "first"

[[mcp]]
name = "second"
[mcp.env]
KEY = "v"
[[mcp.tools]]
id = 1
[[mcp.tools]]
id = 2
'''


@pytest.fixture(scope="module")
def root() -> Node:
    return parse_toml(CODEX)


def _span(node: Node | None) -> tuple[int, int, int, int]:
    assert node is not None
    return (node.line, node.column, node.end_line, node.end_column)


def test_values_match_tomllib(root: Node) -> None:
    expected = tomllib.loads(CODEX)
    expected["profiles"]["fast"]["when"] = "1979-05-27T07:32:00+00:00"
    expected["profiles"]["fast"]["day"] = "1979-05-27"
    assert root.plain() == expected


def test_top_level_values(root: Node) -> None:
    model = root.get("model")
    assert model is not None and model.raw == '"qwen3-coder-plus"'
    assert _span(model) == (2, 9, 2, 27)
    assert (model.key_line, model.key_column) == (2, 1)
    provider = root.get("model_provider")
    assert provider is not None and provider.raw == "'dashscope'" and provider.line == 3


def test_table_values_and_headers(root: Node) -> None:
    base = root.get("model_providers", "dashscope", "base_url")
    assert base is not None and base.value.startswith("https://") and _span(base) == (7, 12, 7, 68)
    table = root.get("model_providers", "dashscope")
    assert table is not None and _span(table) == (5, 1, 5, 28) and (table.key_line, table.key_column) == (5, 18)


def test_quoted_key_and_multiline_strings_do_not_confuse_the_scanner(root: Node) -> None:
    notes = root.get("model_providers", "dash.scope", "notes")
    assert notes is not None and "[not_a_table]" in notes.value
    assert notes.raw is not None and notes.raw.startswith('"""') and notes.raw.endswith('""""')
    assert (notes.line, notes.end_line) == (12, 16)
    literal = root.get("model_providers", "dash.scope", "literal")
    assert literal is not None and literal.line == 17 and literal.raw is not None and literal.raw.endswith("'''")
    after = root.get("model_providers", "dash.scope", "after")
    assert after is not None and (after.raw, _span(after)) == ("42", (20, 9, 20, 11))
    assert root.get("also") is None


def test_arrays_inline_tables_dotted_keys_and_dates(root: Node) -> None:
    fast = ("profiles", "fast")
    assert [n.line for n in root.get(*fast, "nums").value] == [24, 24, 25]  # type: ignore[union-attr]
    assert _span(root.get(*fast, "nums")) == (24, 8, 25, 7)
    assert _span(root.get(*fast, "nums", 2)) == (25, 3, 25, 4)
    url = root.get(*fast, "inline", "url")
    assert url is not None and url.raw == '"https://x"' and (url.line, url.column) == (26, 18)
    deep = root.get(*fast, "inline", "nested", "deep")
    assert deep is not None and deep.value is True and (deep.line, deep.column, deep.key_column) == (26, 45, 38)
    a2 = root.get(*fast, "inline", "list", 1, "a")
    assert a2 is not None and a2.value == 2 and (a2.line, a2.column) == (26, CODEX.splitlines()[25].index("2 }") + 1)
    when = root.get(*fast, "when")
    assert when is not None and when.raw == "1979-05-27 07:32:00Z" and when.value == "1979-05-27T07:32:00+00:00"
    assert root.get(*fast, "day").raw == "1979-05-27"  # type: ignore[union-attr]
    enabled = root.get(*fast, "site", "example.com", "enabled")
    assert enabled is not None and enabled.value is False and (enabled.line, enabled.column) == (29, 30)
    assert enabled.key_column == 20


def test_arrays_of_tables_are_numbered(root: Node) -> None:
    assert root.get("mcp", 0, "name").line == 32  # type: ignore[union-attr]
    assert root.get("mcp", 1, "name").line == 35  # type: ignore[union-attr]
    assert _span(root.get("mcp", 1)) == (34, 1, 34, 8)
    assert _span(root.get("mcp")) == (31, 1, 31, 8)
    assert root.get("mcp", 1, "env", "KEY").line == 37  # type: ignore[union-attr]
    assert [root.get("mcp", 1, "tools", i, "id").line for i in range(2)] == [39, 41]  # type: ignore[union-attr]


def test_values_the_scanner_cannot_place_fall_back_to_an_ancestor() -> None:
    from validator.parsing import toml as toml_module

    class Stopping(toml_module._Scanner):
        def inline_table(self, path):  # type: ignore[no-untyped-def]
            raise toml_module._Stop

    original = toml_module._Scanner
    toml_module._Scanner = Stopping  # type: ignore[misc]
    try:
        root = parse_toml('[t]\na = 1\nb = { c = "x" }\nd = 2\n')
    finally:
        toml_module._Scanner = original  # type: ignore[misc]
    assert root.get("t", "a").line == 2  # type: ignore[union-attr]
    c = root.get("t", "b", "c")
    assert c is not None and c.value == "x" and c.raw is None and c.line == 1  # the [t] header
    assert root.get("t", "d").line == 1  # type: ignore[union-attr]


def test_crlf_and_bom() -> None:
    root = parse_toml('\ufeffa = 1\r\n[b]\r\nc = "d"\r\n')
    assert _span(root.get("b", "c")) == (3, 5, 3, 8)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a = 1\nb = \n", 2, 5),
        ("[a]\nx = 1\n[a]\n", 3, 3),
        ('a = "unterminated\n', 1, 18),
        ("a = [1, 2\nb = 3\n", 2, 1),
        ("= 1\n", 1, 1),
    ],
)
def test_errors_have_tomllib_positions(text: str, line: int, column: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse_toml(text)
    assert (caught.value.line, caught.value.column) == (line, column), str(caught.value)
    assert "(at line" not in caught.value.message


def test_hostile_input_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_toml("a = " + "[" * 5000 + "]" * 5000)
    with pytest.raises(ParseError):
        parse_toml("a = " + "9" * 5000)
    with pytest.raises(ParseError, match="nesting"):
        parse_toml("a = " + "[" * 20 + "]" * 20, max_depth=10)


def _leaves(node: Node) -> list[Node]:
    if isinstance(node.value, dict):
        return [leaf for child in node.value.values() for leaf in _leaves(child)]
    if isinstance(node.value, list):
        return [leaf for child in node.value for leaf in _leaves(child)]
    return [node]


def test_every_scalar_in_the_fixture_is_located_exactly(root: Node) -> None:
    lines = CODEX.split("\n")
    for leaf in _leaves(root):
        assert leaf.raw is not None
        value = tomllib.loads(f"x = {leaf.raw}")["x"]
        value = value.isoformat() if hasattr(value, "isoformat") else value
        assert value == leaf.value
        if leaf.line == leaf.end_line:
            assert lines[leaf.line - 1][leaf.column - 1 : leaf.end_column - 1] == leaf.raw
