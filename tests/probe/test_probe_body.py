"""Reading server bodies and pasted errors: every protocol's shape, SDK texts, hostile input."""

from __future__ import annotations

import pytest

from validator.probe.body import parse_body, parse_pasted

KEY = "sk-0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("text, shape, code, typ, message", [
    ('{"error":{"message":"Incorrect API key provided. ","type":"invalid_request_error","param":null,'
     '"code":"invalid_api_key"},"request_id":"r1"}', "openai", "invalid_api_key", "invalid_request_error",
     "Incorrect API key provided."),
    ('{"code":"InvalidApiKey","message":"Invalid API-key provided.","request_id":"r2"}', "dashscope",
     "InvalidApiKey", None, "Invalid API-key provided."),
    ('{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', "anthropic",
     None, "authentication_error", "invalid x-api-key"),
    ('{"error":"Coding Plan is currently only available for Coding Agents"}', "json", None, None,
     "Coding Plan is currently only available for Coding Agents"),
    ("<html>proxy login</html>", "text", None, None, "<html>proxy login</html>"),
    ("", "empty", None, None, None),
    ('{"error": {"message": "Incorrect API key', "text", None, None, '{"error": {"message": "Incorrect API key'),
])
def test_parse_body_shapes(text: str, shape: str, code: str | None, typ: str | None, message: str | None) -> None:
    body = parse_body(text)
    assert (body.shape, body.code, body.type, body.message) == (shape, code, typ, message)


def test_parse_body_redacts_an_echoed_key() -> None:
    body = parse_body('{"error":{"message":"Incorrect API key provided: %s","code":"invalid_api_key"}}' % KEY)
    assert KEY not in (body.message or "")
    assert "sk-…" in (body.message or "")


@pytest.mark.parametrize("text, status, code, exception", [
    # openai-python prints a Python dict repr after "Error code:"
    ("openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided. ', "
     "'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}, 'request_id': 'x'}",
     401, "invalid_api_key", "AuthenticationError"),
    # anthropic SDK
    ("anthropic.PermissionDeniedError: Error code: 403 - {'type': 'error', 'error': {'type': 'permission_error', "
     "'message': 'no'}}", 403, None, "PermissionDeniedError"),
    # curl -i
    ("HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\r\n"
     '{"code":"Throttling.RateQuota","message":"Requests rate limit exceeded, please try again later."}',
     429, "Throttling.RateQuota", None),
    # DashScope SDK response repr
    ("GenerationResponse(status_code=401, request_id='abc', code='InvalidApiKey', "
     "message='Invalid API-key provided.', output=None, usage=None)", 401, "InvalidApiKey", None),
    # DashScope SDK JSON-ish dump
    ('{"status_code": 400, "request_id": "r", "code": "Arrearage", "message": "Access denied, please make sure '
     'your account is in good standing.", "output": null}', 400, "Arrearage", None),
    # an SDK exception without a status
    ("openai.RateLimitError: You exceeded your current quota", 429, None, "RateLimitError"),
    ("405 Method Not Allowed {\"error\": \"Coding Plan is currently only available for Coding Agents\"}",
     405, None, None),
    ("Error: 401 status code (no body)", 401, None, None),
])
def test_parse_pasted(text: str, status: int | None, code: str | None, exception: str | None) -> None:
    err = parse_pasted(text)
    assert err.status == status
    assert err.body.code == code
    assert err.exception == exception


def test_parse_pasted_connection_errors() -> None:
    assert parse_pasted("openai.APIConnectionError: Connection error.").transport == "network"
    assert parse_pasted("httpx.ConnectTimeout: timed out").transport == "timeout"
    assert parse_pasted("Invalid API-key provided.").transport is None


def test_parse_pasted_never_keeps_the_key() -> None:
    err = parse_pasted(f"Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: {KEY}'}}}} "
                       f"Authorization: Bearer {KEY}")
    assert KEY not in err.text
    assert KEY not in (err.body.message or "")


@pytest.mark.parametrize("text", [
    "{" * 20000,
    "[" * 50000 + "]" * 50000,
    "'" * 100000,
    "{'a': " * 5000,
    "\x00\xff" * 1000,
    "status_code=" * 10000,
])
def test_hostile_paste_is_bounded(text: str) -> None:
    err = parse_pasted(text)      # must not raise, recurse forever or take long
    assert len(err.text) <= 2000
