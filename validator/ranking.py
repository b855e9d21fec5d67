"""Rank what could have caused a pasted error, by named pieces of evidence.

Each catalogue error signature says what an answer *can* mean. For a paste, every signature
collects :class:`Evidence` — the HTTP status, the code (with its aliases across protocols: the
native ``CamelCase`` and the OpenAI-compatible ``snake_case``, the last segment of a dotted
DashScope code), the message pattern, the host/path/region/plan/protocol of URLs in the paste,
the shape of a key in it, the client it names, the configuration ``msv diagnose`` found — and
its score is the sum of their weights. The evidence is printed under each cause ("because: …").

What the error itself says outweighs the context: an ``Arrearage`` body is about arrears even in
a configuration that also has a region problem. When nothing but the status matched, the
diagnosis says so first ("not a Model Studio error msv recognises") and lists the causes as
possibilities. A paste with several errors gets one diagnosis per error.

Pure: the paste, the catalogue, findings and targets in; :class:`Diagnosis` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from validator.lazyre import lazy
from validator.paste import PasteContext, read_context
from validator.probe.body import (
    EXCEPTION_STATUS,
    PastedError,
    parse_pasted,
    split_pasted,
)
from validator.redact import redact_text

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping, Sequence

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import ErrorSignature
    from validator.model import Finding, Target

# --------------------------------------------------------------------------- weights

W_CODE = 4.0          # the error's code is one of the signature's (or an alias of one)
W_CODE_PART = 2.5     # the last segment of a dotted code, or a code family (InternalError.*)
W_TYPE = 2.0          # the OpenAI envelope's ``type`` (generic: invalid_request_error…)
W_EXCEPTION = 2.0     # the SDK exception class is one the signature names
W_CODE_TEXT = 3.0     # the code appears in free text (no parsed body)
W_PATTERN = 3.0       # the message wording (+ up to 0.5 for longer, more specific patterns)
W_CONTEXT = 2.0       # a context pattern of the signature in the paste (a tool's auth mode, a model name)
W_STATUS = 1.0        # same status; a different one costs twice this
W_SHAPE = 0.5         # the body's protocol shape is the signature's protocol
W_URL_FAMILY = 1.5    # the paste calls a host of the signature's family (plan gateways)
W_URL_PROTOCOL = 1.0  # the paste calls the signature's protocol path
W_URL_PATH = 2.5      # the paste calls a path with a problem (doubled /v1, another protocol's path)
W_URL_REGION = 0.25   # informative: the region and plan of the host in the paste
W_KEY = 1.5           # the key shape in the paste makes the cause likely
W_CLIENT = 0.5        # a named client of the signature's protocol
W_FINDING, MAX_FINDINGS = 1.5, 3.0   # configuration findings that support the signature
W_SETUP = 1.0         # a configured client on a plan host / of the signature's protocol (bare statuses)
W_STATUS_FIRST = 0.5  # a bare status: the generic reading of that status comes first

BODY_KINDS = frozenset({"code", "type", "exception", "message", "context", "transport"})
W_TRANSPORT = 2.0     # no answer came (DNS, refused, reset, timeout): a network signature
CONTEXT_KINDS = frozenset({"url", "key", "client", "config", "setup"})

# A bare status: which reading comes first (a bare 404 is a wrong path far more often than a
# missing workspace; an unknown 400 is a request problem, not arrears).
STATUS_FIRST = {400: "bad-request", 401: "invalid-key", 403: "access-denied", 404: "path-not-found",
                429: "rate-limit", 500: "server-error", 503: "overloaded"}

# Which findings support which signature meanings (the catalogue's ``meaning`` vocabulary).
RULE_EVIDENCE: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in {
    "key-region-mismatch": {"invalid-key", "workspace-not-authorised"},
    "plan-endpoint-mismatch": {"general-key-on-plan-host", "plan-key-on-general-host", "invalid-key"},
    "plan-usage-restricted": {"plan-usage-restricted"},
    "key-workspace-mismatch": {"workspace-not-authorised", "workspace-not-found"},
    "invalid-workspace-domain": {"workspace-not-authorised", "workspace-not-found", "connection-error"},
    "malformed-key": {"invalid-key", "no-key", "general-key-on-plan-host"},
    "missing-key": {"no-key", "invalid-key"},
    "unreplaced-placeholder": {"invalid-key", "no-key", "workspace-not-found", "workspace-not-authorised",
                               "connection-error"},
    "conflicting-credentials": {"invalid-key", "general-key-on-plan-host"},
    "unknown-host": {"connection-error", "path-not-found"},
    "malformed-base-url": {"path-not-found", "url-error"},
    "protocol-mismatch": {"path-not-found", "url-error", "unsupported-model-for-interface", "protocol-mismatch"},
    "unknown-model": {"model-not-found", "plan-model-unsupported", "foreign-model"},
    "model-not-in-region": {"model-not-found"},
    "model-not-on-protocol": {"unsupported-model-for-interface", "model-not-found", "plan-model-unsupported"},
    "unsupported-parameter": {"bad-request", "stream-only", "thinking-needs-stream"},
    "probe-key-valid-elsewhere": {"invalid-key", "general-key-on-plan-host", "plan-key-on-general-host",
                                  "workspace-not-authorised"},
    "probe-key-rejected": {"invalid-key"},
    "probe-model-denied": {"model-not-granted"},
    "probe-model-unknown": {"model-not-found", "plan-model-unsupported", "foreign-model"},
    "probe-quota": {"rate-limit", "quota", "arrears", "free-tier-only", "plan-quota", "not-activated"},
    "probe-unreachable": {"connection-error", "timeout"},
}.items()}

_SHAPE_PROTOCOL = {"openai": "openai", "anthropic": "anthropic", "dashscope": "dashscope"}
_PATH_MEANINGS = frozenset({"path-not-found", "url-error", "protocol-mismatch"})
_KEY_MEANINGS = frozenset({"invalid-key", "plan-key-on-general-host", "general-key-on-plan-host", "no-key"})
_EMPTY_BODIES = lazy(r"^\W*(\(?no body\)?|status code \(no body\)|not found|unauthorized|forbidden|"
                           r"bad request|too many requests)\W*$", re.I)


# --------------------------------------------------------------------------- results

@dataclass(frozen=True, slots=True)
class Evidence:
    """One named reason a cause is likely (``kind``: status, code, type, exception, message,
    context, url, key, client, config, setup, prior), with its weight (negative: against)."""

    kind: str
    detail: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "weight": round(self.weight, 2)}


@dataclass(frozen=True, slots=True)
class Cause:
    """One possible explanation of the pasted error, scored."""

    id: str
    meaning: str
    score: float
    causes: tuple[str, ...]
    fix: str
    evidence: tuple[str, ...] = ()              # supporting findings and setup (kept for JSON readers)
    status: int | None = None
    source: str | None = None
    because: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "meaning": self.meaning, "score": round(self.score, 2), "status": self.status,
                "causes": list(self.causes), "fix": self.fix, "evidence": list(self.evidence),
                "source": self.source, "because": [e.to_dict() for e in self.because]}

    def because_text(self) -> str:
        return "; ".join(e.detail for e in self.because if e.weight > 0)


# How sure the ranking is: the body matched a signature / only the context and configuration
# spoke / only the status matched / nothing at all.
MATCHED, CONTEXT, STATUS_ONLY, UNRECOGNISED = "matched", "context", "status-only", "unrecognised"


@dataclass(slots=True)
class Diagnosis:
    error: PastedError
    causes: list[Cause] = field(default_factory=list)
    context: PasteContext = field(default_factory=PasteContext)
    others: list["Diagnosis"] = field(default_factory=list)    # further errors in the same paste

    @property
    def confidence(self) -> str:
        if not self.causes:
            return UNRECOGNISED
        kinds = {e.kind for e in self.causes[0].because if e.weight > 0}
        if kinds & BODY_KINDS:
            return MATCHED
        if kinds & CONTEXT_KINDS:
            return CONTEXT
        return STATUS_ONLY

    @property
    def recognised(self) -> bool:
        return self.confidence == MATCHED

    def note(self) -> str | None:
        """The sentence that comes before the causes when msv is not sure."""
        conf = self.confidence
        status = self.error.status
        foreign = [u for u in self.context.urls if u.provider and not u.known]
        lead = ""
        if foreign and not self.context.model_studio_urls:
            lead = f"the paste calls {foreign[0].where()}: this error may be that provider's. "
        if conf == STATUS_ONLY:
            what = f"only the HTTP status {status} matched" if status else "nothing specific matched"
            code = self.error.codes[0] if self.error.codes else self.error.body.code
            if code:
                what += f" (code {code} is not one msv knows)"
            return (lead + f"not a Model Studio error msv recognises: {what}; these are possibilities, "
                    "not a diagnosis (run `msv diagnose --probe` to test the key live)")
        if conf == CONTEXT:
            return (lead + "the error body is not one msv recognises; ranked by what the paste and the "
                    "configuration show")
        if conf == UNRECOGNISED:
            return lead + "not a Model Studio error msv recognises; run `msv diagnose --probe` to test the key live"
        return lead.strip() or None

    def _own_dict(self) -> dict[str, Any]:
        e = self.error
        return {
            "status": e.status,
            "code": e.body.code,
            "codes": list(e.codes),
            "type": e.body.type,
            "message": e.body.message or e.detail,
            "shape": e.body.shape,
            "exception": e.exception,
            "transport": e.transport,
            "request_id": e.body.request_id,
            "recognised": self.recognised,
            "confidence": self.confidence,
            "note": self.note(),
            "context": self.context.to_dict(),
            "causes": [c.to_dict() for c in self.causes],
        }

    def to_dict(self) -> dict[str, Any]:
        """The first error's fields at the top (as before), and every error under ``errors``."""
        own = self._own_dict()
        own["errors"] = [own.copy()] + [o._own_dict() for o in self.others]
        return own


