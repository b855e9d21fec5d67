"""The key locator: probe each target's host, and on rejection find where the key does work.

For each target with a key:

1. Refuse what must not be sent: no key, a key of another provider, a placeholder or masked
   value; a Coding Plan / Token Plan key (or a plan host) unless ``include_plan_hosts``.
2. Probe the configured host with its token-free request.
3. Rejected (or not probeable): probe every other candidate host the catalogue names for this
   key shape concurrently; the rules report where it is accepted, or that every host rejects it.
4. Accepted: check each configured model with a token-free request and against the host's
   model listing.
5. ``regions``: probe the configured host and every candidate at once, to compare latency.

The run is bounded by a per-request timeout and a whole-run deadline; results are returned as
:class:`Observation` lists (also appended to ``target.observations``).
"""

from __future__ import annotations

import asyncio
import fnmatch
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from validator.model import Secret, Target

from .cache import DEFAULT_TTL, VerdictCache
from .observation import (
    CANDIDATE,
    CONFIGURED,
    MODEL,
    QUOTA_MEANINGS,
    REJECTED,
    Observation,
    best,
)
from .plan import ProbeRequest, candidate_requests, key_request, model_request
from .safety import parse_error, scrub
from .transport import Executor, Limits

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Sequence

    from validator.catalogue.index import Catalogue

NOT_SENDABLE = frozenset({"foreign", "placeholder", "masked", "empty"})
MODEL_STUDIO_SHAPES = frozenset({"payg", "subscription", "workspace"})   # shapes no other provider uses
MAX_MODELS = 8
PLAN_WARNING = ("warning: probing Coding Plan / Token Plan keys sends non-interactive requests; "
                "the plans' terms allow interactive AI tools only")


@dataclass(slots=True)
class ProbeSettings:
    timeout: float = 5.0
    total: float = 20.0
    concurrency: int = 16
    include_plan_hosts: bool = False
    regions: bool = False
    check_models: bool = True
    cache: bool = True
    cache_dir: Path | None = None
    cache_ttl: float = DEFAULT_TTL
    candidate_hosts: tuple[str, ...] = ()     # globs: only these candidate hosts (e.g. "*.aliyuncs.com")
    candidate_regions: tuple[str, ...] = ()   # only candidate hosts of these regions (data-residency rules)


@dataclass(slots=True)
class TargetResult:
    target: Target
    observations: list[Observation] = field(default_factory=list)
    skipped: str | None = None          # why nothing was sent for this target

    @property
    def key_observations(self) -> list[Observation]:
        return [o for o in self.observations if o.purpose != MODEL]


@dataclass(slots=True)
class ProbeRun:
    results: list[TargetResult]
    warnings: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0
    sent: int = 0

    @property
    def observations(self) -> list[Observation]:
        return [o for r in self.results for o in r.observations]


# --------------------------------------------------------------------------- helpers

def _secret(target: Target) -> Secret | None:
    if target.key is None:
        return None
    value = target.key.value
    if isinstance(value, Secret):
        return value if value.reveal() else None
    if isinstance(value, str) and value:
        return Secret(value)
    return None


def _is_plan_key(catalogue: "Catalogue", key: str) -> bool:
    shape = catalogue.key_shape(key)
    return shape.kind == "subscription" or any(p != "payg" for p in shape.plans)


def _is_plan_host(catalogue: "Catalogue", url: str) -> bool:
    res = catalogue.resolve(url)
    return res.family == "plan" or (res.plan is not None and res.plan != "payg")


def _models(target: Target) -> list[str]:
    names: list[str] = []
    for value in target.models:
        text = value.text
        if text and text.strip() and text not in names:
            names.append(text)
    return names[:MAX_MODELS]


def _unlisted(obs: Observation, model: str, req: ProbeRequest | None) -> Observation:
    """A derived model observation: the host's listing for this key does not contain ``model``."""
    listed = obs.models_listed or ()
    near = next((m for m in listed if m.lower() == model.lower()), None)
    hint = f"; the listing has {near!r} (model names are case-sensitive)" if near else ""
    return Observation(
        host=obs.host, base_url=obs.base_url, outcome=REJECTED, meaning="model-unknown", purpose=MODEL,
        role=obs.role, status=None, signature="listing", latency_ms=None,
        cause=f"not among the {len(listed)} models {obs.host} lists for this key{hint}",
        region=obs.region, plan=obs.plan, family=obs.family, model=model, key=obs.key,
    )


