"""Rules of the live-probe family (MS4xx): what the probe observed, as findings.

The probe (``msv probe``, ``msv diagnose --probe``) records
:class:`validator.probe.observation.Observation` records on each target. These are ordinary
registered rules over those observations: the engine runs them like every other rule, and
each yields nothing for a target the probe has not seen. :func:`hits` reads the observations
into ``(rule, hit)`` pairs; it is pure (observations and the catalogue in, hits out) so the
same observations always give the same findings.
"""

from __future__ import annotations

from validator.model import Fix, Hit, Origin, Severity, Target, Value

from .registry import Rule, cleandoc, register

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable

    from validator.catalogue.index import Catalogue
    from validator.probe.observation import Observation

def _observed(code: str, name: str, severity: Severity, summary: str, *, family: str, doc: str,
              fixable: str | None = None) -> Rule:
    """Register a probe rule: a check over ``target.observations`` (no observations, no hits)."""
    def check(target: Target, cat: "Catalogue") -> list[Hit]:
        if not target.observations:
            return []
        return [hit for rule_name, hit in hits(target, cat) if rule_name == name]

    check.__name__ = name.replace("-", "_")
    return register(Rule(code, name, severity, summary, family, cleandoc(doc), check, fixable,
                         observes=True))


KEY_VALID_ELSEWHERE = _observed(
    "MS401", "probe-key-valid-elsewhere", Severity.ERROR,
    "The host the client calls rejects the key, but another Model Studio host accepts it.",
    family="probe", fixable="unsafe",
    doc="""
    ## What it checks
    With `msv probe` or `msv diagnose --probe`: the key the client sends is rejected by the host
    it calls, and one of the other hosts the catalogue knows for that kind of key (every region's
    shared domain; the workspace-dedicated domain when the workspace is known; the plan hosts with
    `--include-plan-hosts`) accepts it. Every probe is a token-free request (a model listing, or a
    request the service authenticates and then refuses), never a billed generation.

    ## Why
    Model Studio keys belong to one region, one billing plan and one workspace, and a 401 never
    says which. "401 here, 200 there" is the normal signature of a key used against the wrong
    region (a Singapore key on the Beijing host) or the wrong plan: the key is fine, the base URL
    is not.

    ## Example
    ```
    OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1   # Beijing
    OPENAI_API_KEY=sk-…                                                # created in Singapore
    ```
    `msv probe .` reports: rejected by dashscope.aliyuncs.com (cn-beijing), accepted by
    dashscope-intl.aliyuncs.com (ap-southeast-1).

    ## Fix
    Point the client at the host that accepts the key, exactly as the finding says
    (`set OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1`), or create a
    key in the region you mean to call.
    """,
)

KEY_REJECTED = _observed(
    "MS402", "probe-key-rejected", Severity.ERROR,
    "Every Model Studio host the key could belong to rejects it.",
    family="probe",
    doc="""
    ## What it checks
    The configured host rejects the key, and so does every other candidate host the catalogue
    names for a key of that shape. Reported only when every probe answered with a rejection: a
    host that could not be reached, timed out or answered something unreadable makes the result
    `probe-inconclusive` instead, never "invalid".

    ## Why
    A key rejected everywhere was deleted or disabled, is mistyped or truncated, belongs to
    another provider, or belongs to a workspace whose dedicated host msv does not know (pass the
    workspace with `--key-workspace`, or the plan hosts with `--include-plan-hosts`).

    ## Example
    `DASHSCOPE_API_KEY=sk-…` (a key deleted in the console) — rejected by Beijing, Singapore,
    Virginia and Hong Kong.

    ## Fix
    Create a new key in the Model Studio console of the region you call (API-KEY page) and put
    it in the variable the client reads.
    """,
)

MODEL_DENIED = _observed(
    "MS403", "probe-model-denied", Severity.ERROR,
    "The key is accepted, but its workspace is not granted the configured model.",
    family="probe",
    doc="""
    ## What it checks
    With an accepted key, a token-free check of each configured model (a request the service
    authenticates and resolves the model for, then refuses as invalid) that answers
    `403 Model.AccessDenied`.

    ## Why
    A sub-workspace must be granted each standard model before its keys may call it; a custom
    model may only be called with a key of the workspace that owns it. Every real call with this
    configuration fails with 403.

    ## Example
    A key created in a sub-workspace calling `qwen3-max` that the workspace was never granted.

    ## Fix
    Grant the model to the workspace (Model Studio console → workspace → model permissions), or
    use a key of the default workspace, or a model the workspace is granted.
    """,
)

