"""Queries other layers rely on: keys, models, parameters, features, errors, clients, probes."""

from __future__ import annotations

import json

import pytest

from validator.catalogue import load
from validator.model import Secret

HEX32 = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def cat():
    return load()


def test_version_and_date(cat) -> None:
    assert cat.version and len(cat.as_of) == 10 and cat.as_of[4] == "-"


# ---------------------------------------------------------------- keys

KEYS = [
    ("sk-" + HEX32, "payg", ("payg",), None, ()),
    ("sk-sp-" + "a1B2" * 8, "subscription", ("token-plan", "coding-plan"), None, ()),
    ("sk-ws-H.ABCDEFG.abcd.MEQCIB" + "x" * 40, "workspace", ("payg",), None, ()),
    ("sk-ant-api03-" + "a" * 40, "foreign", (), "anthropic", ()),
    ("sk-proj-" + "a" * 40, "foreign", (), "openai", ()),
    ("AIza" + "b" * 35, "foreign", (), "google", ()),
    ("sk-" + "0123456789abcdef", "generic", ("payg",), None, ("truncated",)),
    ("sk-xxx", "placeholder", (), None, ()),
    ("sk-xxxxxxxxxxxxxxxx", "placeholder", (), None, ()),
    ("YOUR_DASHSCOPE_API_KEY", "placeholder", (), None, ()),
    ("<your-api-key>", "placeholder", (), None, ()),
    ("你的API Key", "placeholder", (), None, ()),
    ("sk-****", "masked", (), None, ()),
    ("sk-sp-****abcd", "masked", (), None, ()),
    ("${DASHSCOPE_API_KEY}", "placeholder", (), None, ("reference",)),
    ("DASHSCOPE_API_KEY", "unknown", (), None, ("variable-name",)),
    ("Bearer sk-" + HEX32, "payg", ("payg",), None, ("bearer-prefix",)),
    (' "sk-' + HEX32 + '" ', "payg", ("payg",), None, ("whitespace", "quotes")),
    ("sk-" + HEX32 + "\n", "payg", ("payg",), None, ("newline",)),
    ("", "empty", (), None, ()),
    ("hello", "unknown", (), None, ()),
]


@pytest.mark.parametrize("key,kind,plans,provider,problems", KEYS, ids=[repr(k[0][:14]) for k in KEYS])
def test_key_shape(cat, key, kind, plans, provider, problems) -> None:
    shape = cat.key_shape(key)
    assert (shape.kind, shape.plans, shape.provider) == (kind, plans, provider)
    assert set(problems) <= set(shape.problems)


def test_key_shape_accepts_a_secret_and_never_keeps_the_key(cat) -> None:
    raw = "sk-" + HEX32
    shape = cat.key_shape(Secret(raw))
    assert shape.kind == "payg"
    assert raw not in repr(shape)
    assert cat.key_shape(None).kind == "empty"


def test_mismatch_outcomes(cat) -> None:
    assert cat.mismatch("payg", "payg") is None
    assert cat.mismatch("subscription", "payg")["error"] == "plan-key-on-general-host"
    assert "invalid access token" in cat.mismatch("payg", "coding-plan")["outcome"]
    assert cat.mismatch("payg", "token-plan")["error"] == "general-key-on-plan-host"
    assert cat.mismatch("subscription", "coding-plan") is None


# ---------------------------------------------------------------- models


def test_model_exact_and_case_sensitive(cat) -> None:
    m = cat.model("qwen-plus")
    assert m and m.family == "qwen-plus" and {"thinking", "tools", "n"} <= m.capabilities
    assert cat.model("Qwen-Plus") is None
    assert cat.model("MiniMax-M2.5") is not None and cat.model("minimax-m2.5") is None


def test_snapshots_and_short_forms(cat) -> None:
    snap = cat.model("qwen-plus-2025-07-14")
    assert snap.alias_of == "qwen-plus" and snap.same_as is None
    short = cat.model("qwen-plus-0714")
    assert short.same_as == "qwen-plus-2025-07-14" and short.alias_of == "qwen-plus"
    assert cat.model("qwen-plus-latest").alias_of == "qwen-plus"
    assert cat.model("qwen-plus-latest").scopes == ("international", "mainland")


