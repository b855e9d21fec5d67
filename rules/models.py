"""Rules of the models family (MS301–MS304): model names, where they run, what they accept.

Unknown is not invalid: the platform adds models every month, so a name the catalogue lacks is a
warning that quotes the catalogue's date, and only a near miss of a known name (wrong case, a
letter typo such as ``qwen-plus-lastest``) is an error.
"""

from __future__ import annotations

from functools import lru_cache

from validator.lazyre import lazy
from validator.model import Hit, Severity, Target, TargetKind, Value

from ._common import (
    Endpoint,
    client_of,
    describe,
    endpoint,
    models,
    plan_name,
    region_label,
    resolved,
    rewrite,
    text_of,
)
from .registry import rule

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import Model

    from ._names import Verdict

_TEMPLATED = lazy(r"\$\{|\{\{|\{[A-Za-z_]|<[^>]+>|%\(|^\$[A-Z_]")
_TEMPLATE_CLUES = ("$", "{", "<", "%")   # a character every alternative of _TEMPLATED starts with


def _templated(name: str) -> bool:
    """``_TEMPLATED.search(name)``, searched only when ``name`` holds a character it starts with
    (model names never do: the pattern is then never compiled)."""
    return any(c in name for c in _TEMPLATE_CLUES) and _TEMPLATED.search(name) is not None


def modelstudio_target(target: Target, cat: "Catalogue") -> Endpoint | None | bool:
    """The Model Studio endpoint of the target; ``True`` when it has no base URL but its client
    talks to Model Studio by default; ``None`` when the target talks to something else."""
    if target.kind is TargetKind.LITERAL:
        return None
    ep = endpoint(target, cat)
    if ep is not None:
        # a near-miss host (dashscope.aliyun.com) is still meant for Model Studio: judge the
        # models against the host it most likely meant
        return ep if ep.known or (ep.res.suggestion and ep.res.host_entry is not None) else None
    client = client_of(target, cat)
    if client is not None and client.default_base_url:
        if resolved(cat, client.default_base_url).known:
            return True
    return None


def request_protocol(ep: Endpoint, target: Target | None = None) -> str | None:
    """The interface a request goes to: the Responses API for clients that append /responses,
    unless the code picks another API for this call (``provider.chat("qwen-plus")``)."""
    api = target.settings.get("api") if target is not None and target.kind is TargetKind.CODE else None
    if api is not None and api.value in ("chat.completions", "completions", "embeddings", "messages"):
        return ep.protocol
    if ep.client is not None and ep.client.appends and ep.client.appends.rstrip("/").endswith("/responses"):
        return "responses"
    if ep.client is not None and ep.client.appends == "" and (ep.res.endpoint or "").rstrip("/").endswith("/responses"):
        return "responses"   # a raw request to the Responses endpoint
    return ep.protocol


def _usable_name(value: Value) -> str | None:
    name = text_of(value)
    if not name or _templated(name):
        return None
    return name


def _not_in_catalogue(cat: "Catalogue", near: str = "") -> str:
    """The tail of every "unknown" message: the date, and the two ways to teach msv the name."""
    return (f"not in msv's catalogue as of {cat.as_of}{near}; if it is newer, run `msv catalogue update` "
            f"or add it to an extension file (--catalogue FILE)")


def _date_key(text: str | None) -> str:
    """Dates of different precision (2026, 2026-08, 2026-08-22) compared as text: pad the short ones
    so that a month counts as its *last* day ("2026-08" is after "2026-08-01")."""
    if not text:
        return ""
    return text + "-99" * (2 - text.count("-"))


def newer_than(model: "Model", data_as_of: str | None) -> bool:
    """True when the model first appears in sources newer than a list dated ``data_as_of``, or
    when the list does not exist (None): its absence from that list proves nothing."""
    if data_as_of is None:
        return True
    return bool(model.since) and _date_key(model.since) > _date_key(data_as_of)


def _firm(cited) -> bool:
    return cited.confidence in ("seed", "official")



@lru_cache(maxsize=4096)
def _judged(name: str, cat: "Catalogue") -> "Verdict":
    """What a name the catalogue lacks is, once per name and catalogue: a large tree repeats the
    same few unknown names thousands of times, and each verdict compares with every model."""
    from ._names import judge

    return judge(name, cat.model_names())

