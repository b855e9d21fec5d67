"""Read one HTTP answer as accepted / rejected / inconclusive, with a one-word meaning.

The rules of reading (catalogue-facts §9 "Interpreting results"): only an authentication
failure the service itself signed (401, the plan gateway's ``invalid access token``, a
Coding Plan key's 403 ``invalid api-key``) is a *rejection*; 400/403/404/429 answers with a
Model Studio body mean the key authenticated and something else failed (a 429 only with the
service's code or wording: a gateway's rate limiter answers 429 before any key is checked);
anything the probe cannot read with confidence (5xx, redirects, HTML, malformed JSON, a 401
or a 429 without a Model Studio body — a proxy in between) is *inconclusive*, never a bad key.

Meanings come first from the catalogue's error signatures (``Catalogue.match_error``); a
small table of the service's stable codes backs it up so that an old or user-trimmed catalogue
never turns an unknown answer into "invalid key".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .body import ErrorBody, parse_body
from .observation import ACCEPTED, INCONCLUSIVE, KEY, MODEL, REJECTED

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

    from validator.catalogue.index import Catalogue

REJECTING = frozenset({"invalid-key", "plan-mismatch", "workspace"})
MODEL_PROBLEMS = frozenset({"model-denied", "model-unknown"})
AUTHENTICATED = frozenset({"rate-limit", "quota", "free-tier-only", "arrears", "not-activated"})


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: str
    meaning: str
    cause: str
    signature: str | None = None
    models_listed: tuple[str, ...] | None = None


# --------------------------------------------------------------------------- meanings

def meaning_of_signature(meaning: str | None, codes: tuple[str, ...] = ()) -> str | None:
    """Map a catalogue signature's ``meaning`` (free vocabulary) onto the probe's meanings."""
    for text in (meaning or "", " ".join(codes)):
        found = _meaning_words(text.lower())
        if found:
            return found
    return None


def _meaning_words(text: str) -> str | None:
    if not text.strip():
        return None
    table: tuple[tuple[tuple[str, ...], str | None], ...] = (
        # an AI tool's own sign-in (Qwen OAuth, Claude Code's login): never seen by the probe,
        # and not a verdict on a Model Studio key
        (("tool-auth",), None),
        (("arrear", "overdue", "good standing", "billoverdue"), "arrears"),
        (("free-tier", "free tier", "freetier", "free_tier", "free-quota-only"), "free-tier-only"),
        (("rate-limit", "rate limit", "ratequota", "throttl", "burst", "limit_requests", "limitrequests"),
         "rate-limit"),
        (("quota",), "quota"),
        (("activat", "unpurchased", "not-purchased", "commodity"), "not-activated"),
        (("model-denied", "model-not-granted", "model-access", "model.accessdenied", "not-granted", "grant"),
         "model-denied"),
        (("workspace",), "workspace"),
        (("model",), "model-unknown"),
        (("plan",), "plan-mismatch"),
        (("region", "key", "auth", "token", "credential"), "invalid-key"),
        (("server", "internal", "unavailable", "overload", "timeout"), "server-error"),
    )
    for words, result in table:
        if any(w in text for w in words):
            return result
    return None


# The service's stable codes (catalogue-facts §6), used when no catalogue signature matched.
_CODE_TABLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), m) for p, m in (
        (r"^(InvalidApiKey|invalid_api_key|authentication_error|AuthenticationError)$", "invalid-key"),
        (r"^NOT AUTHORIZED$|^Workspace\.AccessDenied$|^WorkSpaceNotFound$", "workspace"),
        (r"^Arrearage$|BillOverdue$", "arrears"),
        (r"^AllocationQuota\.FreeTierOnly$", "free-tier-only"),
        (r"^(Throttling\.AllocationQuota|insufficient_quota)$", "quota"),
        (r"^(Throttling(\..*)?|LimitRequests|limit_requests|limit_burst_rate|rate_limit_error)$", "rate-limit"),
        (r"^Model\.AccessDenied$", "model-denied"),
        (r"^(ModelNotFound|model_not_found|model_not_supported)$", "model-unknown"),
        (r"^(AccessDenied\.Unpurchased|CommodityNotPurchased)$", "not-activated"),
        (r"^(InternalError.*|SystemError|ModelServiceFailed|ModelServingError|ModelUnavailable|"
         r"overloaded_error|internal_error|api_error|RequestTimeOut)$", "server-error"),
    )
)
_MESSAGE_TABLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), m) for p, m in (
        (r"invalid access token|token expired", "plan-mismatch"),
        (r"^invalid api-key\.?$", "plan-mismatch"),
        (r"(incorrect|invalid) api[- ]?key|no api-key provided", "invalid-key"),
        (r"not authorized to access this workspace|workspace access denied", "workspace"),
        (r"good standing|arrear", "arrears"),
        (r"model (can not be found|not exist)|does not exist|is not supported", "model-unknown"),
        (r"model access denied", "model-denied"),
        (r"(hour|week|month) allocated quota exceeded|exceeded your current quota|allocated quota exceeded",
         "quota"),
        (r"rate limit|throttl|too many requests|request limit", "rate-limit"),
    )
)


def fallback_meaning(status: int | None, body: ErrorBody) -> str | None:
    """The backup reading from codes and message wording alone."""
    for value in (body.code, body.type):
        if value:
            for pattern, meaning in _CODE_TABLE:
                if pattern.search(value):
                    return meaning
    if body.message:
        for pattern, meaning in _MESSAGE_TABLE:
            if pattern.search(body.message):
                return meaning
    return None


def _evidence(sig: Any, body: ErrorBody, text: str) -> bool:
    """Does the answer itself carry the signature's code or wording (not just its status)?"""
    labels = {x.lower() for x in (body.code, body.type) if x}
    if any(str(c).lower() in labels for c in getattr(sig, "codes", ()) or ()):
        return True
    haystack = body.message or ("" if body.is_json else text[:2000])
    for pattern in getattr(sig, "patterns", ()) or ():
        try:
            if re.search(pattern, haystack, re.I):
                return True
        except re.error:
            continue
    return False


