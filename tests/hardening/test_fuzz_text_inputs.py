"""Fuzzing the two free-text inputs: URLs (``Catalogue.resolve``) and pasted errors (``msv diagnose``).

``tests/catalogue/test_catalogue_robust.py`` already throws random fragments at ``resolve``;
here the input is *realistic* — every catalogue host, path and client, then mutated — and
``resolve`` must stay total, deterministic, bounded and JSON-serialisable. Pasted errors go
through the whole ``diagnose`` ranking (``validator.diagnose.rank`` with a real configuration's
findings) and through the CLI, where the only exits are a report (0/1) or a clean exit-2 line.
"""

from __future__ import annotations

import functools
import json

from hypothesis import event, given
from hypothesis import strategies as st

from hangguard import hang_guard
from hardkit import fuzz, msv, mutated, tick

SCHEMES = ["https://", "http://", "", "HTTPS://", "ws://", "https:/", "https:///"]
PATHS = ["", "/", "/compatible-mode/v1", "/compatible-mode/v1/", "/compatible-mode/v1/chat/completions",
         "/api/v1", "/api/v1/services/aigc/text-generation/generation", "/apps/anthropic", "/apps/anthropic/v1",
         "/apps/anthropic/v1/messages", "/api/v2/apps/claude-code-proxy", "/v1", "/v1/models", "/compatible-mode",
         "/compatible-mode/v1/responses", "?x=1", "#frag"]


@functools.cache
def _catalogue():
    from validator.catalogue import load

    return load()


@functools.cache
def _hosts() -> tuple[str, ...]:
    hosts = []
    for h in _catalogue().hosts():
        hosts.append(h.pattern.replace("{workspace}", "ws-a1b2c3").replace("{WorkspaceId}", "ws-a1b2c3"))
        hosts.append(h.pattern)
    return tuple(hosts) + ("dashscope.aliyun.com", "api.openai.com", "127.0.0.1:8080", "[::1]:443", "localhost")


@st.composite
def realistic_urls(draw: st.DrawFn) -> str:
    url = (draw(st.sampled_from(SCHEMES)) + draw(st.sampled_from(_hosts()))
           + draw(st.sampled_from(["", ":443", ":80", ":8443", ":0", ":99999", ":abc"]))
           + draw(st.sampled_from(PATHS)))
    if draw(st.booleans()):
        url = draw(mutated(url, 3))
    return draw(st.sampled_from(["{}", " {} ", '"{}"', "'{}'", "{}\n", "${{X:-{}}}"])).format(url)


@fuzz(2)
@given(url=realistic_urls(), client=st.one_of(st.none(), st.sampled_from(
    ["openai-sdk", "anthropic-sdk", "dashscope-sdk", "claude-code", "codex", "claude-code-router",
     "opencode-anthropic", "spring-ai-dashscope", "litellm", "unknown", "no-such-client"])))
def test_resolve_is_total_deterministic_and_bounded(url: str, client: str | None) -> None:
    tick("urls/resolve")
    cat = _catalogue()
    with hang_guard("resolve"):
        first = cat.resolve(url) if client is None else cat.resolve(url, client=client)
        again = cat.resolve(url) if client is None else cat.resolve(url, client=client)
    d = first.to_dict()
    assert d == again.to_dict()
    json.dumps(d)
    assert isinstance(d["known"], bool)
    if d["known"]:
        assert d["region"] and d["family"]


# --------------------------------------------------------------------------- pasted errors

ERROR_SEEDS = [
    "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided. ', "
    "'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}, 'request_id': 'x'}",
    "anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', "
    "'message': 'invalid x-api-key'}}",
    "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nRetry-After: 3\r\n\r\n"
    '{"code":"Throttling.RateQuota","message":"Requests rate limit exceeded, please try again later."}',
    "GenerationResponse(status_code=401, request_id='abc', code='InvalidApiKey', message='Invalid API-key "
    "provided.', output=None, usage=None)",
    '{"status_code": 400, "request_id": "r", "code": "Arrearage", "message": "Access denied, please make sure '
    'your account is in good standing.", "output": null}',
    '{"code": "NOT AUTHORIZED", "message": "Access denied: Either you are not authorized to access this workspace, '
    'or the workspace does not exist."}',
    '405 Method Not Allowed {"error": "Coding Plan is currently only available for Coding Agents"}',
    "openai.APIConnectionError: Connection error.",
    "httpx.ConnectTimeout: timed out",
    "Error: 404 The model `qwen-plus-lastest` does not exist or you do not have access to it.",
    "API Error: 403 {\"error\":{\"message\":\"invalid api-key\",\"type\":\"invalid_request_error\"}}",
    "<400> InternalError.Algo.InvalidParameter: Range of top_p should be (0.0, 1.0]",
    "Traceback (most recent call last):\n  File \"app.py\", line 3\nopenai.NotFoundError: Error code: 404",
    "Error code: 401 - Incorrect API key provided: sk-0123456789abcdef0123456789abcdef",
]