MODEL_UNKNOWN = _observed(
    "MS404", "probe-model-unknown", Severity.ERROR,
    "The key is accepted, but the host does not know the configured model.",
    family="probe",
    doc="""
    ## What it checks
    With an accepted key: the token-free model check answers `404 model_not_found` /
    `ModelNotFound` / `Model not exist`, or (warning) the model is absent from the model listing
    the host returned for this key.

    ## Why
    Model lists differ by region and deployment scope (a `-us` model exists only in Virginia,
    Beijing-only families are missing elsewhere) and model names are case-sensitive.

    ## Example
    `model: qwen-long-latest` on `dashscope-intl.aliyuncs.com`.

    ## Fix
    Use a model the region offers (`msv catalogue models --region …`), fix the case of the name,
    or call the region that offers it.
    """,
)

QUOTA = _observed(
    "MS405", "probe-quota", Severity.ERROR,
    "The key is accepted but calls are refused for rate limits, quota, free-tier-only mode or arrears.",
    family="probe",
    doc="""
    ## What it checks
    A probe answered with a throttling or billing refusal: `429 Throttling*` / `limit_requests`
    (rate limit, a warning: it passes), `429 Throttling.AllocationQuota` / `insufficient_quota`
    (token-rate or allocated quota), a plan's `hour/week/month allocated quota exceeded`,
    `403 AllocationQuota.FreeTierOnly` (free quota used up with "free quota only" on),
    `400 Arrearage` (the account has overdue payments), `AccessDenied.Unpurchased` (Model Studio
    not activated).

    ## Why
    The key itself is fine: changing keys or hosts will not help, and each cause has a different
    remedy.

    ## Example
    `400 Arrearage: Access denied, please make sure your account is in good standing.`

    ## Fix
    Rate limit: slow down or retry later. Quota: raise the limit or wait for the window.
    Free tier only: switch the mode off to pay for calls. Arrears: top up the account and wait
    for the balance to update. Not activated: activate Model Studio in the console.
    """,
)

UNREACHABLE = _observed(
    "MS406", "probe-unreachable", Severity.WARNING,
    "The probe could not reach the host (DNS, TLS, refused, reset or timeout).",
    family="probe",
    doc="""
    ## What it checks
    The configured host could not be reached within the timeout: the name does not resolve,
    the TLS handshake failed (often an intercepting proxy), the connection was refused or reset,
    or no answer came in time. This says nothing about the key.

    ## Why
    SDKs report all of these as a vague "Connection error."; the cause is usually the network
    (proxy, firewall, DNS) or a misspelled host, not Model Studio.

    ## Example
    `OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1` behind a proxy that
    `HTTPS_PROXY` does not name.

    ## Fix
    Check the host name, the proxy variables (`HTTPS_PROXY`, `NO_PROXY`), the firewall and the
    system's certificates; run again with a larger `--timeout`.
    """,
)

INCONCLUSIVE = _observed(
    "MS407", "probe-inconclusive", Severity.WARNING,
    "The probe could not tell whether the key works (server error, redirect, unreadable answer, not probed).",
    family="probe",
    doc="""
    ## What it checks
    A probe whose answer cannot decide: a 5xx, a redirect (never followed with credentials), a
    body that is not a Model Studio answer (HTML from a proxy, malformed JSON), a host outside
    the catalogue (the key is never sent there), no token-free request known for the host, or
    candidate hosts that could not all be reached. Inconclusive is never reported as a bad key.

    ## Why
    A doctor that calls a working key "invalid" because one host hiccupped sends users after the
    wrong problem.

    ## Example
    `503 ModelServingError` from the configured host.

    ## Fix
    Run again later; for a gateway or private host, add it to a user catalogue (`--catalogue`)
    so the key may be sent there.
    """,
)


MODEL_SERVED = _observed(
    "MS408", "probe-model-served", Severity.WARNING,
    "A model check the probe sends to be refused was served (200).",
    family="probe",
    doc="""
    ## What it checks
    With an accepted key, each configured model is checked with a deliberately invalid request
    that Model Studio authenticates, resolves the model for, and then refuses (400) — no tokens.
    This rule reports a check that came back `200`: it was *served*.

    ## Why
    The probe promises token-free requests and reads "model exists" from the refusal. A served
    check means the host (often a gateway or proxy in front of Model Studio) does not validate
    requests the way Model Studio does: the model works, but the check may have been billed and
    the other verdicts for this host deserve less trust.

    ## Example
    `model qwen-plus on gateway.example.com answered 200 to the check msv sends to be refused`.

    ## Fix
    Nothing to change in the configuration for the model itself. If the host is a gateway, check
    what it forwards; run `msv probe --no-models` to skip model checks on it.
    """,
)


