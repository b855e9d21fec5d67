"""What the live probe saw: one :class:`Observation` per request (or per request it refused to send).

Observations are appended to ``Target.observations``; :mod:`validator.rules.probe` turns them
into observed findings. They are plain data: no key (only its fingerprint), no raw server body
(only a redacted, shortened message), so they can be printed, cached and serialised safely.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Sequence

# The three outcomes. ``inconclusive`` is never evidence against a key.
ACCEPTED = "accepted"
REJECTED = "rejected"
INCONCLUSIVE = "inconclusive"
OUTCOMES = (ACCEPTED, REJECTED, INCONCLUSIVE)

# What a probe was for.
KEY = "key"          # does this host accept the key?
MODEL = "model"      # with an accepted key: may this key use this model here?

# Where the probed host came from.
CONFIGURED = "configured"   # the host the target's client actually calls
CANDIDATE = "candidate"     # another host the catalogue knows for this kind of key

# ``meaning``: the one-word reading of a response, shared by the probe, the rules and ``diagnose``.
#   accepted           the key is good here (listing or authenticated-then-invalid answer)
#   invalid-key        rejected: the host does not know this key (region, plan, workspace, deleted…)
#   plan-mismatch      rejected: a plan key on a general host or the reverse
#   workspace          rejected: the key is not a member of this workspace-dedicated host
#   model-denied       key accepted, the workspace is not granted the model
#   model-unknown      key accepted, the model does not exist here / is not offered to this key
#   model-ok           key accepted, the model answered the token-free check
#   model-served       key accepted, the model *served* the check (200) that should have been refused
#   rate-limit         throttled (RPM/RPS/burst): transient
#   quota              token-rate or allocated quota exhausted, plan window used up
#   free-tier-only     "free quota only" mode and the free quota is gone
#   arrears            the account has overdue payments
#   not-activated      Model Studio not activated for the account
#   network            DNS, TLS, connection refused/reset
#   timeout            no answer within the per-request or whole-run timeout
#   server-error       5xx
#   unexpected         a body or status the probe cannot read (redirect, HTML, malformed JSON)
#   not-probed         the probe refused or could not send (host outside the catalogue, no token-free request)
QUOTA_MEANINGS = frozenset({"rate-limit", "quota", "free-tier-only", "arrears", "not-activated"})
NETWORK_MEANINGS = frozenset({"network", "timeout"})


@dataclass(frozen=True, slots=True)
class Observation:
    """One probe request and how it was read.

    ``host`` is the host name (with port when not the default) the request went to;
    ``base_url`` the base URL a client of the target's protocol would use on that host (what
    a fix tells the user to set). ``latency_ms`` is the wall time of the request, ``None``
    when nothing was sent. ``cause`` is a short human sentence (redacted); ``signature`` the
    catalogue error-signature id that matched, if any.
    """

    host: str
    base_url: str
    outcome: str
    meaning: str
    purpose: str = KEY
    role: str = CONFIGURED
    status: int | None = None
    signature: str | None = None
    latency_ms: float | None = None
    cause: str | None = None
    region: str | None = None
    plan: str | None = None
    family: str | None = None
    model: str | None = None
    key: str = ""                      # the key's fingerprint, never the key
    models_listed: tuple[str, ...] | None = None   # model ids a listing returned (None: no listing)
    cached: bool = False

    @property
    def accepted(self) -> bool:
        return self.outcome == ACCEPTED

    @property
    def rejected(self) -> bool:
        return self.outcome == REJECTED

    @property
    def inconclusive(self) -> bool:
        return self.outcome == INCONCLUSIVE

    def to_dict(self) -> dict[str, Any]:
        """JSON shape (API: keep stable). ``models_listed`` is summarised to a count."""
        d = asdict(self)
        listed = d.pop("models_listed")
        d["models_listed"] = None if listed is None else len(listed)
        if self.latency_ms is not None:
            d["latency_ms"] = round(self.latency_ms, 1)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Observation":
        """Rebuild from :meth:`to_cache` output; unknown keys are ignored (old caches)."""
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        if kwargs.get("models_listed") is not None:
            kwargs["models_listed"] = tuple(kwargs["models_listed"])
        return cls(**kwargs)

    def to_cache(self) -> dict[str, Any]:
        d = asdict(self)
        if d["models_listed"] is not None:
            d["models_listed"] = list(d["models_listed"])
        return d


FAMILY_RANK = {"workspace": 0, "shared": 1, "trial": 3}


def best(observations: Sequence[Observation]) -> Observation | None:
    """The host to recommend among those that accepted the key.

    Hosts that also serve calls come before those that accept the key but refuse calls (429,
    arrears: the finding then says so), then the recommended families, then speed.
    """
    accepted = [o for o in observations if o.accepted and o.purpose != MODEL]
    if not accepted:
        return None
    return min(accepted, key=lambda o: (o.meaning in QUOTA_MEANINGS, FAMILY_RANK.get(o.family or "", 2),
                                        o.latency_ms if o.latency_ms is not None else float("inf"), o.host))