# --------------------------------------------------------------------------- codes and aliases

def _norm(code: str) -> str:
    """One spelling for a code across protocols: ``InvalidApiKey`` = ``invalid_api_key``,
    ``InvalidParameter`` = ``invalid_parameter_error``."""
    flat = re.sub(r"[^a-z0-9]", "", code.lower())
    return flat[:-5] if flat.endswith("error") and len(flat) > 5 else flat


def _body_codes(sig: "ErrorSignature") -> list[str]:
    """The signature's codes a *body* can carry (SDK exception class names are matched apart)."""
    return [c for c in sig.codes if c not in EXCEPTION_STATUS]


def _code_evidence(sig: "ErrorSignature", err: PastedError) -> list[Evidence]:
    labels = list(err.codes) or ([err.body.code] if err.body.code else [])
    out: list[Evidence] = []
    sig_norm: dict[str, str] = {}
    for c in _body_codes(sig):
        if not c.endswith("*") and len(_norm(c)) >= 6:
            sig_norm.setdefault(_norm(c), c)          # the first spelling the catalogue lists
    families = [c[:-1] for c in sig.codes if c.endswith("*")]
    for label in labels:
        if label.lower() in {c.lower() for c in _body_codes(sig)}:
            return [Evidence("code", f"code {label}", W_CODE)]
        n = _norm(label)
        if n in sig_norm:
            return [Evidence("code", f"code {label} (= {sig_norm[n]})", W_CODE - 0.25)]
    for label in labels:
        last = label.rsplit(".", 1)[-1]
        if "." in label and _norm(last) in sig_norm:
            out.append(Evidence("code", f"code {label} ends in {sig_norm[_norm(last)]}", W_CODE_PART))
            break
        if any(label.startswith(f) for f in families):
            out.append(Evidence("code", f"code {label} is of the {families[0]}* family", W_CODE_PART))
            break
    return out