def test_us_variants(cat) -> None:
    us = cat.model("qwen-plus-us")
    assert us.scopes == ("us",)
    assert cat.model("qwen-plus-2025-12-01-us").alias_of == "qwen-plus-us"
    names = {m.name for m in cat.models(region="us-east-1")}
    assert {"qwen-plus-us", "qwen-flash-us", "qwen3-max"} <= names
    assert "qwen-plus-us" not in {m.name for m in cat.models(region="cn-beijing")}


def test_capabilities(cat) -> None:
    assert "thinking" not in cat.model("qwen3-coder-plus").capabilities
    assert "stream-only" in cat.model("qwq-plus").capabilities
    assert "n" not in cat.model("qwen-max").capabilities


def test_models_filters(cat) -> None:
    anthropic = {m.name for m in cat.models(protocol="anthropic")}
    assert {"qwen-plus", "qwen-max", "qwen3-coder-plus", "qwen-flash-2025-07-28"} <= anthropic
    assert "qwq-plus" not in anthropic
    beijing_only = {m.name for m in cat.models(region="cn-beijing")} - {m.name for m in cat.models(region="singapore")}
    assert {"glm-5", "kimi-k2.5", "qwen-math-plus"} <= beijing_only
    coding = {m.name for m in cat.models(plan="coding-plan")}
    assert {"qwen3.5-plus", "glm-5", "MiniMax-M2.5", "qwen3-coder-plus"} <= coding
    assert "qwen-plus" not in coding
    assert {m.name for m in cat.models(plan="coding-plan", region="ap-southeast-1")} == coding
    responses = {m.name for m in cat.models(protocol="responses")}
    assert {"qwen3-max", "qwen3.5-plus"} <= responses and "qwen-plus" not in responses


@pytest.mark.parametrize("wrong,right", [
    ("qwen-plus-lastest", "qwen-plus-latest"),
    ("Qwen-Plus", "qwen-plus"),
    ("minimax-m2.5", "MiniMax-M2.5"),
    (" qwen-max ", "qwen-max"),
    ("dashscope/qwen-turbo", "qwen-turbo"),
    ("qwen3-coder-pluss", "qwen3-coder-plus"),
])
def test_suggest_model(cat, wrong, right) -> None:
    assert cat.suggest_model(wrong) == right


def test_suggest_model_nothing_close(cat) -> None:
    assert cat.suggest_model("gpt-4o") is None
    assert cat.suggest_model("qwen-plus") is None  # already right


# ---------------------------------------------------------------- parameters and features


def test_parameters(cat) -> None:
    p = cat.parameters("openai")
    assert (p["temperature"].minimum, p["temperature"].maximum, p["temperature"].exclusive_maximum) == (0, 2, True)
    assert p["top_p"].exclusive_minimum and p["top_p"].exclusive_maximum
    assert p["n"].models == ("qwen-plus",) and (p["n"].minimum, p["n"].maximum) == (1, 4)
    assert p["stream_options"].requires == {"stream": True}
    assert p["tools"].cited.disputed, "the tools+stream restriction is disputed"
    a = cat.parameters("anthropic")
    assert a["top_p"].exclusive_maximum and not a["top_p"].exclusive_minimum
    assert a["metadata"].supported is False
    assert cat.parameters("nope") == {}


@pytest.mark.parametrize("region,name,value", [
    ("cn-beijing", "fine-tuning", True),
    ("ap-southeast-1", "fine-tuning", False),
    ("us-east-1", "batch-inference", False),
    ("virginia", "Batch inference", False),
    ("eu-central-1", "alerting", False),
    ("ap-northeast-1", "real-time-inference", True),
    ("cn-hongkong", "fine-tuning", None),
    ("cn-beijing", "teleportation", None),
    ("mars", "playground", None),
])
def test_feature(cat, region, name, value) -> None:
    assert cat.feature(region, name) is value


# ---------------------------------------------------------------- errors

OPENAI_401 = json.dumps({"error": {"message": "Incorrect API key provided. ", "type": "invalid_request_error",
                                   "param": None, "code": "invalid_api_key"}})
FLAT_401 = json.dumps({"code": "InvalidApiKey", "message": "Invalid API-key provided.", "request_id": "x"})