@rule("MS301", "unknown-model", Severity.WARNING,
      "The model is not in msv's catalogue as of its date; only a near miss that cannot be a newer release is an error.",
      family="models", fixable="safe", kinds=("config", "code"))
def unknown_model(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    Every model name a Model Studio client is configured with, against the catalogue. Unknown is
    not invalid: the platform adds models monthly, so
    - a name the catalogue lacks is a **warning**: "not in msv's catalogue as of DATE", pointing to
      `msv catalogue update` and to an extension file;
    - it is an **error** only for a near miss that cannot be a newer release: the wrong case
      (`Qwen-Plus`, `minimax-m2.5` for `MiniMax-M2.5`), a known display name (`Qwen3 Max` for
      `qwen3-max`), stray spaces, or a one-letter typo in the part that is not a version
      (`qwen-plus-lastest`);
    - a name that fits a known family's version grammar (`qwen<major>.<minor>-<tier>[-<date>|-preview]`,
      `deepseek-v<n>-…`, `kimi-k<n>…`, `glm-<n>…`) with a version beyond the catalogue's is never an error;
    - a model the key's region listed in an earlier `msv probe` (the observed-models cache) is known.

    ## Why
    Model ids are case-sensitive and exact: a near miss gets `404 model_not_found` /
    `400 Model not exist` / `model 'xxx' is not supported`. A newer model is not a mistake.

    ## Example
    ```toml
    model = "qwen-plus-lastest"
    ```

    ## Fix
    Use the real name (`qwen-plus-latest`). `msv check --fix` corrects case and stray spaces;
    `--unsafe-fixes` also applies typo suggestions. For a newer model: `msv catalogue update`.
    """
    where = modelstudio_target(target, cat)
    if where is None:
        return
    for value in models(target):
        name = _usable_name(value)
        if name is None:
            continue
        stripped = name.strip()
        if cat.model(stripped) is not None:
            if stripped != name:
                yield Hit(f"model `{stripped}` has spaces around it; model ids must match exactly",
                          value, rewrite(value, stripped, f"use `{stripped}`"), severity=Severity.ERROR,
                          key=f"model.{stripped}")
            continue
        if "/" in stripped and cat.model(stripped.rsplit("/", 1)[1]) is not None:
            meant = stripped.rsplit("/", 1)[1]
            yield Hit(f"model `{stripped}` does not exist on Model Studio; the id is `{meant}` "
                      f"(drop the provider prefix)", value,
                      rewrite(value, meant, f"use `{meant}`", safe=False), severity=Severity.ERROR,
                      key=f"model.{stripped}")
            continue
        if cat.observed_anywhere(stripped):
            continue
        verdict = _judged(stripped, cat)
        if verdict.kind == "case":
            yield Hit(f"model `{stripped}` has the wrong case; model ids are case-sensitive: use `{verdict.meant}`",
                      value, rewrite(value, verdict.meant, f"use `{verdict.meant}`"), severity=Severity.ERROR,
                      key=f"model.{stripped}")
        elif verdict.kind == "display":
            yield Hit(f"`{stripped}` is a display name; the model id is `{verdict.meant}`", value,
                      rewrite(value, verdict.meant, f"use `{verdict.meant}`", safe=False),
                      severity=Severity.ERROR, key=f"model.{stripped}")
        elif verdict.kind == "typo":
            yield Hit(f"model `{stripped}` does not exist; did you mean `{verdict.meant}`?", value,
                      rewrite(value, verdict.meant, f"use `{verdict.meant}`", safe=False),
                      severity=Severity.ERROR, key=f"model.{stripped}")
        else:
            near = f" (nearest known: `{verdict.meant}`)" if verdict.meant else ""
            yield Hit(f"model `{stripped}` is {_not_in_catalogue(cat, near)}", value,
                      describe("check the name on the model list; if it is newer, run `msv catalogue update` "
                               "or add it with --catalogue FILE"),
                      key=f"model.{stripped}")


def _region_scopes(cat: "Catalogue", region_id: str) -> tuple[str, ...]:
    region = cat.region(region_id)
    return region.scopes if region else ()


def _offered_in(cat: "Catalogue", model: "Model") -> list[str]:
    return [f"{r.name}" for r in cat.regions() if set(r.scopes) & set(model.scopes)]


@rule("MS302", "model-not-in-region", Severity.ERROR,
      "The model is not offered in the host's region or deployment scope.",
      family="models", kinds=("config", "code"))
def model_not_in_region(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A known model against the deployment scopes of the host's region: `-us` models exist only in
    US (Virginia); Qwen-Math, Qwen-Doc, Qwen-Long, Kimi, MiniMax and GLM only in China (Beijing);
    most DeepSeek models only in Beijing; Singapore has its own list. Subscription-plan hosts are
    left to `model-not-on-protocol` (plans have their own model lists).

    It is an error only when the region's model list is firm: when the model is newer than the
    data msv has for that region (its `since` after the region's `models_as_of`, or no full list
    for the region, as for Finance Cloud), or its scopes are not from an official source, it is a
    **warning**: "not listed for this region as of DATE". A model the key's region listed in an
    earlier `msv probe` (the observed-models cache) is never reported there.

    ## Why
    Each region has its own model list; a model that is not deployed there gets `404
    model_not_found` ("The model xxx does not exist or you do not have access to it").

    ## Example
    ```dotenv
    OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1
    OPENAI_MODEL=qwen-plus-us
    ```

    ## Fix
    Use a model offered in that region (`qwen-plus` in Singapore), or the host of a region that
    offers it (the finding lists them).
    """
    where = modelstudio_target(target, cat)
    if not isinstance(where, Endpoint) or where.res.family == "plan" or not where.res.region:
        return
    scopes = set(_region_scopes(cat, where.res.region))
    if not scopes:
        return
    region = cat.region(where.res.region)
    for value in models(target):
        name = _usable_name(value)
        model = cat.model(name.strip()) if name else None
        if model is None or not model.scopes or scopes & set(model.scopes):
            continue
        if cat.observed_in(where.res.region, model.name):
            continue
        offered = _offered_in(cat, model)
        tail = f"; it is offered in {', '.join(offered)}" if offered else ""
        label = region_label(cat, where.res.region)
        as_of = region.models_as_of if region else None
        if newer_than(model, as_of) or not _firm(model.cited_for("scopes")):
            when = f"as of {as_of}" if as_of else f"as of {cat.as_of} (msv has no full model list for this region)"
            yield Hit(f"model `{model.name}` is not listed for {label} {when}{tail}; it may be newer than "
                      f"msv's data (`msv catalogue update`, or `msv probe` to see what the key's region serves)",
                      value, describe("check the region's model list, or run `msv catalogue update`"),
                      severity=Severity.WARNING, key=f"model.{model.name}")
            continue
        yield Hit(f"model `{model.name}` is not offered in {label}{tail}", value,
                  describe("use a model of this region, or the host of a region that offers it"),
                  key=f"model.{model.name}")


