"""Values of expressions (``validator.sources.cvalues``): where an expression ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.sources.base import Document
from validator.sources.clex import tokenize
from validator.sources.cvalues import Evaluator


def _expression(text: str, lang: str, name: str) -> str:
    """The source text of the expression assigned to ``name``."""
    doc = Document(Path("x"), "x", text)
    ev = Evaluator(doc, tokenize(text, lang), lang)
    start = ev.assigned[name]
    end = ev.expr_end(start)
    return text[ev.toks[start].start:ev.toks[end - 1].end]


@pytest.mark.parametrize("text, lang, expected", [
    # a line break ends a statement-level expression in these languages…
    ('u = "https://a/v1"\nrequests.post(u)\n', "python", '"https://a/v1"'),
    ('u := "https://a/v1"\nhttp.Get(u)\n', "go", '"https://a/v1"'),
    ('val u = "https://a/v1"\nclient.get(u)\n', "kotlin", '"https://a/v1"'),
    ('const u = "https://a/v1"\nfetch(u)\n', "js", '"https://a/v1"'),
    # …but not inside brackets, nor after an operator, nor before one that goes on, nor after "\"
    ('u = ("https://a"\n     "/v1")\nrequests.post(u)\n', "python", '("https://a"\n     "/v1")'),
    ('u := "https://a" +\n\t"/v1"\nhttp.Get(u)\n', "go", '"https://a" +\n\t"/v1"'),
    ('const u = "https://a"\n  + "/v1";\nfetch(u)\n', "js", '"https://a"\n  + "/v1"'),
    ('u = "https://a" + \\\n    "/v1"\nrequests.post(u)\n', "python", '"https://a" + \\\n    "/v1"'),
    ('u = base\n    .rstrip("/")\n', "js", 'base\n    .rstrip("/")'),
    # semicolon languages: a line break never ends an expression
    ('String u = "https://a"\n  + "/v1";\n', "java", '"https://a"\n  + "/v1"'),
])
def test_where_an_expression_ends(text: str, lang: str, expected: str) -> None:
    assert _expression(text, lang, "u") == expected


def test_a_statement_level_value_does_not_run_into_the_next_lines() -> None:
    """``h = {…}`` then many calls that use it: each lookup stops at the end of its line (the
    scan used to run to the end of the file for every call: quadratic, ``bench/hostile.py``)."""
    text = "import requests\nh = {'a': 'b'}\n" + 'requests.post("https://a/v1", headers=h)\n' * 50
    assert _expression(text, "python", "h") == "{'a': 'b'}"
