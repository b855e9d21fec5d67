"""The 401 doctor: which configuration does each client really use, and why did the call fail?

``msv diagnose`` gathers every client configuration it can see (the working directory, the
process environment, the user-level configs of known AI tools), shows each client's effective
settings (which value won, from which file, over which others), runs the static rules, and —
given a pasted error — ranks the likely causes.

Ranking a pasted error: the catalogue's error signatures say what an answer *can* mean
(``Catalogue.match_error``); the fields the error carries (status, code, message wording)
say how specifically each signature matches; the configuration's findings (static, and
observed when probing) say which of the possible causes this setup actually has. The error
body weighs more than the configuration: an ``Arrearage`` body is about arrears even in a
configuration that also has a region problem.

No I/O except :func:`gather`, which reads files and the environment through the engine.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from validator.probe.body import PastedError, parse_pasted
from validator.redact import redact_text

if TYPE_CHECKING:
    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import ErrorSignature
    from validator.engine import Report
    from validator.selection import Options
    from validator.model import Finding, Target, Value

# --------------------------------------------------------------------------- user-level configs

def home_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$HOME`` (``%USERPROFILE%`` on Windows), so tests and users can point it elsewhere."""
    env = os.environ if environ is None else environ
    home = env.get("HOME") or env.get("USERPROFILE")
    return Path(home) if home else Path.home()


def user_config_paths(home: Path | None = None, environ: Mapping[str, str] | None = None,
                      catalogue: "Catalogue | None" = None) -> list[Path]:
    """The user-level configs of known tools that exist under ``home``: each client record's
    ``user_files`` (``home_var`` such as ``$CODEX_HOME`` moves them), the bundled catalogue's
    by default."""
    from validator.sources.clientfiles import user_config_paths as from_records

    env = os.environ if environ is None else environ
    if catalogue is None:
        from validator.catalogue import load

        catalogue = load()
    return from_records(catalogue, home or home_dir(env), env)


def gather(paths: Sequence[str], options: "Options", catalogue: "Catalogue",
           home: Path | None = None, environ: Mapping[str, str] | None = None) -> "Report":
    """Run the static check over ``paths``, the user-level configs and the environment."""
    from dataclasses import replace

    from validator.engine import check

    extra = [str(p) for p in user_config_paths(home, environ, catalogue)]
    opts = replace(options, use_environment=True)
    return check(list(paths) + extra, opts, catalogue)


# --------------------------------------------------------------------------- effective configuration

def _value_dict(v: "Value") -> dict[str, Any]:
    return {
        "value": redact_text(v.display()),
        "from": str(v.loc) if v.loc is not None else None,
        "origin": str(v.origin),
        "variable": v.variable,
        "via": v.via,
        "overridden": [
            {"value": redact_text(o.display()), "from": str(o.loc) if o.loc is not None else None,
             "variable": o.variable}
            for o in v.overridden
        ],
    }


def effective(targets: Iterable["Target"]) -> list[dict[str, Any]]:
    """Each client's effective configuration: every field, where it came from, what it beat."""
    out = []
    for t in targets:
        entry: dict[str, Any] = {
            "name": t.name,
            "client": t.client,
            "kind": str(t.kind),
            "protocol": t.protocol,
            "origin": str(t.origin),
            "key_variable": t.key_variable,
            "fields": {name: _value_dict(v) for name, v in t.fields()},
        }
        out.append(entry)
    return out


def render_effective(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    lines: list[str] = []
    for e in entries:
        proto = f", {e['protocol']}" if e.get("protocol") else ""
        lines.append(f"{e['name']} [{e['client']}{proto}] {e['origin']}")
        for name, f in e["fields"].items():
            where = f["from"] or f["origin"]
            var = f" ({f['variable']})" if f.get("variable") else ""
            via = f"; {f['via']}" if f.get("via") else ""
            shown = f["value"] if f["value"] != "" else "(unset)"
            lines.append(f"  {name:<14} {shown}  from {where}{var}{via}")
            for o in f["overridden"]:
                ovar = f" ({o['variable']})" if o.get("variable") else ""
                lines.append(f"  {'':<14}   overrides {o['value'] or '(unset)'} from {o['from'] or '?'}{ovar}")
        if not e["fields"]:
            lines.append("  (no fields)")
    return lines


# --------------------------------------------------------------------------- ranking causes

@dataclass(frozen=True, slots=True)
class Cause:
    """One possible explanation of the pasted error, scored."""

    id: str
    meaning: str
    score: float
    causes: tuple[str, ...]
    fix: str
    evidence: tuple[str, ...] = ()
    status: int | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "meaning": self.meaning, "score": round(self.score, 2), "status": self.status,
                "causes": list(self.causes), "fix": self.fix, "evidence": list(self.evidence),
                "source": self.source}