@rule("MS303", "model-not-on-protocol", Severity.ERROR,
      "The model is not served through this interface (Anthropic-compatible list, Responses API, a plan's model list).",
      family="models", kinds=("config", "code"))
def model_not_on_protocol(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A known model against the interface the client uses: the Anthropic-compatible interface serves
    a shorter list than the OpenAI-compatible one; the Responses API (Codex, `@ai-sdk/openai`)
    only a few models; a Coding Plan or Token Plan host only the plan's models (e.g.
    `deepseek-v3.2` is not served over Anthropic on the plans). A model newer than the plan's
    newest list (`plan_lists` `as_of`) is a **warning** "not in the plan's list as of DATE".

    Fine-tuned (custom) models are served only over the DashScope protocol, but their names are
    per-account ids that a static check cannot recognise: msv does not check them (the probe's
    model check and `msv diagnose` explain the `model-not-supported-openai` error instead).

    ## Why
    The request is rejected: `404 model_not_supported` ("Unsupported model xxx for OpenAI
    compatibility mode"), `model 'xxx' is not supported` on the plans, a 404 on `/responses`.

    ## Example
    ```toml
    # ~/.codex/config.toml (Codex calls /responses)
    model = "qwen-turbo"
    ```

    ## Fix
    Pick a model the interface serves (the finding says which interfaces serve this one), or use
    the client/interface that serves the model.
    """
    where = modelstudio_target(target, cat)
    if not isinstance(where, Endpoint):
        return
    protocol = request_protocol(where, target)
    host_plan = where.res.plan if where.res.family == "plan" else None
    for value in models(target):
        name = _usable_name(value)
        model = cat.model(name.strip()) if name else None
        if model is None:
            continue
        if host_plan and model.plans and host_plan not in model.plans:
            if cat.observed_in(where.res.region or "", model.name, plan=host_plan):
                continue
            plan_as_of = cat.plan_list_as_of(host_plan)
            if newer_than(model, plan_as_of):
                yield Hit(f"model `{model.name}` is not in msv's {plan_name(host_plan)} model list as of "
                          f"{plan_as_of or cat.as_of}; it may be newer (`msv catalogue update`)", value,
                          describe(f"check the {plan_name(host_plan)} model list"),
                          severity=Severity.WARNING, key=f"model.{model.name}")
                continue
            yield Hit(f"model `{model.name}` is not in the {plan_name(host_plan)} model list "
                      f"(model 'xxx' is not supported)", value,
                      describe(f"use a model the {plan_name(host_plan)} offers"), key=f"model.{model.name}")
            continue
        if protocol and model.protocols and protocol not in model.protocols:
            served = ", ".join(model.protocols)
            if not _firm(model.cited_for("protocols")):
                yield Hit(f"model `{model.name}` is not listed for the {protocol} interface as of "
                          f"{cat.models_as_of} (listed: {served}); msv's data for it is not from an official page",
                          value, describe("check the model's page, or run `msv catalogue update`"),
                          severity=Severity.WARNING, key=f"model.{model.name}")
                continue
            yield Hit(f"model `{model.name}` is not served through the {protocol} interface "
                      f"(it is served through: {served})", value,
                      describe("use a model this interface serves, or a client of an interface that serves it"),
                      key=f"model.{model.name}")


# --------------------------------------------------------------------------- parameters


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _truthy(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ("true", "1", "yes", "on", "enabled"):
            return True
        if v in ("false", "0", "no", "off", "disabled", ""):
            return False
    if isinstance(value, dict):
        kind = str(value.get("type", "")).lower()
        if kind:
            return kind != "disabled"
        return True
    return None


def _range_text(p) -> str:
    lo = "(" if p.exclusive_minimum else "["
    hi = ")" if p.exclusive_maximum else "]"
    a = "-inf" if p.minimum is None else _fmt(p.minimum)
    b = "inf" if p.maximum is None else _fmt(p.maximum)
    return f"{lo}{a}, {b}{hi}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _out_of_range(p, x: float) -> bool:
    if p.minimum is not None and (x < p.minimum or (p.exclusive_minimum and x == p.minimum)):
        return True
    if p.maximum is not None and (x > p.maximum or (p.exclusive_maximum and x == p.maximum)):
        return True
    return False


def _model_names(model: "Model | None") -> set[str]:
    if model is None:
        return set()
    return {model.name} | ({model.alias_of} if model.alias_of else set())


def _unmet_requirements(name: str, value: Value, spec: Any, target: Target) -> Iterable[Hit]:
    """A parameter that takes effect only with others set (``stream_options`` needs ``stream: true``):
    a warning when the other is set otherwise, or left at its default; nothing when it is not
    known statically (a variable)."""
    for other, expected in spec.requires.items():
        have = target.parameters.get(other)
        if have is None:
            actual: Any = False if isinstance(expected, bool) else None   # booleans default to false
            shown = "is not set"
        else:
            actual = _truthy(have.value) if isinstance(expected, bool) else have.value
            shown = f"is {have.value!r}" if not isinstance(have.value, bool) else f"is {str(have.value).lower()}"
            if actual is None:
                continue
        if actual != expected:
            want = str(expected).lower() if isinstance(expected, bool) else repr(expected)
            yield Hit(f"`{name}` takes effect only when `{other}` is {want}, but `{other}` {shown}; "
                      f"it is ignored", value, describe(f"set `{other}={want}`, or remove `{name}`"),
                      severity=Severity.WARNING, key=f"parameters.{name}")


@rule("MS304", "unsupported-parameter", Severity.ERROR,
      "A parameter the interface or model does not support, or a value outside its documented range.",
      family="models", kinds=("config", "code"))
def unsupported_parameter(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    Request parameters set in a configuration or in code, against the interface and the model:
    - values outside the documented range: `temperature` in [0, 2), `top_p` in (0, 1) on the
      OpenAI-compatible interface ([0, 1) on the Anthropic one), `n` from 1 to 4…;
    - `n > 1` on a model other than the few that allow it (`qwen-plus`);
    - `thinking` on the Anthropic interface for a model that cannot think (Qwen-Max and Qwen-Coder
      models in the documented list);
    - `enable_thinking` on non-streamed calls of models that think only when streaming;
    - parameters the interface ignores or rejects (`instructions` and `background` on the
      Responses API; `metadata`, `service_tier`… on the Anthropic one);
    - a parameter that needs another one (`requires` in the catalogue): `stream_options` takes
      effect only with `stream: true` — a warning when `stream` is false or not set.

    ## Why
    Out-of-range values and unsupported combinations are rejected with `400 InvalidParameter`
    (`parameter.enable_thinking must be set to false for non-streaming calls`, `Range of
    temperature should be [0.0, 2.0)`); ignored parameters silently do nothing.

    ## Example
    ```python
    client.chat.completions.create(model="qwen-max", messages=msgs, temperature=2.0, n=3)
    ```

    ## Fix
    Use a value inside the range the finding gives, drop the parameter, or pick a model that
    supports it.
    """
    where = modelstudio_target(target, cat)
    if not target.parameters or where is None:
        return
    protocol = request_protocol(where, target) if isinstance(where, Endpoint) else (
        (client_of(target, cat).protocol if client_of(target, cat) else None))
    if protocol is None:
        return
    specs = cat.parameters(protocol)
    known_models = [cat.model(n.strip()) for v in models(target) if (n := _usable_name(v))]
    known_models = [m for m in known_models if m is not None]
    stream = _truthy(target.parameters["stream"].value) if "stream" in target.parameters else None
    for name, value in target.parameters.items():
        spec = specs.get(name)
        raw = value.value
        if spec is not None and getattr(spec, "supported", True) is False:
            yield Hit(f"`{name}` is not supported on the {protocol} interface; it is ignored or rejected",
                      value, describe(f"remove `{name}`"), key=f"parameters.{name}")
            continue
        if spec is not None and spec.requires:
            yield from _unmet_requirements(name, value, spec, target)
        number = _number(raw)
        if spec is not None and number is not None and (spec.minimum is not None or spec.maximum is not None):
            if _out_of_range(spec, number):
                yield Hit(f"`{name}={_fmt(number)}` is outside its range {_range_text(spec)} on the "
                          f"{protocol} interface (400 InvalidParameter)", value,
                          describe(f"use a value in {_range_text(spec)}"), key=f"parameters.{name}")
                continue
        if spec is not None and spec.models and known_models:
            if name == "n" and (number is None or number <= 1):
                continue
            allowed = set(spec.models)
            for model in known_models:
                if not (_model_names(model) & allowed):
                    yield Hit(f"`{name}` is accepted only by {', '.join(sorted(allowed))}, not by `{model.name}`",
                              value, describe(f"remove `{name}` or use {', '.join(sorted(allowed))}"),
                              key=f"parameters.{name}")
        if name == "thinking" and protocol == "anthropic" and _truthy(raw):
            for model in known_models:
                if "thinking" not in model.capabilities:
                    yield Hit(f"`thinking` is enabled but `{model.name}` cannot think on the Anthropic "
                              f"interface (400)", value,
                              describe("disable thinking for this model, or use a model that thinks"),
                              key=f"parameters.{name}")
        if name == "enable_thinking" and _truthy(raw) and stream is not True:
            for model in known_models:
                caps = model.capabilities
                if "stream-only" in caps or "thinking-stream-only" in caps:
                    yield Hit(f"`enable_thinking` on a non-streamed call: `{model.name}` thinks only when "
                              f"streaming (400 parameter.enable_thinking must be set to false for "
                              f"non-streaming calls)", value,
                              describe("set stream=true, or enable_thinking=false"), key=f"parameters.{name}")
