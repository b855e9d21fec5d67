"""Every regex and lexer msv runs over file content is linear in the input's size.

Each case feeds one finder (or the whole ``check`` of one file) an adversarial input — the
structured shapes that make a backtracking regex or a rescanning loop quadratic: a repeated
opener never closed, a label repeated without its dot, a chain of the same token — at a size
``n`` and at ``4n``, and asserts the cost grew by a *ratio* a linear finder meets (4, with room
for noise on shared cores) and a quadratic one cannot (16). The size ``n`` is calibrated so the
small run takes long enough to time. Ratios, never absolute times.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pytest

RATIO = 9.0          # linear: ~4; quadratic: ~16
MIN_SECONDS = 0.02   # the small input must cost at least this much to be timed meaningfully
TRIES = 3


def _cost(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(TRIES):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(make: Callable[[int], Callable[[], object]], start: int = 1000, limit: int = 1 << 20) -> None:
    """``make(n)`` returns a zero-argument call doing the work for size ``n``."""
    n = start
    small = _cost(make(n))
    while small < MIN_SECONDS and n * 4 <= limit:
        n *= 2
        small = _cost(make(n))
    large = _cost(make(4 * n))
    ratio = large / max(small, 1e-9)
    if ratio >= RATIO:   # one retry: a neighbour's burst can land on one measurement
        small, large = _cost(make(n)), _cost(make(4 * n))
        ratio = large / max(small, 1e-9)
    assert ratio < RATIO, f"cost grew {ratio:.1f}x for 4x the input (n={n}: {small:.3f}s -> {large:.3f}s)"


# --------------------------------------------------------------------------- finders


def _markers_url(k: int):
    from validator.sources.markers import MS_URL

    text = "see https://" + "dashscope" * k + " and https://" + "a." * k + "dashscope_x\n"
    return lambda: list(MS_URL.finditer(text))


def _markers_url_heads(k: int):
    from validator.sources.markers import MS_URL

    text = "http://" * k + "https://..dashscope" * k
    return lambda: list(MS_URL.finditer(text))


def _markers_host(k: int):
    from validator.sources.markers import MS_HOST

    texts = ["a." * k + "dashscope.a_", "dashscope" * k, "x-dashscope." * k + "_"]
    return lambda: [MS_HOST.fullmatch(t) for t in texts]


def _refs(k: int):
    from validator.sources.refs import find_references

    texts = ["${A:-" * k, "${{" * k, "${env:A" * k, "{env:" * k, "$A" * k]
    return lambda: [find_references(t, bare=True) for t in texts]


def _ps_comments(k: int):
    from validator.sources.shell import _blank_ps_comments

    texts = ["<#" * k, "# a\n" * k + "<# x #>", "<##>" * k]
    return lambda: [_blank_ps_comments(t) for t in texts]


def _actions_expr(k: int):
    from validator.sources.actions import _has_expr

    texts = ["${{" * k + "x" * i for i in range(50)]   # str.find is fast: enough work to time
    return lambda: [_has_expr(t) for t in texts]


def _url_placeholder(k: int):
    from validator.rules.endpoint import _URL_PLACEHOLDER

    texts = ["https://h/" + "{" * k, "https://h/" + "[id" * k, "https://h/" + "<" * k,
             "https://h/$" + "WORKSPACE" * k + "x", "https://h/" + "llm-" + "x" * k + "a"]
    return lambda: [_URL_PLACEHOLDER.search(t) for t in texts]


def _redact_many_secrets(k: int):
    from validator.redact import redact_text

    secrets = tuple(f"sk-{i:032x}" for i in range(k // 20 + 1))
    lines = [f"api_key='sk-{i:032x}' and sk-0000000000 again" for i in range(k // 20 + 1)]
    return lambda: [redact_text(line, secrets) for line in lines]


def _redact_long_line(k: int):
    from validator.redact import redact_pasted, redact_text

    secrets = ("sk-0123456789abcdef0123456789abcdef",)
    texts = ["sk-0123456789" * k, "\\x73k-" * k, "Authorization: " * k, "QUJD" * k, "://a:" * k + "@",
             "sk-0123\n" * k]
    return lambda: [(redact_text(t, secrets), redact_pasted(t)) for t in texts]


def _jslex(k: int):
    from validator.sources.base import Document
    from validator.sources.registry import by_name

    reader = by_name("javascript")
    doc = Document(Path("app.ts"), "app.ts", "// dashscope\n" + "process.env." * k + "\n" + "new OpenAI." * k + "\n")
    return lambda: reader.read(doc)


def _source_code(k: int):
    """The C-family reader: an opener chain never closed, a builder chain, PHP arrays, C# initialisers."""
    from validator.sources.base import Document
    from validator.sources.registry import by_name

    reader = by_name("source-code")
    docs = [Document(Path("Main.java"), "Main.java", "// openai\n" + "OpenAIOkHttpClient.builder().baseUrl(" * k),
            Document(Path("main.go"), "main.go", "// openai\nx := openai.ChatCompletionNewParams{" + "A: T{" * k),
            Document(Path("x.php"), "x.php", "<?php // openai\n$a = [" + "'k' => [" * k + "; curl_init('https://x');"),
            Document(Path("P.cs"), "P.cs", "// openai\n" + "new OpenAIClientOptions { Endpoint = " * k)]
    return lambda: [reader.read(d) for d in docs]