# --------------------------------------------------------------------------- observations → hits

QUOTA_FIX = {
    "rate-limit": "rate limited: slow down or retry later (limits count across the whole account)",
    "quota": "quota exhausted: raise the limit or wait for the quota window to reset",
    "free-tier-only": "free quota used up with \"free quota only\" on: switch the mode off to pay for calls",
    "arrears": "the account has overdue payments: top up and wait for the balance to update",
    "not-activated": "Model Studio is not activated for this account: activate it in the console",
}


def _where(o: "Observation") -> str:
    bits = [b for b in (o.region, o.plan if o.plan and o.plan != "payg" else None) if b]
    return f"{o.host} ({', '.join(bits)})" if bits else o.host


def base_variable(target: Target, catalogue: "Catalogue | None") -> str | None:
    """The variable that sets this client's base URL (the one a fix should name)."""
    if target.base_url is not None and target.base_url.variable:
        return target.base_url.variable
    if target.base_url is not None and target.base_url.origin == Origin.LITERAL and target.base_url.loc \
            and target.base_url.loc.is_file:
        return None
    client = catalogue.client(target.client) if catalogue is not None else None
    if client is not None and client.base_vars:
        return client.base_vars[0]
    return None


def _requote(raw: str | None, url: str) -> str:
    if raw and len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return f"{raw[0]}{url}{raw[0]}"
    return url


def set_instruction(target: Target, catalogue: "Catalogue | None", url: str) -> str:
    var = base_variable(target, catalogue)
    if var:
        return f"set {var}={url}"
    if target.base_url is not None and target.base_url.loc is not None and target.base_url.loc.is_file:
        return f"change the base URL at {target.base_url.loc} to {url}"
    return f"use base URL {url}"


def _base_fix(target: Target, catalogue: "Catalogue | None", url: str) -> Fix:
    text = set_instruction(target, catalogue, url)
    bu = target.base_url
    if bu is not None and bu.loc is not None and bu.loc.is_file and bu.raw is not None \
            and bu.origin in (Origin.LITERAL, Origin.VARIABLE):
        return Fix(text, _requote(bu.raw, url), bu.loc, safe=False)
    return Fix(text)


def _at(*values: Value | None) -> Value | None:
    for v in values:
        if v is not None and v.loc is not None:
            return v
    return next((v for v in values if v is not None), None)


def _model_value(target: Target, model: str | None) -> Value | None:
    return next((m for m in target.models if m.text == model), None)


def _key_label(target: Target, fp: str) -> str:
    var = target.key_variable or (target.key.variable if target.key is not None else None)
    return f"key {fp} ({var})" if var else f"key {fp}"


def _best(accepted: list["Observation"]) -> "Observation":
    from validator.probe.observation import best

    chosen = best(accepted)
    assert chosen is not None
    return chosen


def _refuses(o: "Observation") -> str:
    """What to add when the host msv recommends accepted the key but refuses calls (429, Arrearage…)."""
    from validator.probe.observation import QUOTA_MEANINGS

    if o.meaning not in QUOTA_MEANINGS:
        return ""
    return f" — but {o.host} refuses calls too: {o.cause} ({QUOTA_FIX[o.meaning]})"


