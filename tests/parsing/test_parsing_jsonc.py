"""JSON (strict RFC 8259) and JSONC: values, positions, comments, trailing commas, errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator.parsing import ParseError, parse_json

SETTINGS = """\
{
  // Qwen Code settings
  "security": { "auth": { "selectedType": "openai" } },
  /* block
     comment */
  "modelProviders": {
    "openai": [
      { "id": "qwen3-coder-plus", "baseUrl": "https://dashscope.aliyuncs.com/compatible-mode/v1", },
    ],
  },
  "n": -1.5e2, "ok": true, "none": null,
}
"""


def test_jsonc_values_and_positions() -> None:
    root = parse_json(SETTINGS)
    assert root.get("security", "auth", "selectedType").value == "openai"  # type: ignore[union-attr]
    model = root.get("modelProviders", "openai", 0, "id")
    assert model is not None
    assert (model.value, model.raw) == ("qwen3-coder-plus", '"qwen3-coder-plus"')
    assert (model.line, model.column, model.end_line, model.end_column) == (8, 15, 8, 33)
    assert (model.key_line, model.key_column) == (8, 9)
    n = root.get("n")
    assert n is not None and (n.value, n.raw, n.line, n.column) == (-150.0, "-1.5e2", 11, 8)
    assert root.get("ok").value is True and root.get("none").value is None  # type: ignore[union-attr]


def test_container_spans() -> None:
    root = parse_json('{"a": [1,\n 2]}')
    a = root.get("a")
    assert a is not None and (a.line, a.column, a.end_line, a.end_column, a.raw) == (1, 7, 2, 4, None)
    assert (root.line, root.column, root.end_line, root.end_column) == (1, 1, 2, 5)


def test_strict_json_matches_json_loads() -> None:
    text = json.dumps({"a": ["x\n\"y\"", "é\u2028", "\U0001f600", 1, 0.5, 1e100, -0, True, None, {}], "b": {"c": []}})
    assert parse_json(text, jsonc=False).plain() == json.loads(text)


def test_escapes_and_surrogate_pairs() -> None:
    node = parse_json(r'["\ud83d\ude00", "\u00e9\t\/\\", "\b\f\n\r"]', jsonc=False)
    assert node.plain() == ["\U0001f600", "é\t/\\", "\b\f\n\r"]
    assert node.get(0).raw == r'"\ud83d\ude00"'  # type: ignore[union-attr]


def test_integers_stay_integers() -> None:
    assert parse_json("[0, -7, 12345678901234567890, 1.0]").plain() == [0, -7, 12345678901234567890, 1.0]
    assert isinstance(parse_json("3").value, int) and isinstance(parse_json("3.0").value, float)


def test_duplicate_key_last_value_wins() -> None:
    root = parse_json('{"a": 1, "b": 2, "a": 3}')
    assert root.plain() == json.loads('{"a": 1, "b": 2, "a": 3}')
    assert root.get("a").column == 23  # type: ignore[union-attr]


def test_bom_is_ignored() -> None:
    assert parse_json('\ufeff{"a": 1}').get("a").column == 7  # type: ignore[union-attr]


def test_comments_and_trailing_commas_refused_in_strict_mode() -> None:
    with pytest.raises(ParseError, match="comments") as caught:
        parse_json('{\n  // no\n  "a": 1}', jsonc=False)
    assert (caught.value.line, caught.value.column) == (2, 3)
    with pytest.raises(ParseError, match="trailing comma") as caught:
        parse_json('[1,\n 2 , ]', jsonc=False)
    assert (caught.value.line, caught.value.column) == (2, 4)


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("", 1, 1, "end of input"),
        ("  \n ", 2, 2, "end of input"),
        ('{"a" 1}', 1, 6, "':'"),
        ('{"a": 1\n "b": 2}', 2, 2, "','"),
        ("[1, 2", 1, 6, "end of input"),
        ('"abc', 1, 1, "unterminated string"),
        ('["ok",\n  "bad \\x"]', 2, 8, "invalid escape"),
        ('["\\u12G4"]', 1, 3, "\\u escape"),
        ('{"a":\n  "b\tc"}', 2, 5, "control character"),
        ("[01]", 1, 3, "','"),
        ("[1.]", 1, 3, "','"),
        ("[-]", 1, 2, "a value"),
        ("[NaN]", 1, 2, "a value"),
        ("{'a': 1}", 1, 2, "string key"),
        ("{a: 1}", 1, 2, "string key"),
        ('{"a": 1} x', 1, 10, "end of input"),
        ("[1] /* open", 1, 5, "unterminated /* comment"),
        ("[tru]", 1, 2, "a value"),
        ("[,]", 1, 2, "a value"),
        ('{"a":1,,}', 1, 8, "string key"),
    ],
)
def test_errors_point_at_the_offending_character(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_json(text)
    assert (caught.value.line, caught.value.column) == (line, column), str(caught.value)
    assert fragment in caught.value.message


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(ParseError, match="nesting") as caught:
        parse_json("[" * 100_000)
    assert (caught.value.line, caught.value.column) == (1, 201)
    assert parse_json("[" * 200 + "]" * 200).get(*([0] * 199)).value == []  # type: ignore[union-attr]
    with pytest.raises(ParseError, match="nesting"):
        parse_json('{"a":' * 11 + "1" + "}" * 11, max_depth=10)


def test_one_megabyte_reads_back_exactly() -> None:
    """1 MB comes back equal to what was dumped. Its speed against ``json.loads`` is
    ``bench/hostile.py`` speed:jsonc-1mb."""
    data = {f"k{i}": {"name": "x" * 20, "vals": [i, i * 1.5, None, True, "s\u1234"], "n": {"a": [1, 2]}} for i in range(6000)}
    text = json.dumps(data, indent=2)
    assert len(text) > 1_000_000
    root = parse_json(text)
    assert root.plain() == data


@pytest.mark.parametrize("value", ["", "plain", "é ü 中文", "\U0001F600", "\ud800", "a\"b\\c/d\b\f\n\r\t",
                                   "\x7f", "\u2028\u2029"])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_strings_decode_exactly_as_json_loads(value: str, ascii_only: bool) -> None:
    # jsonc decodes string tokens with json's own C scanner (not the json package): same values
    raw = json.dumps(value, ensure_ascii=ascii_only)
    assert parse_json(raw).value == json.loads(raw)
    assert list(parse_json('{%s: 1}' % raw).value) == list(json.loads('{%s: 1}' % raw))


@settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans())
def test_any_string_token_decodes_as_json_loads(value: str, ascii_only: bool) -> None:
    # with and without escapes: a token without a backslash is taken as it is, one with one goes
    # through json's scanner; both must give json.loads's value
    raw = json.dumps(value, ensure_ascii=ascii_only)
    assert parse_json(raw).value == json.loads(raw) == value
    bare = '"' + "".join(c for c in value if c not in '"\\' and c >= " ") + '"'
    assert parse_json(bare).value == json.loads(bare)