def match_signature(catalogue: "Catalogue | None", status: int | None, text: str,
                    body: ErrorBody | None = None) -> tuple[Any, str | None]:
    """Best catalogue signature the answer really carries, and its probe meaning (or ``(None, None)``).

    A signature counts only when the body has its code or wording: the status alone (a 401 page
    from a proxy) is no evidence of what Model Studio meant.
    """
    if catalogue is None:
        return None, None
    body = body if body is not None else parse_body(text)
    matches = catalogue.match_error(status, text) or []
    for sig, score in matches:
        if score is not None and score <= 0:
            continue
        if sig.status is not None and status is not None and sig.status != status:
            continue
        if not _evidence(sig, body, text):
            continue
        meaning = meaning_of_signature(getattr(sig, "meaning", None), tuple(getattr(sig, "codes", ()) or ()))
        if meaning:
            return sig, meaning
    return None, None


# --------------------------------------------------------------------------- listings

def listed_models(data: Any) -> tuple[str, ...] | None:
    """Model ids from an OpenAI-style (``data[].id``) or native (``output.models[].model``) listing."""
    if not isinstance(data, dict):
        return None
    items = data.get("data")
    key = "id"
    if not isinstance(items, list):
        output = data.get("output")
        items = output.get("models") if isinstance(output, dict) else None
        key = "model"
    if not isinstance(items, list):
        return None
    names = []
    for item in items[:5000]:
        if isinstance(item, dict):
            name = item.get(key) or item.get("id") or item.get("model") or item.get("name")
            if isinstance(name, str):
                names.append(name)
    return tuple(names)


# --------------------------------------------------------------------------- the verdict

def _describe(status: int | None, body: ErrorBody) -> str:
    label = body.code or body.type
    parts = [str(status)] if status is not None else []
    if label:
        parts.append(label)
    text = " ".join(parts)
    if body.message:
        text = f"{text}: {body.message}" if text else body.message
    return text[:240] or "empty answer"