@dataclass(slots=True)
class Diagnosis:
    error: PastedError
    causes: list[Cause] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        e = self.error
        return {
            "status": e.status,
            "code": e.body.code,
            "type": e.body.type,
            "message": e.body.message,
            "shape": e.body.shape,
            "exception": e.exception,
            "transport": e.transport,
            "request_id": e.body.request_id,
            "causes": [c.to_dict() for c in self.causes],
        }


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
    "protocol-mismatch": {"path-not-found", "url-error", "unsupported-model-for-interface"},
    "unknown-model": {"model-not-found", "plan-model-unsupported"},
    "model-not-in-region": {"model-not-found"},
    "model-not-on-protocol": {"unsupported-model-for-interface", "model-not-found", "plan-model-unsupported"},
    "unsupported-parameter": {"bad-request", "stream-only"},
    "probe-key-valid-elsewhere": {"invalid-key", "general-key-on-plan-host", "plan-key-on-general-host",
                                  "workspace-not-authorised"},
    "probe-key-rejected": {"invalid-key"},
    "probe-model-denied": {"model-not-granted"},
    "probe-model-unknown": {"model-not-found", "plan-model-unsupported"},
    "probe-quota": {"rate-limit", "quota", "arrears", "free-tier-only", "plan-quota", "not-activated"},
    "probe-unreachable": {"connection-error", "timeout"},
}.items()}

# Weights: what the error itself says outweighs what the configuration suggests.
W_CODE, W_PATTERN, W_STATUS, W_PROTOCOL, W_EVIDENCE, MAX_EVIDENCE = 4.0, 3.0, 1.0, 0.5, 1.5, 3.0
W_SETUP = 1.0      # a client on a plan host / of the signature's protocol (bare statuses only)

_SHAPE_PROTOCOL = {"openai": "openai", "anthropic": "anthropic", "dashscope": "dashscope"}


def _own_score(sig: "ErrorSignature", err: PastedError) -> float:
    """How specifically the pasted fields match a signature (code, wording, status, shape)."""
    score = 0.0
    labels = {x.lower() for x in (err.body.code, err.body.type, err.exception) if x}
    if labels and any(c.lower() in labels for c in sig.codes):
        score += W_CODE
    texts = [t for t in (err.body.message, err.text) if t]
    for pattern in sig.patterns:
        try:
            rx = re.compile(pattern, re.I)
        except re.error:
            continue
        if any(rx.search(t) for t in texts):
            score += W_PATTERN + min(len(pattern), 60) / 120  # longer patterns are more specific
            break
    if sig.status is not None and err.status is not None:
        score += W_STATUS if sig.status == err.status else -W_STATUS * 2
    elif sig.status is None and err.status is not None:
        score -= W_STATUS / 2          # an SDK-side or network signature, but the server answered
    if sig.protocol and _SHAPE_PROTOCOL.get(err.body.shape) == sig.protocol:
        score += W_PROTOCOL
    return score


def _evidence(sig: "ErrorSignature", findings: Sequence["Finding"],
              protocols: Mapping[str, str | None] | None = None,
              protocol: str | None = None) -> tuple[float, tuple[str, ...]]:
    """Findings that support ``sig``; those of clients speaking another protocol than the error's are left out."""
    lines: list[str] = []
    rules: set[str] = set()
    for f in findings:
        if protocol and protocols and f.target in protocols and protocols[f.target] not in (None, protocol):
            continue
        if sig.meaning in RULE_EVIDENCE.get(f.rule, frozenset()):
            rules.add(f.rule)
            kind = "observed" if f.observed else "static"
            lines.append(f"{f.loc}: {f.rule} ({kind}): {redact_text(f.message)}")
    return min(MAX_EVIDENCE, W_EVIDENCE * len(rules)), tuple(lines[:5])