def _type_evidence(sig: "ErrorSignature", err: PastedError) -> list[Evidence]:
    typ = err.body.type
    if not typ or typ == err.body.code:
        return []
    codes = _body_codes(sig)
    if typ.lower() in {c.lower() for c in codes} or _norm(typ) in {_norm(c) for c in codes if len(_norm(c)) >= 6}:
        weight = W_CODE if err.body.shape == "anthropic" else W_TYPE
        return [Evidence("type", f"type {typ}", weight)]
    return []


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.I)
    except re.error:
        return None


@lru_cache(maxsize=512)
def _word(code: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])" + re.escape(code) + r"(?![\w.])")


def _groups(m: re.Match[str]) -> str:
    found = {k: v for k, v in m.groupdict().items() if v}
    return ", ".join(f"{k} {v}" for k, v in found.items())


def _message_evidence(sig: "ErrorSignature", err: PastedError) -> list[Evidence]:
    texts = [t for t in (err.detail, err.body.message, err.text) if t]
    for pattern in sig.patterns:
        rx = _compiled(pattern)
        if rx is None:
            continue
        for t in texts:
            m = rx.search(t)
            if m:
                quoted = m.group(0).strip()[:80]
                extra = _groups(m)
                detail = f"message “{quoted}”" + (f" ({extra})" if extra else "")
                return [Evidence("message", detail, W_PATTERN + min(len(pattern), 60) / 120)]
    return []