def hits(target: Target, catalogue: "Catalogue | None" = None,
         observations: Iterable[Any] | None = None) -> list[tuple[str, Hit]]:
    """``(rule name, hit)`` pairs for what the probe observed on ``target``."""
    from validator.probe.observation import MODEL, Observation

    obs = [o for o in (target.observations if observations is None else observations) if isinstance(o, Observation)]
    if not obs:
        return []
    out: list[tuple[str, Hit]] = []
    keys = [o for o in obs if o.purpose != MODEL]
    configured = next((o for o in keys if o.role == "configured"), None)
    candidates = [o for o in keys if o.role == "candidate"]
    fp = next((o.key for o in obs if o.key), "")
    label = _key_label(target, fp)
    key_at = _at(target.key, target.base_url)
    base_at = _at(target.base_url, target.key)
    accepted = [o for o in candidates if o.accepted]

    if configured is not None and configured.rejected:
        if accepted:
            best = _best(accepted)
            others = len(accepted) - 1
            more = f" (and {others} other host{'s' if others > 1 else ''})" if others else ""
            msg = (f"{label} is rejected by {_where(configured)} — {configured.cause} — but accepted by "
                   f"{_where(best)}{more}: {set_instruction(target, catalogue, best.base_url)}{_refuses(best)}")
            out.append(("probe-key-valid-elsewhere",
                        Hit(msg, base_at, _base_fix(target, catalogue, best.base_url), key="base_url", observed=True)))
        elif all(o.rejected for o in candidates):
            n = len(candidates) + 1
            hosts = ", ".join(o.host for o in [configured, *candidates][:6])
            msg = (f"{label} is rejected by {'every one of the ' + str(n) + ' hosts' if n > 1 else 'the only host'} "
                   f"msv knows for it ({hosts}): the key was deleted, is mistyped or truncated, or is not a "
                   f"Model Studio key ({configured.cause})")
            out.append(("probe-key-rejected", Hit(msg, key_at, key="key", observed=True)))
        else:
            unsure = [o for o in candidates if o.inconclusive]
            msg = (f"{label} is rejected by {_where(configured)} ({configured.cause}); "
                   f"{len(unsure)} other candidate host{'s' if len(unsure) != 1 else ''} could not be checked "
                   f"({'; '.join(f'{o.host}: {o.cause}' for o in unsure[:3])}), so msv cannot tell whether the key "
                   "works elsewhere")
            out.append(("probe-inconclusive", Hit(msg, key_at, key="key", observed=True)))
    elif configured is not None and configured.inconclusive:
        if configured.meaning in ("network", "timeout"):
            out.append(("probe-unreachable",
                        Hit(f"could not reach {_where(configured)}: {configured.cause} (this says nothing about "
                            f"the key)", base_at, key="base_url", observed=True)))
        else:
            note = ""
            if accepted:
                best = _best(accepted)
                note = f"; the key is accepted by {_where(best)} ({best.base_url}){_refuses(best)}"
            out.append(("probe-inconclusive",
                        Hit(f"{_where(configured)}: {configured.cause}{note}", base_at, key="base_url",
                            observed=True)))
    elif configured is None and candidates:
        if accepted:
            best = _best(accepted)
            msg = (f"{label}: no base URL is configured; the key is accepted by {_where(best)}: "
                   f"{set_instruction(target, catalogue, best.base_url)}{_refuses(best)}")
            out.append(("probe-inconclusive", Hit(msg, key_at, _base_fix(target, catalogue, best.base_url),
                                                  key="key", severity=Severity.INFO, observed=True)))
        elif all(o.rejected for o in candidates):
            hosts = ", ".join(o.host for o in candidates[:6])
            out.append(("probe-key-rejected",
                        Hit(f"{label} is rejected by every one of the {len(candidates)} hosts msv knows for it "
                            f"({hosts})", key_at, key="key", observed=True)))

    # Quota, arrears and the like, on the host the client calls.
    from validator.probe.observation import QUOTA_MEANINGS

    for o in obs:
        if o.role == "configured" and o.meaning in QUOTA_MEANINGS:
            sev = Severity.WARNING if o.meaning == "rate-limit" else None
            what = f" for model {o.model}" if o.model else ""
            msg = f"{_where(o)} accepts {label} but refuses calls{what}: {o.cause} — {QUOTA_FIX[o.meaning]}"
            out.append(("probe-quota", Hit(msg, key_at, key=f"quota.{o.meaning}", severity=sev, observed=True)))
            break

    # Models, on the host that accepted the key.
    seen_models: set[str] = set()
    for o in obs:
        if o.purpose != MODEL or o.model is None or o.model in seen_models:
            continue
        where = _where(o) if o.role == "configured" else f"{_where(o)}, the host that accepts the key"
        at = _at(_model_value(target, o.model), target.base_url)
        if o.meaning == "model-denied":
            seen_models.add(o.model)
            out.append(("probe-model-denied",
                        Hit(f"model {o.model} is not granted to the workspace of {label} on {where} — {o.cause}; "
                            "grant it in the console (workspace → model permissions) or use the default "
                            "workspace's key", at, key=f"model.{o.model}", observed=True)))
        elif o.meaning == "model-served":
            seen_models.add(o.model)
            out.append(("probe-model-served",
                        Hit(f"model {o.model} on {where} answered 200 to the check msv sends to be refused: the "
                            "model works, but the check may have been billed and this host does not answer as "
                            "Model Studio does (a gateway in between?)", at, key=f"model.{o.model}",
                            observed=True)))
        elif o.meaning == "model-unknown":
            seen_models.add(o.model)
            sev = Severity.WARNING if o.signature == "listing" else None
            out.append(("probe-model-unknown",
                        Hit(f"model {o.model} is unknown to {where}: {o.cause}", at, key=f"model.{o.model}",
                            severity=sev, observed=True)))
    return out
