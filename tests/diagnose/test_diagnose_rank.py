"""``msv diagnose --error`` ranks the right cause first for every documented 401/403/404/429 body.

The bodies are those of catalogue-facts.md §6.2 and §6.3 (official error-code pages, the seed
files, the plan FAQs), pasted the ways users paste them: raw JSON of each protocol's shape, an
SDK exception with a Python dict repr, a curl status line, a DashScope response repr, text.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner


def envelope(code: str | None, message: str, typ: str = "invalid_request_error") -> str:
    return json.dumps({"error": {"message": message, "type": typ, "param": None, "code": code},
                       "request_id": "649b2bbc-c541-9e16-9845-db7fe4fe5b2d"})


def flat(code: str, message: str) -> str:
    return json.dumps({"code": code, "message": message, "request_id": "649b2bbc-c541-9e16-9845-db7fe4fe5b2d"})


def anthropic(typ: str, message: str = "") -> str:
    return json.dumps({"type": "error", "error": {"type": typ, "message": message}})


# (pasted error, expected first cause = catalogue error-signature id)
CASES: list[tuple[str, str]] = [
    # ---- 401
    ("HTTP/1.1 401 Unauthorized\n" + flat("InvalidApiKey", "Invalid API-key provided."), "invalid-api-key"),
    ("Error code: 401 - " + envelope("invalid_api_key", "Incorrect API key provided. "), "invalid-api-key"),
    ("openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided. ', "
     "'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}, 'request_id': 'x'}",
     "invalid-api-key"),
    ("GenerationResponse(status_code=401, request_id='r', code='InvalidApiKey', message='Invalid API-key "
     "provided.', output=None, usage=None)", "invalid-api-key"),
    ("401 " + flat("InvalidApiKey", "No API-key provided."), "no-api-key"),
    ("AuthenticationError: No api key provided. You can set by dashscope.api_key = your_api_key in code, or you "
     "can set it via environment variable DASHSCOPE_API_KEY= your_api_key.", "sdk-no-api-key"),
    ("openai.OpenAIError: The api_key client option must be set either by passing api_key to the client or by "
     "setting the OPENAI_API_KEY environment variable", "sdk-no-api-key"),
    ("HTTP 401 " + flat("NOT AUTHORIZED", "Access denied: Either you are not authorized to access this workspace, "
                                          "or the workspace does not exist."), "workspace-not-authorized"),
    ("401 invalid access token or token expired", "plan-gateway-invalid-token"),
    ("Error code: 401 - " + envelope(None, "invalid access token or token expired"), "plan-gateway-invalid-token"),
    ("anthropic.AuthenticationError: Error code: 401 - " + anthropic("authentication_error", "invalid x-api-key"),
     "anthropic-authentication-error"),
    # ---- 403
    ("403 Forbidden: invalid api-key", "plan-key-on-general-host"),
    ("HTTP/1.1 403 Forbidden\n" + flat("AccessDenied", "Access denied."), "access-denied"),
    ("Error code: 403 - " + envelope("access_denied", "Access denied."), "access-denied"),
    ("403 " + flat("AccessDenied", "current user api does not support synchronous calls"), "async-mismatch"),
    ("403 " + flat("AccessDenied.Unpurchased", "Access to model denied. Please make sure you are eligible for "
                                               "using the model."), "not-activated"),
    ("403 " + flat("Model.AccessDenied", "Model access denied."), "model-access-denied"),
    ("403 " + flat("App.AccessDenied", "App access denied."), "app-access-denied"),
    ("403 " + flat("Workspace.AccessDenied", "Workspace access denied."), "workspace-access-denied"),
    ("403 " + flat("AllocationQuota.FreeTierOnly", "The free tier of the model has been exhausted. If you wish to "
                   "continue access the model on a paid basis, please disable the \"use free tier only\" mode in "
                   "the management console."), "free-tier-only"),
    ("anthropic.PermissionDeniedError: Error code: 403 - " + anthropic("permission_error"),
     "anthropic-permission-error"),
    # ---- 404
    ("404 " + flat("ModelNotFound", "Model can not be found."), "model-not-found"),
    ("Error code: 404 - " + envelope("model_not_found", "The model `qwen-plux` does not exist or you do not have "
                                                        "access to it."), "model-not-found"),
    ("Error code: 404 - " + envelope("model_not_found", "The provided model 'qwen-max' is not supported by the "
                                                        "Batch API."), "batch-model-not-supported"),
    ("Error code: 404 - " + envelope("model_not_supported", "Unsupported model qwen-ft-x for OpenAI compatibility "
                                                            "mode."), "model-not-supported-openai"),
    ("404 " + flat("WorkSpaceNotFound", "WorkSpace can not be found."), "workspace-not-found"),
    ("404 " + flat("NotFound", "Not found!"), "path-not-found"),
    ("anthropic.NotFoundError: Error code: 404 - " + anthropic("not_found_error"), "anthropic-not-found"),
    # ---- 429
    ("429 " + flat("Throttling", "Requests throttling triggered."), "rate-limit"),
    ("429 " + flat("Throttling.RateQuota", "Requests rate limit exceeded, please try again later."), "rate-limit"),
    ("Error code: 429 - " + envelope("limit_requests", "You exceeded your current requests list.",
                                     "limit_requests"), "rate-limit"),
    ("429 " + flat("Throttling.BurstRate", "Request rate increased too quickly. To ensure system stability, "
                                           "please adjust your client logic to scale requests more smoothly over "
                                           "time."), "rate-limit"),
    ("429 " + flat("Throttling.AllocationQuota", "Allocated quota exceeded, please increase your quota limit."),
     "token-quota"),
    ("Error code: 429 - " + envelope("insufficient_quota", "You exceeded your current quota, please check your "
                                     "plan and billing details.", "insufficient_quota"), "token-quota"),
    ("429 " + flat("Throttling.AllocationQuota", "Free allocated quota exceeded."), "free-quota-exceeded"),
    ("429 " + flat("CommodityNotPurchased", "Commodity has not purchased yet."), "subscription-overdue"),
    ("429 " + flat("PrepaidBillOverdue", "The prepaid bill is overdue."), "subscription-overdue"),
    ("429 " + flat("PostpaidBillOverdue", "The postpaid bill is overdue."), "subscription-overdue"),
    ("429 hour allocated quota exceeded", "plan-quota"),
    ("Error code: 429 - " + envelope(None, "week allocated quota exceeded"), "plan-quota"),
    ("anthropic.RateLimitError: Error code: 429 - " + anthropic("rate_limit_error"), "rate-limit"),
    # ---- related: arrears (400), connection errors, the Coding Plan "Coding Agents" reply
    ("Error code: 400 - {'error': {'code': 'Arrearage', 'param': None, 'message': 'Access denied, please make "
     "sure your account is in good standing.', 'type': 'Arrearage'}}", "arrearage"),
    ("openai.APIConnectionError: Connection error.", "connection-error"),
    ('AI 服务返回错误 (405 Method Not Allowed) 详情: {"error": "Coding Plan is currently only available for '
     'Coding Agents"}', "plan-coding-agents-only"),
]


@pytest.fixture
def run(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Run ``msv diagnose`` in an empty folder with an empty HOME and no client variables."""
    import os

    for name in list(os.environ):
        if name.split("_")[0] in ("OPENAI", "ANTHROPIC", "DASHSCOPE", "QWEN", "BAILIAN", "ALIBABA", "CODEX",
                                  "LITELLM", "MODELSTUDIO", "ALIYUN"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    def go(*args: str):  # type: ignore[no-untyped-def]
        from validator.cli import cli

        return CliRunner().invoke(cli, ["diagnose", *args], env={"HOME": str(tmp_path)}, catch_exceptions=False)

    return go


@pytest.mark.parametrize("text, expected", CASES, ids=[f"{i:02d}-{e}" for i, (_, e) in enumerate(CASES)])
def test_documented_errors_rank_the_right_cause_first(run, text: str, expected: str) -> None:
    r = run("--no-probe", "--format", "json", "--error", text)
    assert r.exit_code == 0, r.output
    causes = json.loads(r.stdout)["error"]["causes"]
    assert causes, "no cause found"
    assert causes[0]["id"] == expected, [(c["id"], c["score"]) for c in causes[:4]]


def test_every_case_names_a_catalogue_signature() -> None:
    """Keeps the table honest: each expected id exists in the bundled catalogue."""
    from validator.catalogue import load

    ids = {s.id for s in load().errors()}
    assert {e for _, e in CASES} <= ids


def test_error_from_stdin(run) -> None:  # type: ignore[no-untyped-def]
    from validator.cli import cli

    r = CliRunner().invoke(cli, ["diagnose", "--no-probe", "--format", "json", "--error", "-"],
                           input="HTTP/1.1 403 Forbidden\n" + flat("Model.AccessDenied", "Model access denied."))
    assert json.loads(r.stdout)["error"]["causes"][0]["id"] == "model-access-denied"


def test_empty_error_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    assert run("--no-probe", "--error", "   ").exit_code == 2


def test_unrecognised_error_says_so(run) -> None:  # type: ignore[no-untyped-def]
    r = run("--no-probe", "--error", "something odd happened")
    assert r.exit_code == 0
    assert "does not recognise this error" in r.stdout


def test_a_bare_status_prefers_the_common_cause(run) -> None:  # type: ignore[no-untyped-def]
    causes = json.loads(run("--no-probe", "--format", "json", "--error", "HTTP/1.1 401 Unauthorized").stdout)
    assert causes["error"]["causes"][0]["id"] == "invalid-api-key"


def test_a_bare_status_uses_the_configuration(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Claude Code set up on the Coding Plan host: a bare 401 is most likely the plan gateway's."""
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text(json.dumps({"env": {
        "ANTHROPIC_BASE_URL": "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic",
        "ANTHROPIC_AUTH_TOKEN": "sk-sp-" + "ab12" * 8}}))
    doc = json.loads(run("--no-probe", "--format", "json", "--error", "401 Unauthorized").stdout)
    top = doc["error"]["causes"][0]
    assert top["id"] == "plan-gateway-invalid-token"
    assert any("coding-intl.dashscope.aliyuncs.com" in e for e in top["evidence"])
    # …but the error's own code still wins over the configuration
    doc = json.loads(run("--no-probe", "--format", "json", "--error",
                         "401 " + flat("InvalidApiKey", "Invalid API-key provided.")).stdout)
    assert doc["error"]["causes"][0]["id"] == "invalid-api-key"