def _free_code_evidence(sig: "ErrorSignature", err: PastedError) -> list[Evidence]:
    """Codes written in free text (``Code: InvalidApiKey``) when no body was read."""
    if err.codes or err.body.is_json:
        return []
    for code in _body_codes(sig):
        if len(code) >= 6 and not code.endswith("*") and _word(code).search(err.text):
            return [Evidence("code", f"code {code} in the text", W_CODE_TEXT)]
    return []


def _context_evidence(sig: "ErrorSignature", err: PastedError, catalogue: "Catalogue") -> list[Evidence]:
    out: list[Evidence] = []
    for pattern in getattr(sig, "context", ()) or ():
        rx = _compiled(pattern)
        m = rx.search(err.text) if rx is not None else None
        if not m:
            continue
        model = m.groupdict().get("model")
        if model and catalogue.model(model) is not None:
            continue          # a name the catalogue has is a Model Studio model
        shown = f"model {model}" if model else f"“{m.group(0).strip()[:60]}”"
        out.append(Evidence("context", f"the paste names {shown}", W_CONTEXT))
        if len(out) >= 2:
            break
    return out


def _status_evidence(sig: "ErrorSignature", err: PastedError) -> list[Evidence]:
    if err.status is None:
        return []
    if sig.status is None:
        return [Evidence("status", f"status {err.status} (this signature is the SDK's or the tool's own)",
                         -W_STATUS / 2)]
    if sig.status == err.status:
        return [Evidence("status", f"status {err.status}", W_STATUS)]
    return [Evidence("status", f"status {err.status}, not {sig.status}", -W_STATUS * 2)]


def _shape_evidence(sig: "ErrorSignature", err: PastedError) -> list[Evidence]:
    shape = _SHAPE_PROTOCOL.get(err.body.shape)
    if not sig.protocol or shape is None:
        return []
    if shape == sig.protocol:
        return [Evidence("shape", f"{shape} error shape", W_SHAPE)]
    if {shape, sig.protocol} == {"openai", "anthropic"}:
        return [Evidence("shape", f"{shape} error shape, not {sig.protocol}", -W_SHAPE * 2)]
    return []


# --------------------------------------------------------------------------- the paste's context

def _protocol_path(catalogue: "Catalogue", protocol: str) -> str | None:
    for h in catalogue.hosts(plan="payg"):
        if protocol in h.protocols:
            return h.protocols[protocol]
    return None