# --------------------------------------------------------------------------- the locator

def _wanted(req: ProbeRequest, settings: ProbeSettings) -> bool:
    """The user's limits on candidate hosts (``--candidate-host``, ``--candidate-region``)."""
    if settings.candidate_hosts and not any(fnmatch.fnmatchcase(req.host, g) for g in settings.candidate_hosts):
        return False
    if settings.candidate_regions and req.region not in settings.candidate_regions:
        return False
    return True


async def _check_models(ex: Executor, catalogue: "Catalogue", target: Target, key_obs: Observation,
                        secret: Secret) -> list[Observation]:
    """Model checks on the host that accepted the key."""
    out: list[Observation] = []
    models = _models(target)
    reqs = [(m, model_request(catalogue, key_obs.base_url, target.protocol, m, role=key_obs.role)) for m in models]
    sent = await asyncio.gather(*(ex.run(r, secret.reveal(), secret.fingerprint) for _, r in reqs if r is not None))
    answers = iter(sent)
    for model, req in reqs:
        obs = next(answers) if req is not None else None
        if obs is not None:
            out.append(obs)
        listed = key_obs.models_listed
        if obs is not None and obs.meaning in ("model-ok", "model-served", "model-unknown", "model-denied"):
            continue
        if listed and model not in listed:
            out.append(_unlisted(key_obs, model, req))
    return out


def _skip_reason(catalogue: "Catalogue", target: Target, secret: Secret | None, settings: ProbeSettings,
                 warnings: list[str]) -> str | None:
    """Why nothing may be sent for this target (None: go ahead). Adds the plan warning when due."""
    if secret is None:
        var = target.key_variable or (target.key.variable if target.key else None)
        return f"no key to probe ({var} is not set)" if var else "no key to probe"
    shape = catalogue.key_shape(secret.reveal())
    if shape.kind in NOT_SENDABLE:
        what = f"a {shape.provider} key" if shape.provider else shape.kind
        return f"the key is {what}, not a Model Studio key: not sent anywhere"
    if _is_plan_key(catalogue, secret.reveal()):
        if not settings.include_plan_hosts:
            return ("Coding Plan / Token Plan key: probing is opt-in (--include-plan-hosts); "
                    "the plans allow interactive tools only")
        if PLAN_WARNING not in warnings:
            warnings.append(PLAN_WARNING)
    url = _base_url(target)
    if url is None:
        if shape.kind not in MODEL_STUDIO_SHAPES:
            return "no base URL is configured and the key's shape is not specific to Model Studio: not sent anywhere"
        return None
    bad = parse_error(url)
    if bad:
        return f"the base URL cannot be probed: {bad}"
    res = catalogue.resolve(url)
    if not (res.known and res.host_entry is not None):
        # Another provider or a gateway msv does not know: the key may well not be a Model
        # Studio key at all, so it goes nowhere.
        return (f"the client calls {res.host or url}, not a host the catalogue names: the key is not sent "
                "anywhere (add a gateway with --catalogue)")
    return None


def _base_url(target: Target) -> str | None:
    text = target.base_url.text if target.base_url is not None else None
    return text.strip() if text and text.strip() else None


def _primary(catalogue: "Catalogue", target: Target, settings: ProbeSettings) -> ProbeRequest | None:
    """The key probe for the host the client calls (refused for plan hosts unless opted in)."""
    url = _base_url(target)
    if url is None:
        return None
    req = key_request(catalogue, url, target.protocol, role=CONFIGURED)
    if not req.refused and not settings.include_plan_hosts and _is_plan_host(catalogue, url):
        req = replace(req, refused="a Coding Plan / Token Plan host: probing it is opt-in (--include-plan-hosts)")
    return req


def _workspace(catalogue: "Catalogue", target: Target) -> str | None:
    url = _base_url(target)
    ws = catalogue.resolve(url).workspace if url else None
    if ws is None and target.key_workspace is not None and target.key_workspace.text:
        ws = target.key_workspace.text
    return ws