def _unclosed(k: int):
    """What the lexer cannot close, repeated: each opener must not search the rest of the file
    again (escaped quotes on one line, raw strings, heredocs, C# quote runs, brackets, PHP tags)."""
    from validator.sources.langcode import read
    from validator.sources.base import Document

    docs = [("A.java", "// openai\nString s = " + '\\"' * k + "\n"),
            ("x.php", "<?php // openai\n$s = " + '"\\' * k + "\n"),
            ("main.rs", "// openai\n" + 'r#"' * k),
            ("y.php", "<?php // openai\n" + "$a = <<<EOT\n" * k),
            ("P.cs", "// openai\n" + '"' * k + "\n" + '$"""' * k),
            ("B.java", "// openai\n" + "{(" * k + "\n" + ")]" * k),
            ("z.php", "<?php // openai\n" + "?> a <?php $x = '" * k)]
    built = [Document(Path(name), name, text) for name, text in docs]
    return lambda: [read(d) for d in built]


def _requests(k: int):
    """curl commands and .http requests repeated, and a request call chain in Python."""
    from validator.sources.base import Document
    from validator.sources.commands import command_requests, http_file_requests
    from validator.sources.langcode import script_requests
    from validator.sources.shell import lex_word

    sh = Document(Path("a.sh"), "a.sh", "curl -H 'x: y' https://dashscope.aliyuncs.com/api/v1 \\\n" * k)
    http = Document(Path("a.http"), "a.http", "POST https://dashscope.aliyuncs.com/api/v1\n\n{\n" * k)
    py = Document(Path("a.py"), "a.py", "import requests\n# http\n" + "requests.post(" * k)
    # whole requests whose headers are judged: the same names again and again, long builder chains
    url = '"https://dashscope.aliyuncs.com/compatible-mode/v1/models"'
    py2 = Document(Path("b.py"), "b.py", "import requests\nh = {'a': 'b'}\n" + f"requests.post({url}, headers=h)\n" * k)
    js = Document(Path("c.mjs"), "c.mjs", "const o = { headers: { a: 'b' } };\n" + f"fetch({url}, o);\n" * k)
    return lambda: (command_requests(sh, lex_word), http_file_requests(http), script_requests(py, "python"),
                    script_requests(py2, "python"), script_requests(js, "js"))


def _whole_requests(k: int):
    """Requests in Java, Go, C# and PHP whose every header is looked for, repeated."""
    from validator.sources.base import Document
    from validator.sources.registry import by_name

    reader = by_name("source-code")
    url = '"https://dashscope.aliyuncs.com/compatible-mode/v1/models"'
    docs = [Document(Path("M.java"), "M.java", "// openai\nHttpRequest.newBuilder()" + f".uri(URI.create({url}))" * k
                     + ".build();\n"),
            Document(Path("m.go"), "m.go", "// openai\n" + f"req, _ := http.NewRequest(\"GET\", {url}, nil)\n"
                     "http.DefaultClient.Do(req)\n" * k),
            Document(Path("P.cs"), "P.cs", "// openai\nvar c = new HttpClient();\n"
                     + f"new HttpRequestMessage(HttpMethod.Get, {url}); c.SendAsync(m);\n" * k),
            Document(Path("x.php"), "x.php", "<?php // openai\n$ch = curl_init();\n"
                     + f"curl_setopt($ch, CURLOPT_URL, {url});\n" * k)]
    return lambda: [reader.read(d) for d in docs]


