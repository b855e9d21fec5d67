"""Evidence-based ranking: error texts from the official error-code pages and from public threads,
in the shapes users paste them (SDK reprs in Python/JS/Java/Go, log lines, JSON inside strings,
stack traces, Chinese prefixes, the DashScope ``<status> Code.Sub: message`` form), each with the
cause expected first and a piece of the evidence that must be printed for it.

The thread each text was taken from is the source of its catalogue signature (errors.yaml).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from validator.ranking import CONTEXT, MATCHED, STATUS_ONLY, UNRECOGNISED, rank, render_diagnosis

PAYG = "sk-" + "0123456789abcdef" * 2
PLAN = "sk-sp-" + "0123456789abcdef" * 2


def env(code, message, typ="invalid_request_error"):  # type: ignore[no-untyped-def]
    return json.dumps({"error": {"message": message, "type": typ, "param": None, "code": code}})


# (pasted text, expected top cause id — or "meaning:<m>" —, a piece of its evidence, confidence)
CASES = [
    # ---- content moderation (QwenLM/qwen-code#2905, camel-ai/owl#432, 666ghj/BettaFish#449)
    ("[API Error: 400 <400> InternalError.Algo.DataInspectionFailed: Input text data may contain inappropriate "
     "content.]", "content-moderation", "ends in DataInspectionFailed", MATCHED),
    ("openai.BadRequestError: Error code: 400 - {'error': {'code': 'data_inspection_failed', 'param': None, "
     "'message': 'Input data may contain inappropriate content.', 'type': 'data_inspection_failed'}, "
     "'id': 'chatcmpl-deab386b', 'request_id': 'deab386b'}", "content-moderation", "code data_inspection_failed",
     MATCHED),
    ("研究过程中发生错误: Error code: 400 - {'error': {'message': 'Input data may contain inappropriate content. For "
     "details, see: https://help.aliyun.com/zh/model-studio/error-code#inappropriate-content', 'type': "
     "'data_inspection_failed', 'param': None, 'code': 'data_inspection_failed'}}", "content-moderation",
     "inappropriate content", MATCHED),
    # ---- input length, the limit read from the text (QwenLM/qwen-code#98, #2068; qwen-free-api#23)
    ("OpenAI API error: 400 <400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 204800]",
     "input-too-long", "limit 204800", MATCHED),
    ('{"code":"InvalidParameter","message":"Range of input length should be [1, 6000]","request_id":"x"}',
     "input-too-long", "limit 6000", MATCHED),
    ("Error: Internal error (code: -32603)\nData: {“details”:“<400> InternalError.Algo.InvalidParameter: Range of "
     "input length should be [1, 983616]”}", "input-too-long", "limit 983616", MATCHED),
    ("ChatGPT error 400: " + env("context_length_exceeded", "This model's maximum context length is 8192 tokens. "
                                "However, you requested 8780 tokens."), "input-too-long", "limit 8192", MATCHED),
    # ---- thinking and streaming rules (langchain4j#3974, coze-studio#324, spring-ai-alibaba#867, dify plugins#2626)
    ('com.alibaba.dashscope.exception.ApiException: {"statusCode":400,"message":"parameter.enable_thinking must be '
     'set to false for non-streaming calls","code":"InvalidParameter","isJson":true,"requestId":"cb57ead7"}',
     "thinking-needs-stream", "code InvalidParameter", MATCHED),
    ("Workflow execution failure: error, status code: 400, status: 400 Bad Request, message: "
     "parameter.enable_thinking must be set to false for non-streaming calls", "thinking-needs-stream",
     "non-streaming", MATCHED),
    ("Caused by: org.springframework.ai.retry.NonTransientAiException: 400 - {\n  \"error\": {\n    \"code\": "
     "\"invalid_parameter_error\",\n    \"param\": null,\n    \"message\": \"parameter.enable_thinking必须设置为false"
     "才能进行非流式调用\",\n    \"type\": \"invalid_request_error\"\n  }\n}", "thinking-needs-stream",
     "(= InvalidParameter)", MATCHED),
    ('400 {"code":"InvalidParameter","message":"This model only supports incremental_output set to True."}',
     "stream-only", "incremental_output", MATCHED),
    # ---- the InternalError.* family: a 500 is the service's, a 400 is the request's (QwenLM/Qwen3#1144)
    ("openai.InternalServerError: Error code: 500 - {'error': {'code': 'internal_server_error', 'param': None, "
     "'message': '<500> InternalError.Algo: list index out of range', 'type': 'internal_server_error'}}",
     "server-error", "status 500", MATCHED),
    ("Error code: 400 - " + env("invalid_parameter_error", "<400> InternalError.Algo.InvalidParameter: messages "
                                "must not be empty"), "invalid-request", "code invalid_parameter_error", MATCHED),
    # ---- the AI tools' own sign-in: not plan-key problems (QwenLM/qwen-code#3351, #3296; claude-code-proxy#12)
    ("Internal error: 401 invalid access token or token expired\n\nQwen Code: 0.14.5 (a6612940f)\nAuth: Qwen OAuth\n"
     "Model: coder-model", "qwen-oauth-token", "Qwen OAuth", MATCHED),
    ("Internal error: Qwen OAuth free tier quota exceeded. Note: Qwen OAuth free tier will be discontinued on "
     "2026-04-15.", "qwen-oauth-ended", "free tier quota exceeded", MATCHED),
    ("> /init is analyzing your codebase…\n  ⎿  Invalid API key · Please run /login", "claude-code-login",
     "Please run /login", MATCHED),
    # ---- another vendor's model (anthropics/claude-code#2909, pyvideotrans#499)
    ('API Error: 404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-sonnet-4-5-20250929"}}'
     "\nANTHROPIC_BASE_URL=https://dashscope-intl.aliyuncs.com/apps/anthropic", "foreign-model",
     "model claude-sonnet-4-5-20250929", MATCHED),
    ("openai.NotFoundError: Error code: 404 - " + env("model_not_found", "The model `gpt-4o` does not exist or you do "
                                                     "not have access to it."), "foreign-model", "gpt-4o", MATCHED),
    # ---- protocol shape: one protocol's envelope from another protocol's path
    ("POST https://dashscope.aliyuncs.com/apps/anthropic/v1/messages\nAPI Error: 400 "
     + env("invalid_parameter_error", "messages: field required"), "protocol-shape-mismatch",
     "envelope came back from the anthropic path", MATCHED),
    # ---- a bare 404: the path first, with the client's expected suffix when one is named (cline/cline#926)
    ("404 status code (no body)", "path-not-found", "usual meaning of a bare 404", STATUS_ONLY),
    ("Claude Code\n  ⎿  API Error: 404 (no body)", "meaning:path-not-found", "must end in /apps/anthropic", CONTEXT),
    ("POST https://dashscope.aliyuncs.com/compatible-mode/v1/v1/chat/completions \"HTTP/1.1 404 Not Found\"",
     "path-not-found", "/v1 appears twice", CONTEXT),
    # ---- keys and hosts read from the paste
    ("POST https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions\nAuthorization: Bearer " + PLAN
     + "\nError code: 401 - " + env("invalid_api_key", "Incorrect API key provided. "), "invalid-api-key",
     "Coding/Token Plan key (sk-sp-…) sent to dashscope-intl.aliyuncs.com", MATCHED),
    ("401 Unauthorized\nANTHROPIC_BASE_URL=https://coding-intl.dashscope.aliyuncs.com/apps/anthropic\n"
     "ANTHROPIC_AUTH_TOKEN=" + PAYG, "plan-gateway-invalid-token", "a general key on the coding-plan host", CONTEXT),
    ("Error code: 401 - " + env("invalid_api_key", "Incorrect API key provided. ")
     + "\nOPENAI_API_KEY=sk-ant-api03-" + "a" * 40, "invalid-api-key", "key of another provider (anthropic)", MATCHED),
    ("openai.AuthenticationError: Error code: 401 - " + env("invalid_api_key", "Incorrect API key provided. ")
     + "\nbase_url=https://dashscope.aliyuncs.com/compatible-mode/v1", "invalid-api-key",
     "dashscope.aliyuncs.com (China (Beijing), pay-as-you-go)", MATCHED),
    # ---- wrappers: JS, Java, Go SDKs, nested JSON, stack traces, Chinese prefixes, log lines
    ("AuthenticationError: 401 Incorrect API key provided.\n    at APIError.generate (node_modules/openai/error.js:44)",
     "invalid-api-key", "Incorrect API key provided", MATCHED),
    ("com.openai.errors.UnauthorizedException: 401: Invalid API-key provided.", "invalid-api-key",
     "Invalid API-key provided", MATCHED),
    ("error, status code: 401, status: 401 Unauthorized, message: Invalid API-key provided.", "invalid-api-key",
     "status 401", MATCHED),
    ("Error from API: map[code:model_not_found message:The model `qwen-plux` does not exist or you do not have "
     "access to it. param:<nil> type:invalid_request_error]", "model-not-found", "code model_not_found", MATCHED),
    ('{"message":"401 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"authentication_error\\",\\"message\\":'
     '\\"invalid x-api-key\\"}}","status":401}', "anthropic-authentication-error", "type authentication_error",
     MATCHED),
    ("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    client.chat.completions.create()"
     "\n  File \"openai/_base_client.py\", line 1023, in _request\n    raise self._make_status_error_from_response("
     "err.response) from None\nopenai.RateLimitError: Error code: 429 - "
     + env("limit_requests", "You exceeded your current requests list.", "limit_requests"), "rate-limit",
     "code limit_requests", MATCHED),
    ("调用失败，错误码：401，错误信息：Invalid API-key provided.", "invalid-api-key", "status 401", MATCHED),
    ("请求失败401：Invalid API-key provided.", "invalid-api-key", "status 401", MATCHED),
    ("2026-05-01T10:00:00Z ERROR [litellm] POST https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions "
     "\"HTTP/1.1 400 Bad Request\" {\"error\":{\"code\":\"Arrearage\",\"message\":\"Access denied, please make sure "
     "your account is in good standing.\",\"type\":\"Arrearage\"}}", "arrearage", "code Arrearage", MATCHED),
    ("[qwen-code] 429 <429> Throttling.RateQuota: Requests rate limit exceeded, please try again later.",
     "rate-limit", "code Throttling.RateQuota", MATCHED),
    ("INFO:httpx:HTTP Request: POST https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions "
     "\"HTTP/1.1 401 Unauthorized\"\nTraceback (most recent call last):\n  File \"x.py\", line 9, in <module>\n"
     "openai.AuthenticationError: Error code: 401 - " + env("invalid_api_key", "Incorrect API key provided. "),
     "invalid-api-key", "dashscope-intl.aliyuncs.com (Singapore, pay-as-you-go)", MATCHED),
    ("httpx.ConnectTimeout: timed out", "connection-error", "no answer came from the server", MATCHED),
    # ---- nothing but the status: a possibility list, never arrears first for an unknown 400
    ("HTTP/1.1 400 Bad Request\n{\"code\":\"Weird\",\"message\":\"something else entirely\"}", "invalid-request",
     "usual meaning of a bare 400", STATUS_ONLY),
    ("HTTP/1.1 400 Bad Request", "invalid-request", "status 400", STATUS_ONLY),
]


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    from validator.catalogue import load

    return load()


@pytest.mark.parametrize("text, expected, evidence, confidence", CASES,
                         ids=[f"{i:02d}-{c[1]}" for i, c in enumerate(CASES)])
def test_top_cause_and_its_evidence(catalogue, text: str, expected: str, evidence: str, confidence: str) -> None:
    d = rank(text, catalogue)
    assert d.causes, "no cause"
    top = d.causes[0]
    got = f"meaning:{top.meaning}" if expected.startswith("meaning:") else top.id
    assert got == expected, [(c.id, round(c.score, 1), c.because_text()) for c in d.causes[:3]]
    assert evidence in top.because_text(), top.because_text()
    assert d.confidence == confidence


def test_every_expected_cause_is_a_catalogue_signature(catalogue) -> None:
    ids = {s.id for s in catalogue.errors()}
    assert {e for _, e, _, _ in CASES if not e.startswith("meaning:")} <= ids


def test_new_signatures_cite_where_their_text_was_seen(catalogue) -> None:
    new = {"content-moderation", "input-too-long", "qwen-oauth-ended", "qwen-oauth-token", "claude-code-login",
           "foreign-model", "protocol-shape-mismatch"}
    for sig in catalogue.errors():
        if sig.id in new:
            assert sig.cited.source.startswith("https://"), sig.id


def test_a_recognised_error_lists_no_cause_that_only_shares_its_status(catalogue) -> None:
    d = rank("[API Error: 400 <400> InternalError.Algo.DataInspectionFailed: Input text data may contain "
             "inappropriate content.]", catalogue)
    assert [c.id for c in d.causes] == ["content-moderation"]


def test_a_catalogue_model_name_is_not_foreign(catalogue) -> None:
    d = rank("Error code: 404 - " + env("model_not_found", "The model `qwen-plux` does not exist or you do not "
                                        "have access to it."), catalogue)
    assert d.causes[0].id == "model-not-found"
    assert all(c.id != "foreign-model" for c in d.causes)


def test_a_tool_auth_signature_needs_its_context(catalogue) -> None:
    """Without "Qwen OAuth" in the paste, the plan gateway's 401 stays the plan gateway's."""
    d = rank("401 invalid access token or token expired", catalogue)
    assert d.causes[0].id == "plan-gateway-invalid-token"
    assert "qwen-oauth-token" not in [c.id for c in d.causes]


def test_an_unmatched_text_is_unrecognised(catalogue) -> None:
    d = rank("the frobnicator exploded at dawn", catalogue)
    assert d.causes == [] and d.confidence == UNRECOGNISED and not d.recognised
    assert "does not recognise" in "\n".join(render_diagnosis(d))
    doc = d.to_dict()
    assert doc["recognised"] is False and doc["confidence"] == "unrecognised"


def test_a_bare_status_is_never_presented_as_a_diagnosis(catalogue) -> None:
    for text in ("HTTP/1.1 400 Bad Request", "HTTP/1.1 404 Not Found", "403 Forbidden", "Error code: 429"):
        d = rank(text, catalogue)
        assert not d.recognised and d.confidence == STATUS_ONLY, text
        lines = render_diagnosis(d)
        assert "not a Model Studio error msv recognises" in lines[1], lines
        assert all("possible cause" in ln for ln in lines if ln.strip()[:2].rstrip(".").isdigit())
    assert rank("HTTP/1.1 400 Bad Request", catalogue).causes[0].id != "arrearage"
    assert rank("HTTP/1.1 404 Not Found", catalogue).causes[0].id == "path-not-found"


def test_several_errors_in_one_paste_are_reported_one_by_one(catalogue) -> None:
    text = ("2026-01-01 10:00:01 ERROR HTTP/1.1 401 Unauthorized\n{\"code\":\"InvalidApiKey\",\n"
            " \"message\":\"Invalid API-key provided.\"}\n"
            "2026-01-01 10:00:05 ERROR Error code: 429 - " + env("limit_requests", "Requests rate limit exceeded, "
                                                                 "please try again later.", "limit_requests") + "\n"
            "2026-01-01 10:00:09 ERROR [API Error: 400 <400> InternalError.Algo.DataInspectionFailed: Input text data "
            "may contain inappropriate content.]")
    d = rank(text, catalogue)
    assert [x.causes[0].id for x in [d, *d.others]] == ["invalid-api-key", "rate-limit", "content-moderation"]
    doc = d.to_dict()
    assert [e["causes"][0]["id"] for e in doc["errors"]] == ["invalid-api-key", "rate-limit", "content-moderation"]
    assert doc["causes"][0]["id"] == "invalid-api-key"          # the first error stays at the top (as before)
    lines = render_diagnosis(d)
    assert sum(1 for ln in lines if ln.startswith("[")) == 3 and lines[0].startswith("[1/3] error: 401")


def test_a_log_line_before_the_exception_is_the_same_error(catalogue) -> None:
    text = ('INFO:httpx:HTTP Request: POST https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions '
            '"HTTP/1.1 429 Too Many Requests"\nopenai.RateLimitError: Error code: 429 - '
            + env("limit_requests", "Requests rate limit exceeded, please try again later.", "limit_requests"))
    d = rank(text, catalogue)
    assert d.others == [] and d.causes[0].id == "rate-limit"


def test_the_same_error_repeated_is_one_error(catalogue) -> None:
    one = "Error code: 401 - " + env("invalid_api_key", "Incorrect API key provided. ")
    d = rank(one + "\n" + one + "\n" + one, catalogue)
    assert d.others == [] and d.causes[0].id == "invalid-api-key"


def test_the_key_in_a_paste_never_reaches_the_output(catalogue) -> None:
    text = "Authorization: Bearer " + PLAN + "\nError code: 401 - " + env("invalid_api_key", "Incorrect API key.")
    d = rank(text, catalogue)
    out = json.dumps(d.to_dict()) + "\n".join(render_diagnosis(d))
    assert PLAN not in out and PLAN[6:20] not in out
    for url in (f"https://user:{PAYG[3:]}@dashscope.aliyuncs.com/compatible-mode/v1",       # userinfo
                f"https://dashscope.aliyuncs.com/compatible-mode/v1/models?api_key={PAYG[3:]}",  # query
                f"https://dashscope.aliyuncs.com/{PAYG}/compatible-mode/v1"):                 # path
        d = rank(f"POST {url} -> 404 Not Found", catalogue)
        out = json.dumps(d.to_dict()) + "\n".join(render_diagnosis(d))
        assert PAYG[3:19] not in out, url
        assert d.context.urls and d.context.urls[0].host == "dashscope.aliyuncs.com"


# --------------------------------------------------------------------------- through the CLI

@pytest.fixture
def run(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import os

    for name in list(os.environ):
        if name.split("_")[0] in ("OPENAI", "ANTHROPIC", "DASHSCOPE", "QWEN", "BAILIAN", "CODEX", "LITELLM"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    def go(*args: str):  # type: ignore[no-untyped-def]
        from validator.cli import cli

        return CliRunner().invoke(cli, ["diagnose", "--no-probe", *args], env={"HOME": str(tmp_path)},
                                  catch_exceptions=False)

    return go


def test_cli_prints_the_evidence_in_text_and_json(run) -> None:  # type: ignore[no-untyped-def]
    text = ("OpenAI API error: 400 <400> InternalError.Algo.InvalidParameter: Range of input length should be "
            "[1, 204800]")
    out = run("--error", text).stdout
    assert "Likely causes of the error" in out
    assert "1. input-too-long" in out and "because: " in out and "limit 204800" in out
    doc = json.loads(run("--format", "json", "--error", text).stdout)["error"]
    top = doc["causes"][0]
    assert top["id"] == "input-too-long" and doc["recognised"] is True
    assert any(b["kind"] == "message" and "limit 204800" in b["detail"] and b["weight"] > 0 for b in top["because"])
    assert any(b["kind"] == "status" and b["detail"] == "status 400" for b in top["because"])
    assert isinstance(top["evidence"], list) and "score" in top and "source" in top      # the old fields stay


def test_cli_unrecognised_says_so_first(run) -> None:  # type: ignore[no-untyped-def]
    out = run("--error", "HTTP/1.1 400 Bad Request").stdout
    section = out.split("Possible causes of the error (msv does not recognise it):")[1]
    assert section.strip().splitlines()[1].strip().startswith("not a Model Studio error msv recognises")
    doc = json.loads(run("--format", "json", "--error", "HTTP/1.1 400 Bad Request").stdout)["error"]
    assert doc["recognised"] is False and doc["confidence"] == "status-only"
    assert doc["note"].startswith("not a Model Studio error msv recognises")