def classify(status: int, body_text: str | bytes | None, *, purpose: str = KEY,
             catalogue: "Catalogue | None" = None, location: str | None = None) -> Verdict:
    """Read one answer. ``location`` is the ``Location`` header of a redirect (already redacted)."""
    body = parse_body(body_text)
    described = _describe(status, body)

    if 300 <= status < 400:
        where = f" to {location}" if location else ""
        return Verdict(INCONCLUSIVE, "unexpected",
                       f"{status} redirect{where} not followed (credentials are never forwarded)")
    if status >= 500:
        return Verdict(INCONCLUSIVE, "server-error", f"server error {described}")
    if 200 <= status < 300:
        if not body.is_json:
            return Verdict(INCONCLUSIVE, "unexpected", f"{status} with a body that is not JSON "
                                                       "(a proxy or captive portal in between?)")
        if purpose == MODEL:
            # The check is built to be refused (token-free); a 200 means it was served: the model
            # works, but tokens may have been billed and the host does not behave as msv expects.
            return Verdict(ACCEPTED, "model-served", f"{status}: the model served a check msv sends to be "
                                                     "refused (tokens may have been billed)")
        return Verdict(ACCEPTED, "accepted", f"{status}: key accepted", models_listed=listed_models(body.data))

    text = body_text.decode("utf-8", "replace") if isinstance(body_text, bytes) else (body_text or "")
    sig, meaning = match_signature(catalogue, status, text, body)
    if meaning is None and body.is_json:
        # The backup table reads only well-formed Model Studio bodies: loose wording in a
        # truncated or foreign body is no evidence.
        meaning = fallback_meaning(status, body)
    if not body.is_json and meaning not in REJECTING:
        # "The key authenticated" needs Model Studio's own (JSON) answer: a gateway's rate limiter
        # or a proxy's error page uses the same words ("Too Many Requests", "does not exist")
        # before any key is checked. (A plain-text rejection on 401/403 — the plan gateway's — is
        # still read below.)
        sig, meaning = None, None
    sig_id = getattr(sig, "id", None)

    if meaning == "server-error":
        return Verdict(INCONCLUSIVE, meaning, f"server error {described}", sig_id)
    if meaning in REJECTING:
        if status in (401, 403) or body.is_json:
            return Verdict(REJECTED, meaning, described, sig_id)
        return Verdict(INCONCLUSIVE, "unexpected", f"unreadable rejection {described}", sig_id)
    if meaning in MODEL_PROBLEMS:
        if purpose == MODEL:
            return Verdict(REJECTED, meaning, described, sig_id)
        return Verdict(ACCEPTED, "accepted", f"key authenticated ({described})", sig_id)
    if meaning in AUTHENTICATED:
        # The key authenticated; whether the model is usable cannot be told from a throttled answer.
        return Verdict(ACCEPTED if purpose == KEY else INCONCLUSIVE, meaning, described, sig_id)

    # No meaning: decide by status, conservatively.
    if not body.is_json:
        return Verdict(INCONCLUSIVE, "unexpected", f"{described} (not a Model Studio answer)")
    if status == 401:
        return Verdict(REJECTED, "invalid-key", described, sig_id)
    if status == 429:
        # Throttled by whom? Without a code or wording of the service's, it may be a gateway in front.
        return Verdict(INCONCLUSIVE, "unexpected",
                       f"{described} without Model Studio's code or wording (a gateway's rate limit?)", sig_id)
    if status in (400, 422) and purpose == MODEL:
        # The deliberately invalid request was authenticated and the model resolved; only the
        # request itself was refused, as intended.
        return Verdict(ACCEPTED, "model-ok", f"model accepted ({described})", sig_id)
    if status in (400, 422):
        return Verdict(ACCEPTED, "accepted", f"key authenticated ({described})", sig_id)
    return Verdict(INCONCLUSIVE, "unexpected", described, sig_id)


def classify_error(kind: str, detail: str) -> Verdict:
    """A transport failure (``network`` or ``timeout``): always inconclusive."""
    return Verdict(INCONCLUSIVE, kind, detail)
