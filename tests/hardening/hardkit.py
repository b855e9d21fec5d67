"""Shared pieces of the hardening tests: fuzz budget, seed corpus, mutations, contract checks.

The fuzz budget is small in the default suite and raised by ``MSV_FUZZ_EXAMPLES`` (examples per
property) for the long run in ``bench/fuzz.py``. Each input runs under ``hang_guard``
(``tests/hangguard.py``: a hang fails the property; how fast msv reads hostile input is measured
by ``bench/hostile.py``, never here).

Every property calls :func:`tick` once per example so ``bench/fuzz.py`` can report how many
inputs were tried.
"""

from __future__ import annotations

import collections
import functools
import os
import re
from pathlib import Path
from typing import Any, Iterator

from fakems import LoopbackServer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
PROBE_TESTS = ROOT / "tests" / "probe"

DEFAULT_EXAMPLES = 25
EXAMPLES = int(os.environ.get("MSV_FUZZ_EXAMPLES", str(DEFAULT_EXAMPLES)))

TRIED: collections.Counter[str] = collections.Counter()


def fuzz(scale: float = 1.0) -> settings:
    """Hypothesis settings for one property: the budget times ``scale`` (expensive properties
    take a fraction), no hypothesis deadline (a timing bound flakes on shared cores; each input
    runs under ``hang_guard`` instead)."""
    return settings(
        max_examples=max(5, int(EXAMPLES * scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture],
        derandomize=os.environ.get("MSV_FUZZ_DERANDOMIZE", "") == "1",
        print_blob=True,
    )


def tick(name: str) -> None:
    TRIED[name] += 1


# --------------------------------------------------------------------------- seed corpus

# A few realistic files for formats the fixture folders cover thinly.
INLINE_SEEDS: dict[str, str] = {
    "scripts/run.sh": (
        "#!/usr/bin/env bash\nset -euo pipefail\nexport DASHSCOPE_API_KEY=\"${DASHSCOPE_API_KEY:-sk-xxx}\"\n"
        "export OPENAI_BASE_URL='https://dashscope-intl.aliyuncs.com/compatible-mode/v1'\n"
        "OPENAI_MODEL=qwen-plus python app.py \"$@\"\ncat <<EOF\nANTHROPIC_BASE_URL=x\nEOF\n"
        "alias q='OPENAI_API_KEY=$(cat ~/.key) qwen'\n"),
    "env/.env.local": (
        "# comment\nexport DASHSCOPE_API_KEY=sk-0123456789abcdef0123456789abcdef\n"
        "OPENAI_BASE_URL=\"https://dashscope.aliyuncs.com/compatible-mode/v1\" # trailing\n"
        "MULTI=\"line one\nline two\"\nREF=${DASHSCOPE_API_KEY}\nEMPTY=\n'QUOTED'=x\n"),
    "deploy/compose.yaml": (
        "x-common: &common\n  environment:\n    DASHSCOPE_API_KEY: ${DASHSCOPE_API_KEY}\n"
        "services:\n  api:\n    <<: *common\n    env_file: [.env, {path: ./extra.env, required: false}]\n"
        "    environment:\n      - OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
        "      - OPENAI_MODEL\n"),
    ".github/workflows/ci.yml": (
        "on:\n  push:\nenv:\n  OPENAI_BASE_URL: https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
        "jobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy: {matrix: {region: [cn, intl]}}\n"
        "    steps:\n      - run: pytest\n        env:\n          OPENAI_API_KEY: ${{ secrets.DASHSCOPE_API_KEY }}\n"
        "          OPENAI_MODEL: ${{ matrix.region == 'cn' && 'qwen-plus' || 'qwen-max' }}\n"),
    "app/client.py": (
        "import os\nfrom openai import OpenAI, AsyncOpenAI\nimport dashscope\n"
        "dashscope.base_http_api_url = 'https://dashscope-intl.aliyuncs.com/api/v1'\n"
        "BASE = os.getenv('OPENAI_BASE_URL', 'https://dashscope.aliyuncs.com/compatible-mode/v1')\n"
        "client = OpenAI(api_key=os.environ['DASHSCOPE_API_KEY'], base_url=BASE)\n"
        "r = client.chat.completions.create(model=f\"qwen-{'plus'}\", messages=[], extra_body={'enable_thinking': True})\n"
        "a = AsyncOpenAI(**{'base_url': BASE})\n"),
    "web/app.mjs": (
        "import OpenAI from 'openai';\nconst key = process.env['DASHSCOPE_API_KEY'] ?? 'sk-xxx';\n"
        "const c = new OpenAI({ apiKey: key, baseURL: `https://dashscope.aliyuncs.com/${'compatible-mode'}/v1` });\n"
        "/* /* nested? */ await c.chat.completions.create({ model: 'qwen-plus', stream: true, ...opts });\n"
        "const re = /[/]{2}\\//g; // 'unterminated\n"),
    "config/.aider.conf.yml": "openai-api-base: https://dashscope.aliyuncs.com/compatible-mode/v1\nmodel: openai/qwen-plus\n",
    "crush.json": ('{"providers": {"qwen": {"type": "openai", "base_url": '
                   '"https://dashscope.aliyuncs.com/compatible-mode/v1", "api_key": "$DASHSCOPE_API_KEY", '
                   '"models": [{"id": "qwen-plus"}]}}}\n'),
    "build/Makefile": ("chat:\n\tcurl -sS https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions \\\n"
                       "\t  -H \"Authorization: Bearer $$DASHSCOPE_API_KEY\" -d '{\"model\": \"qwen-plus\"}'\n"),
    "docs/guide.md": ("# Call\n```bash\ncurl https://dashscope.aliyuncs.com/api/v1 -H 'x-api-key: $K' "
                      "-d '{\"model\": \"qwen-plus\", \"input\": {\"messages\": []}}'\n```\n"
                      "```go\nc := openai.NewClient(option.WithBaseURL(\"https://dashscope.aliyuncs.com/compatible-mode/v1\"))\n```\n"),
    "api/chat.http": ("@host = https://dashscope.aliyuncs.com\n###\nPOST {{host}}/compatible-mode/v1/chat/completions\n"
                      "Authorization: Bearer {{$dotenv DASHSCOPE_API_KEY}}\n\n{\"model\": \"qwen-plus\"}\n"),
    "src/Main.java": ('class M { String u = "https://dashscope.aliyuncs.com/compatible-mode/v1";\n'
                      '  Object c = OpenAIOkHttpClient.builder().apiKey(System.getenv("K")).baseUrl(u).build();\n'
                      '  String t = """\n  text block\n  """; char q = \'"\'; }\n'),
    # the lexer's harder corners: PHP between HTML, C# raw and verbatim strings, Rust lifetimes, a request
    # whose headers are judged (requests, fetch, HttpRequest, curl_setopt), and things left open
    "web/page.php": ("<p>Don't {</p><?php $ch = curl_init('https://dashscope.aliyuncs.com/compatible-mode/v1/models');\n"
                     "curl_setopt($ch, CURLOPT_HTTPHEADER, ['Authorization: ' . getenv('DASHSCOPE_API_KEY')]); ?>\n"
                     "<?= $x ?> <<<EOT\n$s = 'multi\nline"),
    "src/P.cs": ('class P {\n#if A\n void F() {\n#else\n void F(int x) {\n#endif\n }\n string r = $"""{x} {{"""; '
                 'string v = @$"{x}""";\n using var c = new HttpClient(); c.PostAsync("https://dashscope.aliyuncs.com/'
                 'compatible-mode/v1/chat/completions", body); string u = """\n'),
    "src/main.rs": ("fn f<'a>(x: &'a str) -> &'a str { 'o: loop { break 'o; } x }\n"
                    'fn main() { let s = "multi\nline"; let r = r#"raw "#; let o = r##"open\n'),
    "src/Req.java": ('class R { void f() { HttpRequest r = HttpRequest.newBuilder()\n'
                     '.uri(URI.create("https://dashscope.aliyuncs.com/compatible-mode/v1/models"))'
                     '.header("Authorization", System.getenv("DASHSCOPE_API_KEY")).GET().build(); ( }\n'),
    "tools/call.py": ("import requests\nh = {'Content-Type': 'application/json'}\n"
                      "requests.post('https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions', headers=h)\n"),
    "web/call.mjs": ("await fetch('https://dashscope.aliyuncs.com/compatible-mode/v1/models', "
                     "{ headers: { Authorization: process.env.DASHSCOPE_API_KEY } });\n"),
}


def _fixture_files() -> Iterator[tuple[str, Path]]:
    for base in (ROOT / "tests" / "sources", ROOT / "examples"):
        for path in sorted(base.rglob("*")):
            if path.is_file() and ("fixtures" in path.parts or base.name == "examples"):
                rel = path.relative_to(base)
                parts = rel.parts
                if "fixtures" in parts:   # keep the names that decide the reader (.claude/settings.json…)
                    parts = parts[parts.index("fixtures") + 1:]
                yield "/".join(parts), path


@functools.cache
def seeds() -> tuple[tuple[str, str], ...]:
    """(display path, text) of every realistic sample: reader fixtures, examples, inline seeds."""
    out: dict[str, str] = {}
    for display, path in _fixture_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        while display in out:
            display = "x/" + display
        out[display] = text.lstrip("\ufeff")
    out.update(INLINE_SEEDS)
    return tuple(sorted(out.items()))


# --------------------------------------------------------------------------- mutations

# Tokens that mean something to one of the formats (quoting, nesting, anchors, references,
# comments, heredocs, template syntax), plus key- and URL-shaped values.
TOKENS = [
    "{", "}", "[", "]", "(", ")", ":", ",", "=", "\"", "'", "`", "\\", "#", "//", "/*", "*/", "${", "$(", "{{",
    "}}", "&a ", "*a", "<<: *a", "!!binary ", "!Ref ", "---\n", "...\n", "- ", "? ", "|\n", ">-\n", "\"\"\"",
    "'''", "[[x]]\n", "[x.y]\n", "export ", "<<EOF\n", "EOF\n", "\n", "\r\n", "\r", "\t", "\x00", "\ufeff",
    "\u2028", "\x85", "é", "百炼", "😀", "os.environ/", "{env:", "$env:", "%FOO%", "process.env.", "os.getenv(",
    "sk-0123456789abcdef0123456789abcdef", "sk-sp-7Hq2Lm9Xv4Rt8Nw3Kp6Zb1Yc", "sk-", "Bearer ",
    "https://dashscope.aliyuncs.com/compatible-mode/v1", "https://dashscope-intl.aliyuncs.com/api/v1",
    "https://ws-abc.cn-beijing.maas.aliyuncs.com", "https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com",
    "http://[::1", "https://a:b@dashscope.aliyuncs.com:99999/", "qwen-plus", "DASHSCOPE_API_KEY",
    "OPENAI_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "base_url", "api_key", "model", "1e309", "-0", "0x1F", "null",
    "true", "~", "inf", "nan", "2024-01-01T00:00:00Z",
]

_SNIPPET = st.one_of(st.sampled_from(TOKENS), st.text(max_size=6))


@st.composite
def mutated(draw: st.DrawFn, text: str, max_ops: int = 5) -> str:
    """``text`` after a few random edits: insertions of meaningful tokens, deletions, line
    duplication/swap, truncation, repetition (to grow nesting)."""
    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(st.sampled_from(["insert", "insert", "delete", "replace", "dupline", "swaplines", "truncate",
                                   "repeat"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(_SNIPPET) + text[at:]
        elif op == "delete":
            n = draw(st.integers(1, 12))
            text = text[:at] + text[at + n:]
        elif op == "replace":
            piece = draw(_SNIPPET)
            text = text[:at] + piece + text[at + len(piece):]
        elif op in ("dupline", "swaplines"):
            lines = text.splitlines(keepends=True)
            if len(lines) >= 2:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                if op == "dupline":
                    lines.insert(j, lines[i])
                else:
                    lines[i], lines[j] = lines[j], lines[i]
                text = "".join(lines)
        elif op == "truncate":
            text = text[:at]
        else:
            piece = draw(st.sampled_from(["[", "{", "- ", "  ", "(", "[[", "a:\n  "]))
            text = text[:at] + piece * draw(st.integers(2, 60)) + text[at:]
    return text


def seed_strategy() -> st.SearchStrategy[tuple[str, str]]:
    return st.sampled_from(seeds())


# --------------------------------------------------------------------------- contract checks

def check_read_result(result: Any, display: str, text: str) -> None:
    """What every reader promises for any input: a ReadResult whose problems name this file with
    a sane position, and whose records are the pipeline's types."""
    from validator.model import Binding, Location, Target
    from validator.sources.base import EnvBlock, Problem, ReadResult

    assert isinstance(result, ReadResult), type(result)
    n_lines = text.count("\n") + text.count("\r") + 2
    for p in result.problems:
        assert isinstance(p, Problem)
        assert isinstance(p.message, str) and p.message.strip()
        assert isinstance(p.loc, Location) and p.loc.path == display
        assert 0 <= p.loc.line <= n_lines + 1, (p.loc, n_lines)
        assert p.loc.column >= 0
    for t in result.targets:
        assert isinstance(t, Target)
        assert isinstance(t.origin, Location)
        for _name, v in t.fields():
            if v.loc is not None:
                assert v.loc.line >= 0 and v.loc.column >= 0
    for b in result.bindings:
        assert isinstance(b, Binding) and isinstance(b.name, str)
    for blk in result.blocks:
        assert isinstance(blk, EnvBlock)


class Run:
    """What one in-process ``msv`` run produced."""

    def __init__(self, code: int, stdout: str, stderr: str, exc: BaseException | None) -> None:
        self.code, self.stdout, self.stderr, self.exc = code, stdout, stderr, exc

    @property
    def everything(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return f"Run(code={self.code}, stdout={self.stdout[-800:]!r}, stderr={self.stderr[-800:]!r})"


def msv(args: list[str], env: dict[str, str] | None = None, input: str | None = None) -> Run:
    """Run ``msv ARGS`` through the real entry point (:func:`validator.cli.main`, which turns
    unexpected errors into exit 2) in this process, capturing stdout and stderr."""
    from click.testing import CliRunner

    from validator.cli import main

    runner = CliRunner()
    code, exc = 0, None
    with runner.isolation(input=input, env=env) as streams:
        out, err = streams[0], streams[1]
        try:
            main(list(args))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
        except BaseException as e:  # noqa: BLE001 - recorded: a test asserts there is none
            code, exc = -1, e
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    return Run(code, stdout, stderr, exc)


# --------------------------------------------------------------------------- known bugs

# Bugs the fuzzers found in code other helpers own, each pinned by a strict xfail test (so the
# lead sees it, and the xfail turns into a failure the day it is fixed). A fuzz property that
# hits one counts it (``known-bug:<id>`` in TRIED) instead of failing on it again.
# id -> (a substring of the error, what is wrong and where)
KNOWN_BUGS: dict[str, tuple[str, str]] = {
}


def known_bug(error_text: str) -> str | None:
    for ident, (needle, _why) in KNOWN_BUGS.items():
        if needle in error_text:
            return ident
    return None


# --------------------------------------------------------------------------- the canary tree

MS = "https://dashscope.aliyuncs.com/compatible-mode/v1"


def canary_files(key: str, host: str = "https://dashscope.aliyuncs.com") -> dict[str, str]:
    """The same key planted in every source format msv reads, each the way people really write
    it (and the classic mistakes: a key where a variable *name* belongs), plus broken files whose
    parse error sits right next to the key. ``host`` replaces the Model Studio host (the probe
    tests point it at a fake server)."""
    MS = f"{host}/compatible-mode/v1"  # noqa: N806
    ANTHROPIC = f"{host}/apps/anthropic"  # noqa: N806
    return {
        ".env": f"OPENAI_BASE_URL={MS}\nDASHSCOPE_API_KEY={key}\nOPENAI_MODEL=Qwen-Plus\n",
        "scripts/start.sh": f"#!/bin/sh\nexport ANTHROPIC_BASE_URL={ANTHROPIC}\n"
                            f"export ANTHROPIC_AUTH_TOKEN=\"{key}\"\nexec claude \"$@\"\n",
        "scripts/profile.ps1": f"$env:OPENAI_BASE_URL = \"{MS}\"\n$env:OPENAI_API_KEY = \"{key}\"\n",
        "docker-compose.yml": f"services:\n  api:\n    image: x\n    environment:\n      OPENAI_BASE_URL: {MS}\n"
                              f"      OPENAI_API_KEY: {key}\n      OPENAI_MODEL: qwen-plus\n",
        ".github/workflows/ci.yml": f"on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n"
                                    f"      OPENAI_BASE_URL: {MS}\n      OPENAI_API_KEY: {key}\n"
                                    f"    steps:\n      - run: python app.py\n",
        ".claude/settings.json": '{\n  "env": {\n'
                                 f'    "ANTHROPIC_BASE_URL": "{ANTHROPIC}",\n'
                                 f'    "ANTHROPIC_AUTH_TOKEN": "Bearer {key}",\n    "ANTHROPIC_MODEL": "qwen3-coder-plus"\n'
                                 "  }\n}\n",
        ".qwen/settings.json": '{\n  "modelProviders": {"openai": [{"id": "qwen3-coder-plus", '
                               f'"baseUrl": "{MS}", "envKey": "DASHSCOPE_API_KEY"}}]}},\n'
                               f'  "env": {{"DASHSCOPE_API_KEY": "{key}"}},\n'
                               '  "security": {"auth": {"selectedType": "openai"}},\n'
                               '  "model": {"name": "qwen3-coder-plus"}\n}\n',
        ".codex/config.toml": f'model = "qwen-plus"\nmodel_provider = "bailian"\n\n[model_providers.bailian]\n'
                              f'name = "Bailian"\nbase_url = "{MS}"\nenv_key = "{key}"\nwire_api = "chat"\n',
        "litellm_config.yaml": f"model_list:\n  - model_name: qwen\n    litellm_params:\n      model: dashscope/qwen-plus\n"
                               f"      api_base: {MS}\n      api_key: {key}\n",
        "opencode.json": '{\n  "provider": {\n    "bailian": {\n      "npm": "@ai-sdk/openai-compatible",\n'
                         f'      "options": {{"baseURL": "{MS}", "apiKey": "{key}"}},\n'
                         '      "models": {"qwen-plus": {}}\n    }\n  }\n}\n',
        ".claude-code-router/config.json": '{\n  "Providers": [{"name": "dashscope", '
                                           f'"api_base_url": "{MS}/chat/completions", "api_key": "{key}", '
                                           '"models": ["qwen3-coder-plus"]}],\n'
                                           '  "Router": {"default": "dashscope,qwen3-coder-plus"}\n}\n',
        "crush.json": '{"providers": {"bailian": {"type": "openai-compat", '
                      f'"base_url": "{MS}", "api_key": "{key}", "models": [{{"id": "qwen-plus"}}]}}}}}}\n',
        ".continue/config.yaml": f"name: a\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: q\n    provider: openai\n"
                                 f"    model: qwen-plus\n    apiBase: {MS}\n    apiKey: {key}\n",
        ".aider.conf.yml": f"openai-api-base: {MS}\nopenai-api-key: {key}\nmodel: openai/qwen-plus\n",
        "src/main/resources/application.yml": f"spring:\n  ai:\n    openai:\n      api-key: {key}\n"
                                               f"      base-url: {host}/compatible-mode\n",
        "app/client.py": f"from openai import OpenAI\n\nclient = OpenAI(api_key=\"{key}\", base_url=\"{MS}\")\n"
                         "client.chat.completions.create(model=\"Qwen-Max\", messages=[])\n",
        "web/client.ts": f"import OpenAI from 'openai';\nconst c = new OpenAI({{ apiKey: '{key}', baseURL: '{MS}' }});\n"
                         "await c.chat.completions.create({ model: 'qwen-plus', messages: [] });\n",
        "deploy/modelstudio.yaml": f"version: 1\ntargets:\n  - name: api\n    client: openai-compatible\n"
                                   f"    base_url: {MS}\n    api_key_env: {key}\n    model: qwen-plus\n",
        "README.md": f"Try it:\n\n    curl {MS}/chat/completions -H \"Authorization: Bearer {key}\"\n",
        # broken files: the parse error is right next to the key
        "broken/.env": f"DASHSCOPE_API_KEY=\"{key}\nOPENAI_BASE_URL={MS}\n",
        "broken/docker-compose.yml": f"services:\n  a:\n    environment:\n      DASHSCOPE_API_KEY: \"{key}\n",
        "broken/.claude/settings.json": f'{{"env": {{"ANTHROPIC_AUTH_TOKEN": "{key}" "ANTHROPIC_BASE_URL": 1}}}}',
        "broken/.codex/config.toml": f'model_provider = "b"\n[model_providers.b]\nenv_key = {key}\n',
        "broken/app.py": f"import openai\nclient = openai.OpenAI(api_key='{key}', base_url='{MS}'\n",
        "broken/app.js": f"import OpenAI from 'openai';\nnew OpenAI({{ apiKey: `{key}`, baseURL: '{MS}' \n",
        "broken/modelstudio.yaml": f"version: 1\ntargets:\n  - name: a\n    api_key_env: [{key}\n",
    }


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


# --------------------------------------------------------------------------- leak detection

FINGERPRINT = re.compile(r"^(?:sk-sp-|sk-ws-|sk-ant-|sk-proj-|sk-)?…[0-9a-f]{8}$")


def leaks(text: str, key: str) -> list[str]:
    """Every way ``text`` gives away ``key`` (an ``sk-`` key): the key, its secret part, any 10
    characters of it, or a *masked* form (``sk-1a2b…``, ``…9f8e``) showing characters of it.
    A fingerprint (prefix + 8 hex of SHA-256) is the only allowed trace."""
    found: list[str] = []
    body = key[3:]
    if key in text:
        found.append("the whole key")
    if body in text:
        found.append("the secret part of the key")
    for i in range(len(body) - 9):
        if body[i:i + 10] in text:
            found.append(f"10 characters of the key ({i}..{i + 10})")
            break
    for m in re.finditer(r"(?<![A-Za-z0-9])sk-([A-Za-z0-9_\-]{4,})", text):
        if body.startswith(m.group(1)[:4]):
            found.append(f"a masked key showing its first characters: {m.group(0)[:12]}")
    for m in re.finditer(r"[…*.]{1,3}([A-Za-z0-9]{4,})(?![A-Za-z0-9])", text):
        if body.endswith(m.group(1)):
            found.append(f"a masked key showing its last characters: {m.group(0)}")
    return found


def files_text(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every file below ``root`` (except those under ``skip``) as text, for leak checks."""
    out: dict[str, str] = {}
    if not root.exists():
        return out
    for p in sorted(root.rglob("*")):
        if p.is_file() and not any(p == s or s in p.parents for s in skip):
            out[str(p)] = p.read_bytes().decode("utf-8", "replace")
    return out


# --------------------------------------------------------------------------- a scripted loopback server

class Scripted(LoopbackServer):
    """An HTTP server on loopback (127.0.0.1 unless told) that answers with whatever ``script(request)`` returns and
    records every request *whole* (method, target, every header, body), so a test can say where
    a key went. Modes beyond a plain answer: ``close`` (no answer at all), ``truncate`` (a body
    shorter than its Content-Length), ``dribble`` (one byte every ``delay`` seconds), ``hang``.

    (tests/probe/fakems.py plays Model Studio itself; this one plays the odd servers and proxies.)
    """

    def __init__(self, script: Any, host: str = "127.0.0.1", name: str | None = None) -> None:
        """``host``: the loopback address to listen on; ``name``: the host its URLs use (default ``host``)."""
        from http.server import BaseHTTPRequestHandler

        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.raw: list[bytes] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                req = {"method": self.command, "target": self.path, "headers": dict(self.headers.items()),
                       "body": body.decode("utf-8", "replace")}
                server.requests.append(req)
                server.raw.append(self.requestline.encode() + b"\r\n" + bytes(self.headers) + body)
                server._answer(self, server.script(req))

            do_GET = do_POST = do_PUT = do_HEAD = do_CONNECT = _any  # noqa: N815

        super().__init__(Handler, host, name)

    def _answer(self, h: Any, reply: dict[str, Any]) -> None:
        import json as _json

        mode = reply.get("mode", "normal")
        if mode == "close":
            h.close_connection = True
            return
        if mode == "hang":
            self.stop.wait(reply.get("seconds", 30))
            h.close_connection = True
            return
        body = reply.get("body", b"")
        if not isinstance(body, (bytes, str)):
            body = _json.dumps(body)
        data = body.encode() if isinstance(body, str) else body
        headers = {"Content-Type": "application/json", **reply.get("headers", {})}
        length = reply.get("content_length", len(data))
        try:
            h.send_response(reply.get("status", 200))
            for k, v in headers.items():
                h.send_header(k, v)
            if length is not None:
                h.send_header("Content-Length", str(length))
            h.end_headers()
            if mode == "dribble":
                for i in range(len(data)):
                    if self.stop.wait(reply.get("delay", 0.2)):
                        break
                    h.wfile.write(data[i:i + 1])
                    h.wfile.flush()
            else:
                h.wfile.write(data)
            if mode == "truncate":
                h.close_connection = True
        except OSError:
            pass
