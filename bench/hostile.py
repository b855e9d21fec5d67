"""Hostile input: msv's cost grows linearly with it, and its parsers keep pace with a reference.

    python bench/hostile.py [--only NAME] [--pairs 7] [--list]

The speed half of the hardening tests (``tests/hardening``, ``tests/parsing``): those assert
what msv *does* with hostile, huge and pathological input (a clear finding, no traceback, the
right output, no hang); this measures how long it takes. Every figure is a ratio measured pair
by pair in this one run (``harness.paired_calls``: A B B A …, the median of the per-pair ratios),
so the drift of a shared machine cancels out:

* **growth** (most cases): the same work at size ``n`` and ``4n``; the figure is
  t(4n) / t(n). Linear work gives about 4 (less where fixed costs still count), quadratic
  about 16; the target is < 8. ``n`` is doubled from the case's start until t(n) >= 20 ms, so
  the small run is long enough to time. The cases: every regex and lexer msv runs over file
  content (``finder:``) and the whole ``check`` of one file (``file:``), each on the structured
  shapes that make a backtracking regex or a rescanning loop quadratic (a repeated opener never
  closed, a label repeated without its dot, a chain of the same token); each reader on a file of
  one repeated pathological line (``reader:``); the hostile fork's tree (``fork``); a variable
  redefined n times (``collapse``); YAML nested n deep (``yaml-deep``).
* **fixed sizes**: ``file:dotenv-references`` checks 128 KiB and then 512 KiB of ``A=${B}``
  lines (every line a binding to place; the size limit, 2 MiB, takes several seconds, see the
  README); ``yaml-bomb`` compares refusing a billion-laughs bomb of 10 levels (3.5e9
  nodes) with one of 5 (6e4 nodes, under the limit; both a few hundred bytes): the node limit
  stops the large one early, target < 4x.
* **speed against a reference**: msv's position-keeping parsers on the same text as the
  standard parser: 1 MB of JSON through ``parse_json`` vs ``json.loads`` (target < 60x) and a
  5,000-entry YAML file through ``parse_yaml`` vs ``yaml.load(CSafeLoader)`` (target < 2x).

msv's per-file time limit (``validator.limits.FILE_SECONDS``, which turns a slow file into a
``file-too-slow`` finding) is switched off here, so every run does the whole work it measures.
Exit status 1 when a target is missed. ``--only`` takes a substring of the case names
(``--list`` prints them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import paired_calls, timed  # noqa: E402

KEY = "sk-" + "0123456789abcdef" * 2   # a key-shaped value, built so msv's own check of bench/ finds no key
GROWTH = 4            # the large input is this many times the small one
GROWTH_TARGET = 8.0   # linear: ~4; quadratic: ~16
MIN_SECONDS = 0.02    # the small input must cost at least this much to be timed meaningfully
MiB = 1024 * 1024

Make = Callable[[int], Callable[[], object]]


@dataclass(frozen=True)
class Case:
    """One figure: ``growth`` cases give ``make`` and a start size; ``ratio`` cases give the two
    calls (``a`` measured against ``b``)."""
    name: str
    target: float
    make: Make | None = None
    start: int = 0
    limit: int = 1 << 20
    calibrate: bool = True
    pair: Callable[[bool], tuple[Callable[[], object], Callable[[], object], str]] | None = None


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

    secrets = (KEY,)
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
    from validator.sources.base import Document
    from validator.sources.langcode import read

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
    return lambda: (command_requests(sh, lex_word), http_file_requests(http), script_requests(py, "python"))


def _header_requests(language: str):
    """Whole requests whose headers are judged, the same call again and again (each its own
    case: together with the cheaper finders above, a quadratic one hid below the target)."""
    def make(k: int):
        from validator.sources.base import Document
        from validator.sources.langcode import script_requests

        url = '"https://dashscope.aliyuncs.com/compatible-mode/v1/models"'
        if language == "python":
            doc = Document(Path("b.py"), "b.py", "import requests\nh = {'a': 'b'}\n"
                           + f"requests.post({url}, headers=h)\n" * k)
        else:
            doc = Document(Path("c.mjs"), "c.mjs", "const o = { headers: { a: 'b' } };\n" + f"fetch({url}, o);\n" * k)
        return lambda: script_requests(doc, language)

    return make


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


def _pasted(k: int):
    """A pasted error: unbalanced braces, quotes and repeated prefixes (``msv diagnose``)."""
    from validator.probe.body import parse_pasted

    texts = ["{" * k, "[" * k + "]" * k, "'" * k, "{'a': " * k, "status_code=" * k]
    return lambda: [parse_pasted(t) for t in texts]


FINDERS: dict[str, tuple[Make, int]] = {
    "gitignore": (_gitignore, 500), "settings-globs": (_settings_globs, 500),
    "markers-url": (_markers_url, 500), "markers-url-heads": (_markers_url_heads, 500),
    "markers-host": (_markers_host, 500), "refs": (_refs, 500), "powershell-comments": (_ps_comments, 500),
    "actions-expression": (_actions_expr, 2000), "url-placeholder": (_url_placeholder, 500),
    "redact-many-secrets": (_redact_many_secrets, 2000), "redact-long-line": (_redact_long_line, 200),
    "javascript-lexer": (_jslex, 200), "source-code-lexer": (_source_code, 200), "raw-requests": (_requests, 100),
    "whole-requests": (_whole_requests, 100), "header-requests-python": (_header_requests("python"), 100),
    "header-requests-js": (_header_requests("js"), 100), "lexer-unclosed": (_unclosed, 500), "pasted-error": (_pasted, 500),
}


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
    # the size limit's worst case for the line-oriented formats: every line a binding to place
    "dotenv-references": (".env", lambda k: "DASHSCOPE_API_KEY=x\n" + "A=${B}\n" * (k // 7)),
    # the hostile pull request of tests/hardening/test_hostile_fork.py: its three pathological lines
    "fork": ("", lambda k: ""),
}


def _fork_files(k: int) -> dict[str, str]:
    n = k // 9
    return {
        "README.md": "see https://" + "dashscope" * n + "\n",
        "setup.sh": '# dashscope\nexport DASHSCOPE_BASE_URL="' + "${A:-" * (n * 9 // 5) + '"\n',
        ".github/workflows/ci.yml": 'on: push\njobs:\n  a:\n    runs-on: x\n    env:\n'
                                    '      DASHSCOPE_API_KEY: "' + "${{" * (n * 3) + '"\n',
    }


def _file_case(name: str, workdir: Path) -> Make:
    path, body = FILES[name]
    counter = iter(range(1 << 30))

    def make(k: int):
        from validator.catalogue import load
        from validator.engine import Options, check

        root = workdir / f"{name}-{next(counter)}"
        for rel, text in (_fork_files(k) if name == "fork" else {path: body(k)}).items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        cat, options = load(), Options(jobs=1)
        return lambda: check([str(root)], options, cat)

    return make


# --------------------------------------------------------------------------- readers on repetitive input

PATHOLOGICAL = {
    "many-references": "A=${B}\n",
    "many-urls": "U=https://dashscope.aliyuncs.com/compatible-mode/v1\n",
    "many-keys": f"K={KEY}\n",
    "quotes": "'\"`",
    "dollars": "${$(",
    "dashes": "- ",
    "anchors": "&a *a ",
}
HOMES = {
    "dotenv": ".env", "shell": "run.sh", "python": "app.py", "javascript": "app.js", "compose": "docker-compose.yml",
    "claude-code-settings": ".claude/settings.json", "codex-config": ".codex/config.toml",
    "spring-config": "application.properties",
}


def _reader_case(reader: str, pattern: str) -> Make:
    """One reader, then the literal scan, on a file of one pathological unit repeated to ``k`` bytes."""
    def make(k: int):
        from validator.sources.base import Document
        from validator.sources.literals import scan
        from validator.sources.registry import by_name

        unit = PATHOLOGICAL[pattern]
        text = "DASHSCOPE_API_KEY=x qwen openai\n" + unit * (k // len(unit))
        display = HOMES[reader]
        doc = Document(Path("/hostile") / display, display, text)
        r = by_name(reader)

        def run() -> None:
            result = r.read(doc)
            scan(doc, result.targets, result.bindings)

        return run

    return make


# --------------------------------------------------------------------------- the rest


def _collapse(k: int):
    """One variable redefined ``k`` times: the losers were once kept with ``insert(0, …)``."""
    from validator.model import Binding, Location
    from validator.sources.base import EnvBlock
    from validator.sources.envgroup import collapse

    block = EnvBlock(None, Location(".env"), [Binding("A", "1", Location(".env", i + 1, 1), "dotenv") for i in range(k)])
    return lambda: collapse(block)


def _yaml_deep(k: int):
    from validator.parsing import ParseError, parse_yaml

    text = "[" * k + "]" * k

    def run() -> None:
        try:
            parse_yaml(text)
        except ParseError:
            pass

    return run


def _laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _yaml_bomb_pair(tiny: bool):
    from validator.parsing import ParseError, parse_yaml

    def refuse(text: str) -> Callable[[], object]:
        def run() -> None:
            try:
                parse_yaml(text)
            except ParseError:
                return
            raise AssertionError("an alias bomb was accepted")
        return run

    return refuse(_laughs(10)), refuse(_laughs(5)), "a bomb of 5 levels"


def _jsonc_pair(tiny: bool):
    from validator.parsing import parse_json

    data = {f"k{i}": {"name": "x" * 20, "vals": [i, i * 1.5, None, True, "s\u1234"], "n": {"a": [1, 2]}}
            for i in range(50 if tiny else 6000)}
    text = json.dumps(data, indent=2)
    return (lambda: parse_json(text)), (lambda: json.loads(text)), f"json.loads ({len(text) / 1e6:.1f} MB)"


def _yaml_pair(tiny: bool):
    import yaml

    from validator.parsing import parse_yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    data = {f"k{i}": {"name": "x" * 20, "vals": [i, i * 1.5, None, True]} for i in range(50 if tiny else 5000)}
    text = yaml.safe_dump(data)
    return (lambda: parse_yaml(text, max_nodes=1_000_000)), (lambda: yaml.load(text, Loader=loader)), \
        f"yaml.load({loader.__name__}, {len(text) / 1e6:.1f} MB)"


def cases(workdir: Path) -> list[Case]:
    out = [Case(f"finder:{name}", GROWTH_TARGET, make, start) for name, (make, start) in sorted(FINDERS.items())]
    out += [Case(f"file:{name}", GROWTH_TARGET, _file_case(name, workdir), 500, limit=200_000)
            for name in sorted(FILES) if name not in ("dotenv-references", "fork")]
    out += [Case("file:dotenv-references", GROWTH_TARGET, _file_case("dotenv-references", workdir), 128 * 1024,
                 calibrate=False),
            Case("fork", GROWTH_TARGET, _file_case("fork", workdir), 25 * 1024, limit=400 * 1024)]
    out += [Case(f"reader:{reader}:{pattern}", GROWTH_TARGET, _reader_case(reader, pattern), 16 * 1024,
                 limit=1 << 20) for reader in sorted(HOMES) for pattern in sorted(PATHOLOGICAL)]
    out += [Case("collapse", GROWTH_TARGET, _collapse, 5000, limit=1 << 21),
            Case("yaml-deep", GROWTH_TARGET, _yaml_deep, 25_000, limit=1 << 21),
            Case("yaml-bomb", 4.0, pair=_yaml_bomb_pair),
            Case("speed:jsonc-1mb", 60.0, pair=_jsonc_pair),
            Case("speed:yaml-5000-entries", 2.0, pair=_yaml_pair)]
    return out


TINY = 64   # --tiny: the size every case runs at (the bench's own test: it runs, nothing is timed)


def measure(case: Case, pairs: int, min_seconds: float, tiny: bool = False) -> tuple[float, str]:
    """(ratio, what it was measured against) for one case."""
    if case.pair is not None:
        a, b, against = case.pair(tiny)
        got = paired_calls(a, b, pairs=pairs)
        return got.ratio, f"{got.median_a * 1000:.1f} ms vs {against} {got.median_b * 1000:.1f} ms"
    assert case.make is not None
    n = min(case.start, TINY) if tiny else case.start
    small = case.make(n)
    small()                                   # the first call pays for imports and caches
    if case.calibrate and not tiny:
        while min(timed(small), timed(small)) < min_seconds and n * 2 * GROWTH <= case.limit:
            n *= 2
            small = case.make(n)
    large = case.make(GROWTH * n)
    got = paired_calls(large, small, pairs=pairs)
    return got.ratio, f"n={n:,} ({got.median_b * 1000:.1f} ms -> {got.median_a * 1000:.1f} ms at {GROWTH}n)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="run only the cases whose name contains this")
    ap.add_argument("--pairs", type=int, default=7, help="pairs of runs per case (the median ratio is reported)")
    ap.add_argument("--min-seconds", type=float, default=MIN_SECONDS,
                    help="grow n until the small run takes this long (0: measure at the start size)")
    ap.add_argument("--list", action="store_true", help="print the case names and exit")
    ap.add_argument("--tiny", action="store_true",
                    help=f"every case once at size {TINY}: checks the bench runs (its figures mean nothing)")
    args = ap.parse_args(argv)

    from validator import limits

    limits.FILE_SECONDS = 0     # measure the whole work, never a file abandoned half-way

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg()) if hasattr(os, 'getloadavg') else '?'}\n")
    missed = []
    with tempfile.TemporaryDirectory(prefix="msv-bench-hostile-") as tmp:
        chosen = [c for c in cases(Path(tmp)) if args.only in c.name]
        if args.list:
            print("\n".join(c.name for c in chosen))
            return 0
        width = max((len(c.name) for c in chosen), default=10)
        for case in chosen:
            ratio, against = measure(case, 1 if args.tiny else args.pairs, args.min_seconds, args.tiny)
            ok = ratio < case.target
            if not ok:
                missed.append(case.name)
            print(f"{case.name.ljust(width)}  {ratio:6.2f}x  (target < {case.target:g}x)  "
                  f"{'OK    ' if ok else 'MISSED'}  {against}", flush=True)
    print(f"\n{len(chosen) - len(missed)} of {len(chosen)} cases met their target"
          + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
