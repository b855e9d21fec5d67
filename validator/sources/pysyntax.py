"""Python's syntax tree for the Python readers, without importing :mod:`ast` itself.

``ast.py`` is ``from _ast import *`` (the node classes, built into the interpreter) plus helpers
written in Python; importing it costs ~2 ms with :mod:`contextlib`, which it needs, on a
pre-commit run of ~60 ms (docs/architecture.md, "Start-up"). The readers need only the node
classes and three of the helpers, so this module gives those: the same classes (``Call`` here
*is* ``ast.Call``), :func:`parse` as ``ast.parse`` compiles (the ``PyCF_ONLY_AST`` flag, no type
comments, the running Python's grammar), and :func:`iter_child_nodes` / :func:`walk` as in
``ast.py``. :func:`literal_eval` is ``ast.literal_eval``, importing :mod:`ast` when first asked.
``tests/sources/python_code/test_pysyntax.py`` compares each with :mod:`ast` on real and generated sources.
"""

from __future__ import annotations

from _ast import *  # noqa: F403 - the node classes, exactly what ``ast`` re-exports
from _ast import AST, PyCF_ONLY_AST
from collections import deque   # imported before msv starts (by re)

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterator


def parse(source: str | bytes, filename: str = "<unknown>") -> Module:  # noqa: F405
    """``ast.parse(source, filename)``: a module's tree (``SyntaxError``/``ValueError`` as there)."""
    return compile(source, filename, "exec", PyCF_ONLY_AST)


def iter_child_nodes(node: AST) -> Iterator[AST]:
    """``ast.iter_child_nodes``: the direct children, in field order."""
    for name in node._fields:
        try:
            field = getattr(node, name)
        except AttributeError:
            continue
        if isinstance(field, AST):
            yield field
        elif isinstance(field, list):
            for item in field:
                if isinstance(item, AST):
                    yield item


def walk(node: AST) -> Iterator[AST]:
    """``ast.walk``: ``node`` and every descendant, breadth first."""
    todo = deque([node])
    while todo:
        current = todo.popleft()
        todo.extend(iter_child_nodes(current))
        yield current


def literal_eval(node: Any) -> Any:
    """``ast.literal_eval`` (rarely needed: :mod:`ast` is imported on its first call)."""
    import ast

    return ast.literal_eval(node)