def _url_evidence(sig: "ErrorSignature", err: PastedError, ctx: PasteContext,
                  catalogue: "Catalogue") -> list[Evidence]:
    out: list[Evidence] = []
    ms = ctx.model_studio_urls
    if not ms:
        return out
    u = ms[0]
    if sig.family == "plan":
        if u.family == "plan":
            out.append(Evidence("url", f"the paste calls {u.where()}, a plan host", W_URL_FAMILY))
        else:
            out.append(Evidence("url", f"the paste calls {u.where()}, not a plan host", -W_URL_FAMILY))
    if sig.protocol and u.protocol:
        if u.protocol == sig.protocol:
            out.append(Evidence("url", f"the paste calls the {u.protocol} path of {u.host}", W_URL_PROTOCOL))
        else:
            out.append(Evidence("url", f"the paste calls the {u.protocol} path, not {sig.protocol}", -W_URL_PROTOCOL))
    if sig.meaning in _PATH_MEANINGS:
        bad = next((x for x in ms if x.problems or x.protocol is None), None)
        if bad is not None:
            why = bad.problems[0] if bad.problems else "not a path of any protocol"
            out.append(Evidence("url", f"the paste calls {bad.url}: {why}", W_URL_PATH))
        elif sig.meaning == "path-not-found" and u.protocol and err.status == 404:
            others = [p for p in ("openai", "anthropic", "dashscope") if p != u.protocol]
            paths = [f"{p} {_protocol_path(catalogue, p)}" for p in others if _protocol_path(catalogue, p)]
            out.append(Evidence("url", f"the paste calls the {u.protocol} path of {u.host}; a client speaking another "
                                       f"protocol needs {' or '.join(paths)}", W_URL_PROTOCOL / 2))
        shape = _SHAPE_PROTOCOL.get(err.body.shape)
        if shape and u.protocol and {shape, u.protocol} == {"openai", "anthropic"}:
            out.append(Evidence("url", f"an {shape} error envelope came back from the {u.protocol} path "
                                       f"{u.url}: the client speaks the other protocol",
                                W_URL_PATH if sig.meaning == "protocol-mismatch" else W_URL_PROTOCOL))
    if sig.meaning in ("invalid-key", "workspace-not-authorised") and u.region:
        out.append(Evidence("url", f"the paste calls {u.where()}: a key works only with its own region and plan",
                            W_URL_REGION))
    return out


def _key_evidence(sig: "ErrorSignature", ctx: PasteContext) -> list[Evidence]:
    if sig.meaning not in _KEY_MEANINGS and sig.family != "plan":
        return []
    ms = ctx.model_studio_urls
    family = ms[0].family if ms else None
    plan = ms[0].plan if ms else None
    out: list[Evidence] = []
    for kind, provider in ctx.key_kinds:
        if kind == "subscription" and family != "plan":
            where = f"{ms[0].host}, a pay-as-you-go host" if ms else "a general host"
            if sig.meaning == "plan-key-on-general-host":
                out.append(Evidence("key", f"a Coding/Token Plan key (sk-sp-…) sent to {where}", W_KEY))
            elif sig.meaning == "invalid-key":
                out.append(Evidence("key", f"a Coding/Token Plan key (sk-sp-…) sent to {where}", W_KEY * 2 / 3))
        elif (kind in ("payg", "workspace", "generic") and family == "plan"
              and sig.meaning == "general-key-on-plan-host"):
            out.append(Evidence("key", f"a general key on the {plan or 'plan'} host {ms[0].host}", W_KEY))
        elif kind == "foreign" and sig.meaning == "invalid-key":
            out.append(Evidence("key", f"the paste shows a key of another provider ({provider})", W_KEY))
        elif kind in ("placeholder", "empty") and sig.meaning in ("no-key", "invalid-key"):
            out.append(Evidence("key", "the paste shows a placeholder, not a key", W_KEY * 2 / 3))
    return out[:2]


