"""Node navigation and ParseError formatting, on directly built trees."""

from __future__ import annotations

import pickle

from validator.model import Location
from validator.parsing import Node, ParseError


def _tree() -> Node:
    leaf = Node("v", 3, 5, 3, 8, '"v"', 3, 1)
    number = Node(7, 4, 3, 4, 4, "7")
    items = Node([number], 4, 1, 4, 10, None, 2, 1)
    return Node({"a": Node({"b": leaf}, 2, 1, 3, 8, None, 1, 1), "list": items}, 1, 1, 5, 1)


def test_get_walks_keys_and_indexes() -> None:
    root = _tree()
    assert root.get("a", "b") is not None and root.get("a", "b").value == "v"  # type: ignore[union-attr]
    assert root.get("list", 0).value == 7  # type: ignore[union-attr]
    assert root.get("list", -1).value == 7  # type: ignore[union-attr]
    assert root.get() is root


def test_get_returns_none_for_missing_or_wrong_kind() -> None:
    root = _tree()
    assert root.get("missing") is None
    assert root.get("a", "b", "c") is None  # scalar has no keys
    assert root.get("list", 1) is None
    assert root.get("list", "0") is None  # a string step never indexes a list
    assert root.get("a", 0) is None  # an int step never looks up a dict
    assert root.get("list", True) is None  # bool is not an index


def test_plain_items_and_loc() -> None:
    root = _tree()
    assert root.plain() == {"a": {"b": "v"}, "list": [7]}
    assert [key for key, _ in root.items()] == ["a", "list"]
    assert root.get("a", "b").items() == []  # type: ignore[union-attr]
    assert root.get("a", "b").loc("cfg.yaml") == Location("cfg.yaml", 3, 5, 3, 8)  # type: ignore[union-attr]


def test_parse_error_text_and_fields() -> None:
    error = ParseError("bad thing", 4, 2)
    assert (error.message, error.line, error.column) == ("bad thing", 4, 2)
    assert str(error) == "bad thing (line 4, column 2)"
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