@pytest.mark.parametrize("status,body,meaning", [
    (401, OPENAI_401, "invalid-key"),
    (401, FLAT_401, "invalid-key"),
    (401, json.dumps({"code": "InvalidApiKey", "message": "No API-key provided."}), "no-key"),
    (401, "invalid access token or token expired", "general-key-on-plan-host"),
    (403, "invalid api-key", "plan-key-on-general-host"),
    (403, json.dumps({"code": "Model.AccessDenied", "message": "Model access denied."}), "model-not-granted"),
    (401, json.dumps({"code": "NOT AUTHORIZED", "message": "Access denied: Either you are not authorized to access "
                                                            "this workspace, or the workspace does not exist."}),
     "workspace-not-authorised"),
    (403, json.dumps({"code": "Workspace.AccessDenied", "message": "Workspace access denied."}), "workspace-not-authorised"),
    (429, json.dumps({"error": {"message": "Requests rate limit exceeded, please try again later.",
                                "type": "limit_requests", "code": "limit_requests"}}), "rate-limit"),
    (429, json.dumps({"code": "Throttling.AllocationQuota", "message": "Allocated quota exceeded, please increase "
                                                                        "your quota limit."}), "quota"),
    (403, json.dumps({"code": "AllocationQuota.FreeTierOnly", "message": "The free tier of the model has been "
                                                                          "exhausted."}), "free-tier-only"),
    (400, json.dumps({"error": {"code": "Arrearage", "param": None, "type": "Arrearage",
                                "message": "Access denied, please make sure your account is in good standing."}}),
     "arrears"),
    (404, json.dumps({"error": {"code": "model_not_supported", "type": "invalid_request_error",
                                "message": "Unsupported model qwen-x for OpenAI compatibility mode."}}),
     "unsupported-model-for-interface"),
    (404, json.dumps({"error": {"code": "model_not_found", "message": "The model `qwen-plux` does not exist."}}),
     "model-not-found"),
    (403, json.dumps({"code": "AccessDenied.Unpurchased", "message": "Access to model denied. Please make sure you "
                                                                      "are eligible for using the model."}),
     "not-activated"),
    (None, "AuthenticationError: No api key provided. You can set by dashscope.api_key = your_api_key",
     "no-key"),
    (401, json.dumps({"type": "error", "error": {"type": "authentication_error", "message": "bad key"}}), "invalid-key"),
    (429, "hour allocated quota exceeded", "plan-quota"),
    (400, json.dumps({"code": "InvalidParameter", "message": "url error, please check url!"}), "url-error"),
])
def test_match_error(cat, status, body, meaning) -> None:
    ranked = cat.match_error(status, body)
    assert ranked, "no signature matched"
    assert ranked[0][0].meaning == meaning
    assert 0 < ranked[0][1] <= 1
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_match_error_status_only_is_weak(cat) -> None:
    ranked = cat.match_error(529, "")
    assert ranked and all(score <= 0.1 for _, score in ranked)
    assert cat.match_error(None, "all good") == []


def test_disputed_429_quota_message(cat) -> None:
    sig = next(e for e in cat.errors() if e.id == "token-quota")
    assert {c.source for c in sig.cited.disputed} >= {"004_c473a5a55eee9c4e.txt"}


# ---------------------------------------------------------------- clients

REQUIRED_CLIENTS = [
    "openai-sdk", "anthropic-sdk", "dashscope-sdk", "openai-compatible", "anthropic-compatible", "dashscope",
    "claude-code", "qwen-code", "codex", "litellm", "litellm-openai", "opencode-openai", "opencode-anthropic",
    "claude-code-router", "crush", "continue", "aider", "spring-ai-openai", "spring-ai-dashscope",
    "langchain-openai", "langchain-tongyi", "vercel-ai-openai", "unknown",
]


@pytest.mark.parametrize("cid", REQUIRED_CLIENTS)
def test_required_clients_exist(cat, cid) -> None:
    c = cat.client(cid)
    assert c is not None and c.id == cid and c.precedence and c.cited.source