def _client_evidence(sig: "ErrorSignature", err: PastedError, ctx: PasteContext,
                     catalogue: "Catalogue") -> list[Evidence]:
    out: list[Evidence] = []
    for cid in ctx.clients[:2]:
        client = catalogue.client(cid)
        if client is None:
            continue
        name = ctx.client_names.get(cid, client.name)
        if sig.protocol and client.protocol == sig.protocol:
            out.append(Evidence("client", f"{name} speaks the {client.protocol} protocol", W_CLIENT))
        if sig.meaning == "path-not-found" and client.protocol and client.appends is not None:
            suffix = _protocol_path(catalogue, client.protocol)
            if suffix:
                adds = f" and appends {client.appends}" if client.appends else ""
                out.append(Evidence("client", f"{name} speaks {client.protocol}{adds}: its base URL must end in "
                                              f"{suffix}", W_CLIENT))
        if out:
            break
    if not out and sig.protocol and sig.protocol in ctx.variable_protocols():
        var = next(v for v in ctx.variables if v.lower().startswith(sig.protocol))
        out.append(Evidence("client", f"the paste names {var}", W_CLIENT))
    return out


# --------------------------------------------------------------------------- configuration

def _finding_evidence(sig: "ErrorSignature", findings: Sequence["Finding"],
                      protocols: Mapping[str, str | None], protocol: str | None) -> tuple[list[Evidence], list[str]]:
    """Findings that support ``sig``; those of clients speaking another protocol than the error's are left out."""
    lines: list[str] = []
    rules: list[str] = []
    for f in findings:
        if protocol and f.target in protocols and protocols[f.target] not in (None, protocol):
            continue
        if sig.meaning in RULE_EVIDENCE.get(f.rule, frozenset()):
            if f.rule not in rules:
                rules.append(f.rule)
            kind = "observed" if f.observed else "static"
            lines.append(f"{f.loc}: {f.rule} ({kind}): {redact_text(f.message)}")
    if not rules:
        return [], []
    weight = min(MAX_FINDINGS, W_FINDING * len(rules))
    what = "the probe observed" if any(f.observed and f.rule in rules for f in findings) else "the configuration has"
    return [Evidence("config", f"{what} {', '.join(rules)}", weight)], lines[:5]


def _setup_evidence(sig: "ErrorSignature", catalogue: "Catalogue", targets: Sequence["Target"],
                    err: PastedError) -> tuple[list[Evidence], list[str]]:
    """What the configured clients say about a signature tied to a protocol or a host family.

    Used to separate signatures the error itself cannot (a bare ``401``): a client on a plan host
    makes the plan gateway's rejection likely; only Anthropic clients make the Anthropic one likely.
    """
    if err.codes or err.body.type or (err.body.message and err.body.shape != "text"):
        return [], []
    lines: list[str] = []
    score = 0.0
    for t in targets:
        url = t.base_url.text if t.base_url is not None else None
        if sig.family and url:
            res = catalogue.resolve(url)
            if res.family == sig.family:
                lines.append(f"{t.name} calls {res.host} ({res.family} host)")
                score = W_SETUP
        if sig.protocol and t.protocol == sig.protocol and t.key is not None:
            lines.append(f"{t.name} speaks the {sig.protocol} protocol")
            score = max(score, W_SETUP / 2)
    if not score:
        return [], []
    return [Evidence("setup", "; ".join(dict.fromkeys(lines[:3])), score)], lines[:3]


# --------------------------------------------------------------------------- ranking