async def _probe_target(ex: Executor, catalogue: "Catalogue", target: Target, settings: ProbeSettings,
                        warnings: list[str]) -> TargetResult:
    result = TargetResult(target)
    secret = _secret(target)
    result.skipped = _skip_reason(catalogue, target, secret, settings, warnings)
    if result.skipped or secret is None:
        return result
    key, fp = secret.reveal(), secret.fingerprint
    primary = _primary(catalogue, target, settings)
    candidates = [r for r in candidate_requests(catalogue, key, target.protocol,
                                                workspace=_workspace(catalogue, target),
                                                include_plan_hosts=settings.include_plan_hosts,
                                                exclude={primary.host} if primary is not None else set())
                  if _wanted(r, settings)]

    if settings.regions:          # everything at once: a latency comparison
        reqs = ([primary] if primary is not None else []) + candidates
        result.observations.extend(await asyncio.gather(*(ex.run(r, key, fp) for r in reqs)))
        first = result.observations[0] if primary is not None and result.observations else None
    else:                         # the configured host first; the others only if it rejects
        first = await ex.run(primary, key, fp) if primary is not None else None
        if first is not None:
            result.observations.append(first)
        if first is None or first.rejected or first.meaning == "not-probed":
            result.observations.extend(await asyncio.gather(*(ex.run(r, key, fp) for r in candidates)))

    # Models: on the configured host when it accepts, else on the best host that does.
    if settings.check_models and _models(target):
        host_obs = first if first is not None and first.accepted else None
        if host_obs is None and (first is None or first.rejected):
            host_obs = best([o for o in result.observations if o.role == CANDIDATE])
        if host_obs is not None and host_obs.meaning not in QUOTA_MEANINGS:
            result.observations.extend(await _check_models(ex, catalogue, target, host_obs, secret))
    return result


async def probe_async(targets: Sequence[Target], catalogue: "Catalogue",
                      settings: ProbeSettings | None = None) -> ProbeRun:
    """Probe every target; observations are also appended to each ``target.observations``."""
    from validator import __version__

    settings = settings or ProbeSettings()
    cache = VerdictCache(settings.cache_dir, settings.cache_ttl) if settings.cache else None
    limits = Limits(settings.timeout, settings.total, settings.concurrency)
    warnings: list[str] = []
    start = time.perf_counter()
    async with Executor(catalogue, limits, cache, user_agent=f"msv/{__version__} (probe)",
                        read_cache=not settings.regions) as ex:
        guard = settings.total + min(2.0, settings.timeout)
        jobs = [asyncio.ensure_future(_probe_target(ex, catalogue, t, settings, warnings)) for t in targets]
        done, pending = await asyncio.wait(jobs, timeout=guard) if jobs else (set(), set())
        for job in pending:
            job.cancel()
        results: list[TargetResult] = []
        for target, job in zip(targets, jobs):
            if job in done and not job.cancelled() and job.exception() is None:
                results.append(job.result())
            elif job in done and not job.cancelled():
                exc = job.exception()
                results.append(TargetResult(target, skipped=f"probe failed: {type(exc).__name__}: "
                                                            f"{scrub(str(exc), _reveal(target))}"))
            else:
                results.append(TargetResult(target, skipped="the whole-run timeout was reached"))
        sent = ex.sent
    if cache is not None:
        cache.save()
    _store_listings(results, settings.cache_dir)   # names only; kept even with --no-cache (no verdicts)
    for r in results:
        r.target.observations.extend(r.observations)
    return ProbeRun(results, warnings, (time.perf_counter() - start) * 1000, sent)


def _store_listings(results: Sequence[TargetResult], directory: Path | None) -> None:
    """Keep each accepted key's model listing (names only) with its region, plan and date, so that
    static checks know what the key's region actually serves (``validator.catalogue.observed``)."""
    from validator.catalogue import observed

    seen: set[tuple[str, str]] = set()
    for r in results:
        for o in r.observations:
            if not (o.accepted and o.models_listed and o.region) or (o.region, o.plan or "payg") in seen:
                continue
            seen.add((o.region, o.plan or "payg"))
            try:
                observed.record(o.region, o.plan, o.host, o.models_listed, directory=directory)
            except OSError:
                pass    # a read-only cache must not fail the probe


def probe(targets: Sequence[Target], catalogue: "Catalogue", settings: ProbeSettings | None = None) -> ProbeRun:
    """Synchronous :func:`probe_async` (for the CLI and scripts; not from inside a running loop)."""
    return asyncio.run(probe_async(targets, catalogue, settings))


def _reveal(target: Target) -> str | None:
    secret = _secret(target)
    return secret.reveal() if secret is not None else None
