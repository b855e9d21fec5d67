"""``validator.sources.pysyntax`` is the part of :mod:`ast` the Python readers use, without
importing ``ast.py``: each piece is compared with :mod:`ast` itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator.sources import pysyntax

ROOT = Path(__file__).resolve().parents[3]
CORPUS = sorted(p for folder in ("validator", "rules", "tests", "examples", "bench") for p in (ROOT / folder).rglob("*.py"))


def test_the_node_classes_are_asts_own() -> None:
    names = [n for n in dir(ast) if isinstance(getattr(ast, n), type) and issubclass(getattr(ast, n), ast.AST)]
    assert len(names) > 100
    for name in names:
        if name.startswith("_") or name in ("slice", "Index", "ExtSlice", "Suite", "Param", "AugLoad", "AugStore",
                                            "Num", "Str", "Bytes", "NameConstant", "Ellipsis"):
            continue   # ast.py's deprecated aliases, and its private helpers (3.13: _ast_Ellipsis)
        assert getattr(pysyntax, name) is getattr(ast, name), name


def _same_tree(source: str) -> None:
    try:
        expected = ast.parse(source, "<f>")
    except (SyntaxError, ValueError) as exc:
        with pytest.raises(type(exc)) as got:
            pysyntax.parse(source, "<f>")
        assert got.value.args == exc.args
        return
    tree = pysyntax.parse(source, "<f>")
    assert ast.dump(tree, include_attributes=True) == ast.dump(expected, include_attributes=True)
    for node in ast.walk(tree):
        assert list(pysyntax.iter_child_nodes(node)) == list(ast.iter_child_nodes(node))
    assert list(pysyntax.walk(tree)) == list(ast.walk(tree))


def test_parse_and_traversal_match_ast_on_real_code() -> None:
    assert len(CORPUS) > 100
    for path in CORPUS:
        _same_tree(path.read_text(encoding="utf-8"))


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")
@pytest.mark.parametrize("source", [
    "", "x = (", "def f(:\n", "a = 1\x00", "print('é')\n", "match x:\n    case [1, *r] if r: pass\n",
    "async def f():\n    async with a as b, c:\n        await d\n", "x: int = lambda *a, k=1, **kw: {**kw}\n",
    "s = '\\d'\n",   # a SyntaxWarning in ast.parse's caller: the reader silences it around both
    "f(*[i async for i in g()])\n", "try:\n    pass\nexcept* E as e:\n    pass\n",
])
def test_parse_matches_ast_on_edge_cases(source: str) -> None:
    _same_tree(source)


_atoms = st.sampled_from(["x", "1", "'s'", "f(y)", "a.b", "[1, 2]", "{'k': v}", "(p, q)", "not z", "-n", "*r"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["{} = {}", "{}({}, k={})", "if {}:\n    {}\n", "return {}",
                                           "for {} in {}:\n    {}\n", "{} + {} * {}", "lambda: {}"]),
                          st.lists(_atoms, min_size=3, max_size=3)), max_size=8))
def test_parse_and_traversal_match_ast_on_generated_code(lines: list[tuple[str, list[str]]]) -> None:
    _same_tree("\n".join(template.format(*atoms) for template, atoms in lines))


@pytest.mark.parametrize("source", ["[1, 'a', (2.5, None)]", "{'k': {1, 2}}", "-1", "f(x)", "{**a}"])
def test_literal_eval_is_asts(source: str) -> None:
    node = ast.parse(source, mode="eval").body
    try:
        expected = ast.literal_eval(node)
    except ValueError as exc:
        with pytest.raises(ValueError) as got:
            pysyntax.literal_eval(node)
        assert got.value.args == exc.args
        return
    assert pysyntax.literal_eval(node) == expected