def _candidate(sig: "ErrorSignature", err: PastedError, ctx: PasteContext, catalogue: "Catalogue",
               findings: Sequence["Finding"], targets: Sequence["Target"],
               protocols: Mapping[str, str | None], protocol: str | None) -> Cause | None:
    codes = _code_evidence(sig, err)
    message = _message_evidence(sig, err)
    if codes and sig.patterns and not message and (err.detail or err.body.message):
        # the signature's own wording is absent: its code (shared with others) says less
        codes = [Evidence(e.kind, e.detail + ", but not its wording", e.weight * 0.75) for e in codes]
    # the envelope's type adds to the code only when the code did not match (it is generic)
    body = codes + ([] if codes else _type_evidence(sig, err)) + _free_code_evidence(sig, err) + message
    if err.exception and err.exception.lower() in {c.lower() for c in sig.codes}:
        body.append(Evidence("exception", f"exception {err.exception}", W_EXCEPTION))
    if err.transport and err.status is None:
        if sig.status is None and sig.meaning in ("connection-error", "timeout"):
            body.append(Evidence("transport", f"a {err.transport} failure: no answer came from the server",
                                 W_TRANSPORT))
        elif sig.status is not None:
            body.append(Evidence("transport", f"a {err.transport} failure, not an answer with a status",
                                 -W_TRANSPORT))
    context = _context_evidence(sig, err, catalogue)
    if getattr(sig, "needs_context", False) and not context:
        return None
    status = _status_evidence(sig, err)
    if not [e for e in body if e.weight > 0] and not context and not (status and status[0].weight > 0):
        return None                          # neither the body, the context nor the status speaks for it
    because = body + context + status + (_shape_evidence(sig, err) if body else [])
    because += _url_evidence(sig, err, ctx, catalogue) + _key_evidence(sig, ctx)
    because += _client_evidence(sig, err, ctx, catalogue)
    config, lines = _finding_evidence(sig, findings, protocols, protocol)
    setup, setup_lines = _setup_evidence(sig, catalogue, targets, err)
    because += config + setup
    score = sum(e.weight for e in because)
    if score <= 0:
        return None
    return Cause(sig.id, sig.meaning, score, sig.causes, sig.fix, tuple(lines + setup_lines), sig.status,
                 sig.cited.source if sig.cited else None, tuple(because))


def _connection_fallback(catalogue: "Catalogue", err: PastedError) -> list[Cause]:
    if err.transport is None:
        return []
    sigs = [s for s in catalogue.errors() if s.meaning in ("connection-error", "timeout") and s.status is None]
    ev = (Evidence("transport", f"a {err.transport} failure, no answer from the server", 1.0),)
    return [Cause(s.id, s.meaning, 1.0, s.causes, s.fix, status=s.status, source=s.cited.source, because=ev)
            for s in sigs]


def _kinds(c: Cause) -> set[str]:
    return {e.kind for e in c.because if e.weight > 0}


def _bare_status_prior(causes: list[Cause], status: int | None) -> list[Cause]:
    """With nothing but the status, the generic reading of that status comes first."""
    first = STATUS_FIRST.get(status or 0)
    if first is None or any({e.kind for e in c.because if e.weight > 0} & BODY_KINDS for c in causes):
        return causes
    out = []
    done = False
    for c in causes:
        if not done and c.meaning == first:
            done = True
            ev = Evidence("prior", f"the usual meaning of a bare {status}", W_STATUS_FIRST)
            c = Cause(c.id, c.meaning, c.score + W_STATUS_FIRST, c.causes, c.fix, c.evidence, c.status, c.source,
                      c.because + (ev,))
        out.append(c)
    return out


def _with_empty_body(err: PastedError) -> PastedError:
    """``404 status code (no body)``: the words are not a message."""
    msg = err.body.message or ""
    if err.body.shape == "text" and not err.codes and msg and _EMPTY_BODIES.match(msg):
        from dataclasses import replace

        from validator.probe.body import ErrorBody

        return replace(err, body=ErrorBody("empty"), text="")
    return err


def rank_one(err: PastedError, ctx: PasteContext, catalogue: "Catalogue", findings: Sequence["Finding"] = (),
             targets: Sequence["Target"] = ()) -> Diagnosis:
    protocols = {t.name: t.protocol for t in targets}
    protocol = {"openai": "openai", "anthropic": "anthropic"}.get(err.body.shape)
    sigs = catalogue.errors()
    order = {sig.id: i for i, sig in enumerate(sigs)}
    scan = _with_empty_body(err)
    causes = [c for c in (_candidate(sig, scan, ctx, catalogue, findings, targets, protocols, protocol)
                          for sig in sigs) if c is not None]
    causes = _bare_status_prior(causes, err.status)
    if any(_kinds(c) & BODY_KINDS for c in causes):
        # the error itself was recognised: causes that only share its status add nothing
        causes = [c for c in causes if _kinds(c) - {"status", "prior", "shape"}]
    if not causes:
        causes = _connection_fallback(catalogue, err)
    causes.sort(key=lambda c: (-c.score, order.get(c.id, len(order)), c.id))
    return Diagnosis(err, causes, ctx)


