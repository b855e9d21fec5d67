"""One answer → accepted / rejected / inconclusive. Inconclusive is never a rejection.

Each case runs twice: with the bundled catalogue's error signatures, and with no catalogue
(the classifier's own table of the service's stable codes), so an old or trimmed catalogue
can never turn an unknown answer into "invalid key".
"""

from __future__ import annotations

import json

import pytest

from validator.probe.classify import classify, meaning_of_signature
from validator.probe.observation import ACCEPTED, INCONCLUSIVE, KEY, MODEL, REJECTED


def j(obj: object) -> str:
    return json.dumps(obj)


CASES = [
    # (status, body, purpose, outcome, meaning)
    (200, j({"object": "list", "data": [{"id": "qwen-plus"}]}), KEY, ACCEPTED, "accepted"),
    (200, j({"output": {"task_status": "UNKNOWN"}, "request_id": "r"}), KEY, ACCEPTED, "accepted"),
    (200, "<html>Sign in</html>", KEY, INCONCLUSIVE, "unexpected"),
    (401, j({"error": {"message": "Incorrect API key provided. ", "code": "invalid_api_key",
                       "type": "invalid_request_error"}}), KEY, REJECTED, "invalid-key"),
    (401, j({"code": "InvalidApiKey", "message": "Invalid API-key provided."}), KEY, REJECTED, "invalid-key"),
    (401, j({"type": "error", "error": {"type": "authentication_error", "message": "bad"}}), KEY, REJECTED,
     "invalid-key"),
    (401, j({"error": {"message": "invalid access token or token expired"}}), KEY, REJECTED, "plan-mismatch"),
    (403, j({"error": {"message": "invalid api-key"}}), KEY, REJECTED, "plan-mismatch"),
    (401, j({"code": "NOT AUTHORIZED", "message": "Access denied: Either you are not authorized to access this "
                                                  "workspace, or the workspace does not exist."}),
     KEY, REJECTED, "workspace"),
    # a 401 that is not a Model Studio answer (a proxy in between) decides nothing
    (401, "<html>401 Authorization Required</html>", KEY, INCONCLUSIVE, "unexpected"),
    (401, '{"error": {"message": "Incorrect API key', KEY, INCONCLUSIVE, "unexpected"),
    (401, "", KEY, INCONCLUSIVE, "unexpected"),
    (429, j({"error": {"message": "Requests rate limit exceeded, please try again later.",
                       "code": "limit_requests", "type": "limit_requests"}}), KEY, ACCEPTED, "rate-limit"),
    (429, j({"error": {"message": "You exceeded your current quota, please check your plan and billing details.",
                       "code": "insufficient_quota", "type": "insufficient_quota"}}), KEY, ACCEPTED, "quota"),
    (400, j({"error": {"code": "Arrearage", "type": "Arrearage",
                       "message": "Access denied, please make sure your account is in good standing."}}),
     KEY, ACCEPTED, "arrears"),
    (403, j({"code": "AllocationQuota.FreeTierOnly", "message": "The free tier of the model has been exhausted."}),
     KEY, ACCEPTED, "free-tier-only"),
    # a 429 (or any "the key authenticated" reading) needs Model Studio's own answer: a gateway's
    # rate limiter or a proxy's page says the same words before any key is checked
    (429, "Too Many Requests", KEY, INCONCLUSIVE, "unexpected"),
    (429, "<html><h1>429 Too Many Requests</h1>rate limit exceeded</html>", KEY, INCONCLUSIVE, "unexpected"),
    (429, j({"detail": "slow down"}), KEY, INCONCLUSIVE, "unexpected"),
    (404, "<html>The page you requested does not exist</html>", KEY, INCONCLUSIVE, "unexpected"),
    (403, "You exceeded your current quota", KEY, INCONCLUSIVE, "unexpected"),
    (500, j({"code": "InternalError", "message": "oops"}), KEY, INCONCLUSIVE, "server-error"),
    (503, j({"code": "ModelServingError", "message": "busy"}), KEY, INCONCLUSIVE, "server-error"),
    (307, "", KEY, INCONCLUSIVE, "unexpected"),
    (404, j({"code": "NotFound", "message": "Not found!"}), KEY, INCONCLUSIVE, "unexpected"),
    # model checks
    (403, j({"code": "Model.AccessDenied", "message": "Model access denied."}), MODEL, REJECTED, "model-denied"),
    (404, j({"error": {"message": "The model `x` does not exist or you do not have access to it.",
                       "code": "model_not_found"}}), MODEL, REJECTED, "model-unknown"),
    (400, j({"error": {"message": "messages must not be empty", "code": "invalid_parameter_error"}}), MODEL,
     ACCEPTED, "model-ok"),
    (429, j({"error": {"message": "Requests rate limit exceeded", "code": "limit_requests"}}), MODEL,
     INCONCLUSIVE, "rate-limit"),
]


@pytest.mark.parametrize("use_catalogue", [True, False], ids=["catalogue", "fallback"])
@pytest.mark.parametrize("status, body, purpose, outcome, meaning", CASES)
def test_classify(status: int, body: str, purpose: str, outcome: str, meaning: str, use_catalogue: bool,
                  catalogue) -> None:
    v = classify(status, body, purpose=purpose, catalogue=catalogue if use_catalogue else None)
    assert (v.outcome, v.meaning) == (outcome, meaning), v.cause


def test_listing_is_read() -> None:
    v = classify(200, j({"data": [{"id": "qwen-plus"}, {"id": "qwen-max"}]}))
    assert v.models_listed == ("qwen-plus", "qwen-max")
    v = classify(200, j({"output": {"models": [{"model": "qwen3-max"}]}}))
    assert v.models_listed == ("qwen3-max",)


def test_redirect_names_only_the_host() -> None:
    v = classify(302, "", location="evil.example:8443")
    assert v.outcome == INCONCLUSIVE and "evil.example:8443" in v.cause and "not followed" in v.cause


@pytest.mark.parametrize("meaning, expected", [
    ("invalid-key", "invalid-key"), ("general-key-on-plan-host", "plan-mismatch"),
    ("plan-key-on-general-host", "plan-mismatch"), ("workspace-not-authorised", "workspace"),
    ("model-not-granted", "model-denied"), ("model-not-found", "model-unknown"),
    ("unsupported-model-for-interface", "model-unknown"), ("rate-limit", "rate-limit"), ("quota", "quota"),
    ("plan-quota", "quota"), ("free-tier-only", "free-tier-only"), ("arrears", "arrears"),
    ("not-activated", "not-activated"), ("server-error", "server-error"), ("overloaded", "server-error"),
    ("bad-request", None), ("path-not-found", None),
])
def test_signature_meanings(meaning: str, expected: str | None) -> None:
    assert meaning_of_signature(meaning) == expected


def test_every_catalogue_meaning_is_understood_or_deliberately_neutral(catalogue) -> None:
    """A new meaning in errors.yaml must be mapped here, or listed as neutral on purpose."""
    neutral = {"access-denied", "async-mismatch", "url-error", "path-not-found", "stream-only", "bad-request",
               "request-too-large", "connection-error", "not-onboarded", "plan-usage-restricted",
               # the request reached the service and was refused for its content or shape (key fine)
               "thinking-needs-stream", "content-moderation", "input-too-long", "protocol-mismatch",
               "tool-auth"}
    unmapped = {s.meaning for s in catalogue.errors() if meaning_of_signature(s.meaning) is None}
    assert unmapped <= neutral