@functools.cache
def _broken_report():
    """Findings and targets of a real, broken configuration: evidence for the ranking."""
    from validator.api import run_check

    from hardkit import ROOT

    return run_check([str(ROOT / "examples" / "broken")], isolated=True)


@fuzz(2)
@given(text=st.one_of(st.sampled_from(ERROR_SEEDS).flatmap(lambda s: mutated(s, 6)), st.text(max_size=500),
                      st.text(alphabet="{}[]()'\":,=\\ \n0123456789abcdefHTTP/.", max_size=400)))
def test_rank_is_total_and_bounded(text: str) -> None:
    from validator.diagnose import rank, render_diagnosis

    tick("diagnose/rank")
    report = _broken_report()
    with hang_guard("rank"):
        d = rank(text, _catalogue(), report.findings, report.targets)
        lines = render_diagnosis(d)
    json.dumps(d.to_dict())
    assert all(isinstance(line, str) for line in lines)
    scores = [c.score for c in d.causes]
    assert scores == sorted(scores, reverse=True)


@fuzz(0.3)
@given(text=st.one_of(st.sampled_from(ERROR_SEEDS).flatmap(lambda s: mutated(s, 4)), st.text(max_size=300)),
       fmt=st.sampled_from(["text", "json"]), stdin=st.booleans())
def test_cli_diagnose_error_text_never_tracebacks(text: str, fmt: str, stdin: bool, tmp_path_factory) -> None:
    """``msv diagnose --no-probe --error TEXT`` (or ``-`` on stdin): a report (exit 0/1), or for an
    empty text one clean usage line (exit 2) — never an internal error."""
    tick("diagnose/cli")
    project = tmp_path_factory.mktemp("diag")
    (project / ".env").write_text("OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n")
    args = ["diagnose", str(project), "--no-probe", "--no-user-configs", "--format", fmt,
            "--error", "-" if stdin else text]
    with hang_guard("msv diagnose"):
        r = msv(args, env={"HOME": str(project)}, input=text if stdin else None)
    assert r.exc is None, r.exc
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr, r   # stdout may echo the paste
    if not text.strip() or (not stdin and text.startswith("-")):
        # an empty error text (or "-x", which click may read as an option): one clean usage line
        assert r.code in ((0, 1, 2) if text.strip() else (2,)), r
        if r.code == 2:
            assert r.stderr.strip() and len(r.stderr.strip().splitlines()) <= 3, r
        return
    assert r.code in (0, 1), r
    if fmt == "json":
        doc = json.loads(r.stdout)
        assert doc["error"] is not None


# --------------------------------------------------------------------------- msv's own inputs

SETTINGS_SEED = ('select = ["ALL"]\nignore = ["deprecated-endpoint"]\nfail-on = "warning"\nexclude = ["vendor/"]\n'
                 'max-file-size = 100000\n[severity]\n"unknown-model" = "warning"\n[per-path-ignores]\n'
                 '"tests/*" = ["MS301"]\n')
EXTENSION_SEED = ("hosts:\n  - id: my-gateway\n    pattern: \"127.0.0.1:8080\"\n    family: shared\n    region: cn-beijing\n"
                  "    plan: payg\n    status: supported\n    callers: any-workspace\n    usage: any\n"
                  "    protocols: {openai: /compatible-mode/v1}\n    allow_http: true\n    source: inferred\n"
                  "    confidence: inferred\n")


@fuzz(0.3)
@given(settings_text=st.one_of(st.just(SETTINGS_SEED), mutated(SETTINGS_SEED, 4)),
       extension=st.one_of(st.none(), st.just(EXTENSION_SEED), mutated(EXTENSION_SEED, 4)))
def test_bad_settings_and_catalogue_extensions_are_one_clean_line(settings_text: str, extension: str | None,
                                                                 tmp_path_factory) -> None:
    """msv's own inputs (``.msv.toml``, a ``--catalogue`` extension), mangled: either they work, or
    ``msv check`` exits 2 with a short message naming the problem — never an internal error."""
    tick("settings/cli")
    project = tmp_path_factory.mktemp("settings")
    (project / ".env").write_text("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n")
    (project / ".msv.toml").write_text(settings_text, encoding="utf-8")
    args = ["check", str(project), "--format", "json"]
    if extension is not None:
        (project / "ext.yaml").write_text(extension, encoding="utf-8")
        args += ["--catalogue", str(project / "ext.yaml")]
    with hang_guard("msv check with mangled settings"):
        r = msv(args, env={"HOME": str(project)})
    assert r.exc is None, r.exc
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr, r
    assert r.code in (0, 1, 2), r
    event(f"exit {r.code}")
    if r.code == 2:
        assert r.stderr.strip() and len(r.stderr.strip().splitlines()) <= 3, r
    else:
        json.loads(r.stdout)