def rank(error_text: str, catalogue: "Catalogue", findings: Sequence["Finding"] = (),
         targets: Iterable["Target"] = ()) -> Diagnosis:
    """Parse the pasted error(s) and rank what could have caused each, best first.

    ``targets`` (optional) lets evidence be limited to clients of the error's protocol (an
    OpenAI-shaped 401 is not explained by a problem in the Claude Code settings) and separates
    signatures a bare status cannot (a client on a plan host). Ties keep the catalogue's order,
    which lists the common causes first. Several errors in one paste: the first is the
    diagnosis, the others are in ``others``.
    """
    targets = list(targets)
    ctx = read_context(error_text or "", catalogue)
    parts = split_pasted(error_text or "")
    errors: list[PastedError] = []
    seen: set[tuple[Any, ...]] = set()
    for part in parts or [error_text or ""]:
        err = parse_pasted(part)
        ident = (err.status, err.codes, err.body.code, err.body.type, err.body.message if err.body.is_json else None,
                 err.detail, err.exception)
        if ident in seen or (errors and err.status is None and not err.codes and not err.body.is_json
                             and err.exception is None and err.transport is None):
            continue
        seen.add(ident)
        errors.append(err)
    # A part that only repeats the status of a richer part (an httpx "401 Unauthorized" log line
    # before the SDK's exception with the body) is the same error, not another one.
    rich = {e.status for e in errors if e.codes or e.body.is_json or e.body.type}
    errors = [e for e in errors if e.codes or e.body.is_json or e.body.type or e.status not in rich] or errors[:1]
    if len(errors) > 1:
        # a whole-paste reading is wrong when the parts differ: rank each part on its own text
        first, *rest = [rank_one(e, ctx, catalogue, findings, targets) for e in errors]
        first.others = rest
        return first
    return rank_one(parse_pasted(error_text or ""), ctx, catalogue, findings, targets)


# --------------------------------------------------------------------------- text

def _render_one(d: Diagnosis, limit: int, prefix: str = "") -> list[str]:
    e = d.error
    head = " ".join(str(x) for x in (e.status, (e.codes[0] if e.codes else None) or e.body.code or e.body.type
                                     or e.exception) if x)
    message = (e.detail or e.body.message or "").strip()
    message = message.splitlines()[0][:200] if message else ""
    lines = [f"{prefix}error: {head or 'no status or code found'}" + (f" — {message}" if message else "")]
    note = d.note()
    if not d.causes:
        lines.append("  msv does not recognise this error; run `msv diagnose --probe` to test the key live")
        return lines
    if note:
        lines.append(f"  {note}")
    label = "possible cause" if d.confidence != MATCHED else None
    for i, c in enumerate(d.causes[:limit], 1):
        kind = f", {label}" if label else ""
        lines.append(f"  {i}. {c.id} ({c.meaning}{kind}, score {c.score:.1f})")
        if c.because_text():
            lines.append(f"       because: {c.because_text()}")
        for cause in c.causes[:4]:
            lines.append(f"       - {cause}")
        lines.append(f"       fix: {c.fix}")
        for ev in c.evidence:
            lines.append(f"       evidence: {ev}")
    return lines


def render_diagnosis(d: Diagnosis, limit: int = 5) -> list[str]:
    if not d.others:
        return _render_one(d, limit)
    total = 1 + len(d.others)
    lines: list[str] = []
    for i, one in enumerate([d, *d.others], 1):
        if i > 1:
            lines.append("")
        lines += _render_one(one, min(limit, 3), prefix=f"[{i}/{total}] ")
    return lines