def _signatures(catalogue: "Catalogue", err: PastedError) -> list[tuple["ErrorSignature", float]]:
    """Catalogue matches for the error (with and without the status), plus status-only signatures."""
    found: dict[str, tuple["ErrorSignature", float]] = {}
    body = err.body_text()
    queries = [(err.status, body)]
    if err.status is not None:
        queries.append((None, body))
    for status, text in queries:
        matches = catalogue.match_error(status, text) or []
        for sig, score in matches:
            prev = found.get(sig.id)
            if prev is None or (score or 0) > prev[1]:
                found[sig.id] = (sig, float(score or 0))
    # Signatures the catalogue did not return but whose fields the paste matches (SDK texts, reprs).
    for sig in catalogue.errors():
        if sig.id not in found and _own_score(sig, err) >= W_PATTERN:
            found[sig.id] = (sig, 0.0)
    return list(found.values())


def _connection_fallback(catalogue: "Catalogue", err: PastedError) -> list[Cause]:
    if err.transport is None:
        return []
    sigs = [s for s in catalogue.errors() if s.meaning in ("connection-error", "timeout") and s.status is None]
    return [Cause(s.id, s.meaning, 1.0, s.causes, s.fix, status=s.status, source=s.cited.source) for s in sigs]


def _setup_evidence(sig: "ErrorSignature", catalogue: "Catalogue", targets: Sequence["Target"],
                    err: PastedError) -> tuple[float, tuple[str, ...]]:
    """What the configured clients say about a signature tied to a protocol or a host family.

    Used to separate signatures the error itself cannot (a bare ``401``): a client on a plan host
    makes the plan gateway's rejection likely; only Anthropic clients make the Anthropic one likely.
    """
    if err.body.code or err.body.type or (err.body.message and err.body.shape != "text"):
        return 0.0, ()
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
    return score, tuple(lines[:3])


def rank(error_text: str, catalogue: "Catalogue", findings: Sequence["Finding"] = (),
         targets: Iterable["Target"] = ()) -> Diagnosis:
    """Parse the pasted error and rank what could have caused it, best first.

    ``targets`` (optional) lets evidence be limited to clients of the error's protocol (an
    OpenAI-shaped 401 is not explained by a problem in the Claude Code settings) and separates
    signatures a bare status cannot (a client on a plan host). Ties keep the catalogue's order,
    which lists the common causes first.
    """
    err = parse_pasted(error_text)
    targets = list(targets)
    protocols = {t.name: t.protocol for t in targets}
    protocol = {"openai": "openai", "anthropic": "anthropic"}.get(err.body.shape)
    order = {sig.id: i for i, sig in enumerate(catalogue.errors())}
    causes: list[Cause] = []
    for sig, cat_score in _signatures(catalogue, err):
        own = _own_score(sig, err)
        if own <= 0 and cat_score <= 0:
            continue
        boost, lines = _evidence(sig, findings, protocols, protocol)
        setup, setup_lines = _setup_evidence(sig, catalogue, targets, err)
        causes.append(Cause(sig.id, sig.meaning, cat_score + own + boost + setup, sig.causes, sig.fix,
                            lines + setup_lines, sig.status, sig.cited.source if sig.cited else None))
    if not causes:
        causes = _connection_fallback(catalogue, err)
    causes.sort(key=lambda c: (-c.score, order.get(c.id, len(order)), c.id))
    return Diagnosis(err, causes)


def render_diagnosis(d: Diagnosis, limit: int = 5) -> list[str]:
    e = d.error
    head = " ".join(str(x) for x in (e.status, e.body.code or e.body.type or e.exception) if x)
    lines = [f"error: {head or 'no status or code found'}" + (f" — {e.body.message}" if e.body.message else "")]
    if not d.causes:
        lines.append("  msv does not recognise this error; run `msv diagnose --probe` to test the key live")
        return lines
    for i, c in enumerate(d.causes[:limit], 1):
        lines.append(f"  {i}. {c.id} ({c.meaning}, score {c.score:.1f})")
        for cause in c.causes[:4]:
            lines.append(f"       - {cause}")
        lines.append(f"       fix: {c.fix}")
        for ev in c.evidence:
            lines.append(f"       evidence: {ev}")
    return lines