def _gitignore(k: int):
    from validator.sources.walk import _compile

    rules = [_compile(p) for p in ("*a*a*a*a*a*a*a*b", "**a**a**a**a**b", "a*/**/*a*b", "*a?a*a?b")]
    paths = ["a" * k, "a/" * (k // 2) + "a" * k, "ab" * k]
    return lambda: [r.regex.match(p) for r in rules if r is not None for p in paths]


def _settings_globs(k: int):
    """``exclude`` and ``per-path-ignores`` globs come from the repository's settings: matched
    with :mod:`fnmatch`, whose translation is atomic since Python 3.9."""
    import fnmatch

    paths = ["a" * k, "a/" * (k // 2) + "a" * k]
    return lambda: [fnmatch.fnmatch(p, g) for g in ("*a*a*a*a*a*a*a*b", "*a?a*a?b") for p in paths]


FINDERS = {
    "gitignore": (_gitignore, 500), "settings-globs": (_settings_globs, 500),
    "markers-url": (_markers_url, 500), "markers-url-heads": (_markers_url_heads, 500),
    "markers-host": (_markers_host, 500), "refs": (_refs, 500), "powershell-comments": (_ps_comments, 500),
    "actions-expression": (_actions_expr, 2000), "url-placeholder": (_url_placeholder, 500),
    "redact-many-secrets": (_redact_many_secrets, 2000), "redact-long-line": (_redact_long_line, 200),
    "javascript-lexer": (_jslex, 200), "source-code-lexer": (_source_code, 200), "raw-requests": (_requests, 100),
    "whole-requests": (_whole_requests, 100), "lexer-unclosed": (_unclosed, 500),
}


@pytest.mark.parametrize("name", sorted(FINDERS))
def test_finder_cost_grows_linearly(name: str) -> None:
    make, start = FINDERS[name]
    assert_linear(make, start)


# --------------------------------------------------------------------------- whole files

FILES: dict[str, tuple[str, Callable[[int], str]]] = {
    "readme-dashscope": ("README.md", lambda k: "see https://" + "dashscope" * k + "\n"),
    "dotenv-url": (".env", lambda k: "DASHSCOPE_BASE_URL=https://" + "dashscope" * k + "\n"),
    "dotenv-many": (".env", lambda k: "".join(f"DASHSCOPE_V{i}=\"${{A:-${{B}}}}\" # x\n" for i in range(k // 4))),
    "actions": (".github/workflows/ci.yml", lambda k: 'on: push\njobs:\n  a:\n    runs-on: x\n    env:\n'
                                                     '      DASHSCOPE_API_KEY: "' + "${{" * k + '"\n'),
    "powershell": ("setup.ps1", lambda k: "# dashscope\n$env:DASHSCOPE_API_KEY = 'x' " + "<#" * k + "\n"),
    "shell": ("setup.sh", lambda k: '# dashscope\nexport DASHSCOPE_BASE_URL="' + "${A:-" * k + '"\n'),
    "typescript": ("app.ts", lambda k: "// dashscope\n" + "process.env." * k + "\n"),
    "python": ("app.py", lambda k: "from openai import OpenAI\nOpenAI(base_url='https://" + "dashscope" * k + "')\n"
                                   + "x = 'sk-' " * k + "\n"),
    "json": (".claude/settings.json", lambda k: '{"env": {"ANTHROPIC_BASE_URL": "https://' + "dashscope" * k
                                                + '", "x": "' + "\\u0073" * k + '"}}\n'),
    "java": ("Main.java", lambda k: "// dashscope\nclass M { String u = " + "\"https://dashscope\" + " * k + "\"\"; }\n"),
    "curl": ("call.sh", lambda k: "curl https://" + "dashscope" * k + " -d '" + "{" * k + "'\n"),
    "compose": ("docker-compose.yml", lambda k: "services:\n  a:\n    environment:\n      DASHSCOPE_API_KEY: '"
                                                + "${{" * k + "'\n      OPENAI_BASE_URL: https://" + "dashscope" * k + "\n"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_check_cost_grows_linearly(name: str, tmp_path: Path) -> None:
    from validator.catalogue import load
    from validator.engine import Options, check

    path, body = FILES[name]
    cat = load()
    options = Options(jobs=1)
    counter = iter(range(1 << 30))

    def make(k: int):
        root = tmp_path / f"n{next(counter)}"
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body(k), encoding="utf-8")
        return lambda: check([str(root)], options, cat)

    assert_linear(make, 500, limit=200_000)


# --------------------------------------------------------------------------- the per-file cap


def test_a_file_over_the_time_limit_becomes_file_too_slow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last bound: a reader still running when the file's time is up is abandoned; the
    file is an info finding and the rest of the tree is checked."""
    from validator import limits
    from validator.catalogue import load
    from validator.engine import Options, check
    from validator.sources import registry

    reader = registry.by_name("dotenv")
    monkeypatch.setattr(limits, "FILE_SECONDS", 1.5)

    def stuck(doc):  # type: ignore[no-untyped-def]
        while True:   # a reader that never ends (a case the linear-time work missed)
            time.sleep(0.01)

    real_read = type(reader).read   # readers are LazyReader instances of one class: patch only this one
    monkeypatch.setattr(type(reader), "read",
                        lambda self, doc: stuck(doc) if self is reader else real_read(self, doc))
    (tmp_path / ".env").write_text("DASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n")
    (tmp_path / "app.py").write_text("from openai import OpenAI\n"
                                     "OpenAI(base_url='https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions')\n")
    start = time.monotonic()
    report = check([str(tmp_path)], Options(jobs=1), load())
    assert time.monotonic() - start < 10
    slow = [f for f in report.findings if f.rule == "file-too-slow"]
    assert len(slow) == 1 and slow[0].loc.path.endswith(".env") and str(slow[0].severity) == "info", [f.loc for f in slow]
    assert any(f.loc.path.endswith("app.py") for f in report.findings), "the rest of the tree is still checked"
