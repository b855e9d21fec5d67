"""Property tests: parsers never raise anything but ParseError, and positions match the text."""

from __future__ import annotations

import json
import math
from typing import Any, Callable

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.parsing import Node, ParseError, parse_json, parse_toml, parse_yaml

FUZZ = settings(max_examples=int(__import__("os").environ.get("MSV_FUZZ_EXAMPLES", "150")), deadline=1000, suppress_health_check=[HealthCheck.too_slow])

SEEDS = {
    "yaml": "a: &x {b: [1, 'two', \"3\"]}\nc:\n  <<: *x\n  d: |\n    text\n---\n- *y\n",
    "json": '{"a": [1, -2.5e3, "x\\u00e9\\ud83d\\ude00"], /* c */ "b": {"c": null, "d": true,},} // end',
    "toml": '[a."b c"]\nx = """\nm\n"""\ny = [1, {z = 2}]\n[[t]]\nk = 1979-05-27T07:32:00Z\n',
}
PARSERS: dict[str, Callable[[str], Any]] = {
    "yaml": lambda text: parse_yaml(text, max_nodes=5_000, max_depth=50),
    "json": lambda text: parse_json(text, max_depth=50),
    "toml": parse_toml,
}


def _only_parse_error(kind: str, text: str) -> None:
    try:
        PARSERS[kind](text)
    except ParseError as error:
        assert error.line >= 0 and error.column >= 0
        assert str(error).endswith(f"(line {error.line}, column {error.column})")


@FUZZ
@given(kind=st.sampled_from(sorted(PARSERS)), text=st.text(max_size=300))
def test_random_text(kind: str, text: str) -> None:
    _only_parse_error(kind, text)


@FUZZ
@given(kind=st.sampled_from(sorted(PARSERS)), text=st.text(alphabet="[]{}:,-&*!|>#'\"\\\n =.<u0123abc/", max_size=200))
def test_random_structural_text(kind: str, text: str) -> None:
    _only_parse_error(kind, text)


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(sorted(SEEDS)))
    text = SEEDS[kind]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.text(alphabet="[]{}\"'\\:,#\n *&<>=.\x00\t-", min_size=1, max_size=3))
        if operation == "insert":
            text = text[:at] + piece + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return kind, text


@FUZZ
@given(_mutated())
def test_mutated_documents(case: tuple[str, str]) -> None:
    _only_parse_error(*case)


# --------------------------------------------------------------------------- positions

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)


def _scalars(node: Node) -> list[Node]:
    if isinstance(node.value, dict):
        return [leaf for child in node.value.values() for leaf in _scalars(child)]
    if isinstance(node.value, list):
        return [leaf for child in node.value for leaf in _scalars(child)]
    return [node]


def _slice(text: str, node: Node) -> str:
    """The source text of a span, computed independently of the parsers' line index."""
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    begin = starts[node.line - 1] + node.column - 1
    end = starts[node.end_line - 1] + node.end_column - 1
    return text[begin:end]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isinf(a) and a == b)
    return a == b and type(a) is type(b)


@FUZZ
@given(data=_DATA, indent=st.sampled_from([None, 0, 2]))
def test_json_positions_round_trip(data: Any, indent: int | None) -> None:
    text = json.dumps(data, indent=indent)
    root = parse_json(text, jsonc=False)
    assert root.plain() == json.loads(text)
    for leaf in _scalars(root):
        assert leaf.raw is not None and _slice(text, leaf) == leaf.raw
        assert _same(json.loads(leaf.raw), leaf.value)


@FUZZ
@given(data=_DATA, flow=st.sampled_from([None, False, True]))
def test_yaml_positions_round_trip(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=False)
    (root,) = parse_yaml(text)
    assert root.plain() == yaml.safe_load(text)
    for leaf in _scalars(root):
        assert leaf.raw is not None and _slice(text, leaf) == leaf.raw


# --------------------------------------------------------------------------- TOML positions

_BARE = __import__("re").compile(r"[A-Za-z0-9_-]+\Z")
_TOML_SCALARS = st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=12)
_TOML_KEYS = st.text(max_size=6) | st.sampled_from(["a", "b-c", "x_1", "a.b", "[t]", "k = v"])


def _toml_string(text: str) -> str:
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char < " " or char == "\x7f" or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE.match(key) else _toml_string(key)


def _toml_inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "inf" if value == math.inf else "-inf" if value == -math.inf else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_inline(item) for item in value) + "]"
    return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_inline(v)}" for k, v in value.items()) + " }"


def _toml_emit(table: dict[str, Any], path: list[str], as_header: Callable[[], bool]) -> list[str]:
    """A small TOML writer choosing headers, arrays of tables or inline forms at random."""
    lines: list[str] = []
    later: list[tuple[str, Any]] = []
    for key, value in table.items():
        is_tables = isinstance(value, list) and value and all(isinstance(item, dict) for item in value)
        if (isinstance(value, dict) or is_tables) and as_header():
            later.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_inline(value)}  # comment")
    for key, value in later:
        name = ".".join(_toml_key(part) for part in [*path, key])
        for item in value if isinstance(value, list) else [value]:
            lines.append(f"\n[[{name}]]" if isinstance(value, list) else f"\n[{name}]")
            lines.extend(_toml_emit(item, [*path, key], as_header))
    return lines


_TOML_DATA = st.recursive(
    _TOML_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TOML_KEYS, inner, max_size=4),
    max_leaves=20,
)


def _check_toml_scalars(text: str, node: Node) -> None:
    if isinstance(node.value, (dict, list)):
        children = node.value.values() if isinstance(node.value, dict) else node.value
        for child in children:
            if isinstance(node.value, dict):
                assert child.key_line > 0
            _check_toml_scalars(text, child)
        return
    assert node.raw is not None and _slice(text, node) == node.raw
    reparsed = _toml_loads(f"x = {node.raw}")["x"]
    assert reparsed == node.value and type(reparsed) is type(node.value)


def _toml_loads(text: str) -> dict[str, Any]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib.loads(text)


@FUZZ
@given(table=st.dictionaries(_TOML_KEYS, _TOML_DATA, max_size=5), choices=st.data())
def test_toml_positions_round_trip(table: dict[str, Any], choices: st.DataObject) -> None:
    text = "\n".join(_toml_emit(table, [], lambda: choices.draw(st.booleans()))) + "\n"
    root = parse_toml(text)
    assert root.plain() == _toml_loads(text) == table
    _check_toml_scalars(text, root)