def test_client_facts(cat) -> None:
    assert cat.client("openai-sdk").default_base_url == "https://api.openai.com/v1"
    assert not cat.resolve(cat.client("openai-sdk").default_base_url).known
    assert cat.client("dashscope-sdk").default_base_url == "https://dashscope.aliyuncs.com/api/v1"
    litellm = cat.client("litellm")
    assert cat.resolve(litellm.default_base_url).region == "ap-southeast-1"
    assert litellm.append_unless_present and litellm.appends == "/chat/completions"
    assert cat.client("opencode-openai").appends == "/chat/completions"
    assert cat.client("opencode-anthropic").appends == "/messages"
    assert cat.client("claude-code-router").appends == ""
    assert cat.client("spring-ai-openai").appends == "/v1/chat/completions"
    assert cat.client("spring-ai-dashscope").appends == "/api/v1/services/aigc/text-generation/generation"
    assert cat.client("vercel-ai-openai").appends == "/responses"
    assert cat.client("codex").appends == "/responses"
    cc = cat.client("claude-code")
    assert cc.precedence[:3] == ("settings", "process", "shell") and cc.usage == "interactive"
    assert cc.key_vars[0] == "ANTHROPIC_AUTH_TOKEN" and cc.key_headers["ANTHROPIC_API_KEY"] == "x-api-key"
    assert cat.client("aider").precedence[:2] == ("dotenv", "process")
    assert cat.client("openai-sdk").precedence.index("process") < cat.client("openai-sdk").precedence.index("dotenv")
    assert cat.client("unknown").appends is None and cat.client("unknown").protocol is None
    assert cat.client("OpenAI-Python").id == "openai-sdk"  # alias, case-insensitive
    assert cat.client("nope") is None


# ---------------------------------------------------------------- probes


def test_probe_specs(cat) -> None:
    spec = cat.probe_spec("openai", "shared")
    assert (spec.method, spec.path) == ("GET", "/compatible-mode/v1/models")
    assert cat.probe_spec("dashscope", "workspace").path in ("/api/v1/models",
                                                             "/api/v1/tasks/00000000-0000-0000-0000-000000000000")
    assert any(s.path.endswith("/tasks/00000000-0000-0000-0000-000000000000") for s in cat.probe_specs("dashscope"))
    assert cat.probe_spec("openai", "plan") is None  # plan hosts have no token-free probe


def test_probe_candidates(cat) -> None:
    payg = cat.key_shape("sk-" + HEX32)
    pairs = cat.probe_candidates(payg, protocol="openai")
    regions = {h.region for h, _ in pairs}
    assert {"cn-beijing", "ap-southeast-1", "us-east-1", "cn-hongkong"} <= regions
    assert all(h.family == "shared" for h, _ in pairs)
    assert ("https://dashscope-intl.aliyuncs.com/compatible-mode/v1" in {u for _, u in pairs})
    with_ws = cat.probe_candidates(payg, protocol="dashscope", workspace="llm-1")
    assert "https://llm-1.eu-central-1.maas.aliyuncs.com/api/v1" in {u for _, u in with_ws}
    assert cat.probe_candidates(cat.key_shape("sk-xxx"), protocol="openai") == []
    assert cat.probe_candidates(cat.key_shape("sk-ant-" + "a" * 30), protocol="openai") == []
    sub = cat.key_shape("sk-sp-" + "a" * 32)
    assert cat.probe_candidates(sub, protocol="openai") == []
    plan_pairs = cat.probe_candidates(sub, protocol="openai", include_plan_hosts=True)
    assert plan_pairs and all(h.family == "plan" for h, _ in plan_pairs)


# ---------------------------------------------------------------- provenance


def test_every_entry_is_cited(cat) -> None:
    known = {s["id"] for s in cat.sources()}
    for r in cat.regions():
        assert r.cited.source in known
    for h in cat.hosts():
        assert h.cited.source in known and h.cited.confidence in ("seed", "official", "third-party", "inferred")
    for m in cat.models():
        assert m.cited.source in known
    for c in cat.clients():
        assert c.cited.source in known


def test_disagreements_are_recorded(cat) -> None:
    disputes = {(section, ident) for section, ident, _ in cat.disputes()}
    assert ("hosts", "workspace-us-east-1") in disputes      # Virginia workspace domain
    assert ("scopes", "us") in disputes                      # -us suffix vs workspace scope
    assert ("errors", "token-quota") in disputes             # 429 quota vs arrears
    assert ("paths", "/api/v2/apps/protocols/compatible-mode/v1") in disputes
    for _, _, claims in cat.disputes():
        assert len(claims) >= 1 and all(c.source for c in claims)
