"""Rules of the features family (MS305–MS306): platform features and data residency per region.

Both rules need something the files rarely say on their own — which features a project uses,
which residency it must keep — so they act on what is declared (``modelstudio.yaml``,
``--residency``) and say nothing otherwise.
"""

from __future__ import annotations

from validator.model import Hit, Severity, Target

from ._common import Endpoint, declared, describe, models, region_label, text_of
from .models import _date_key, modelstudio_target
from .registry import rule

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

    from validator.catalogue.index import Catalogue

RESIDENCY_NAMES = {"cn": "the Chinese mainland", "intl": "outside the Chinese mainland (International)",
                   "us": "the US", "eu": "the EU", "jp": "Japan", "hk": "Hong Kong"}
US_SUFFIX = "-us"


@rule("MS305", "feature-not-in-region", Severity.ERROR,
      "A feature declared in use (batch inference, fine-tuning, alerting…) that the host's region does not offer.",
      family="features", kinds=("config", "code"))
def feature_not_in_region(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    Features a project declares it uses (`features:` in `modelstudio.yaml`: `batch-inference`,
    `fine-tuning`, `alerting`, `privatelink`, `free-quota`…) against the region of the host it
    calls. Features the catalogue has no data for in that region are not reported.

    ## Why
    Regions differ: batch inference and alerting exist in Beijing and Singapore but not in
    Virginia, Frankfurt or Tokyo; fine-tuning only in Beijing. The API or console simply has no
    such function there.

    ## Example
    ```yaml
    # modelstudio.yaml
    base_url: https://dashscope-us.aliyuncs.com/compatible-mode/v1
    features: [batch-inference]
    ```

    ## Fix
    Use a region that offers the feature (the finding lists them) for that workload, or do without it.
    """
    where = modelstudio_target(target, cat)
    if not isinstance(where, Endpoint) or not where.res.region or not target.features:
        return
    region = where.res.region
    for value in target.features:
        name = text_of(value)
        if not name or not name.strip():
            continue
        name = name.strip()
        if cat.feature(region, name) is not False:
            continue
        offered = [r.name for r in cat.regions() if cat.feature(r.id, name) is True]
        yield Hit(f"`{name}` is not available in {region_label(cat, region)}"
                  + (f"; it is in {', '.join(offered)}" if offered else ""), value,
                  describe("use a region that offers it for this workload"), key=f"features.{name}")


@rule("MS306", "residency-violation", Severity.ERROR,
      "The declared data residency cannot be guaranteed by the host's region, deployment scope or model suffix.",
      family="features", kinds=("config", "code"))
def residency_violation(target: Target, cat: "Catalogue") -> Iterable[Hit]:
    """
    ## What it checks
    A declared residency requirement (`--residency cn|intl|us|eu|jp|hk`, `residency:` in
    `modelstudio.yaml`) against where inference can run for the host and models used:
    - the host's region has no deployment scope that keeps inference there (e.g. `eu` on
      Singapore) — error;
    - the model is not deployed in the scope that keeps it there (in Virginia only `-us` models
      run in the US scope; the others run Global) — error;
    - a `-us` model with a non-US requirement — error;
    - the region has such a scope but the workspace may use another (Frankfurt workspaces choose
      Global or EU) — warning, since msv cannot see the workspace's scope;
    - a model newer than the date from which the region runs new models in another scope by default
      (Beijing: the China Elastic Zone for models launched on or after 2026-10-13) — warning.

    ## Why
    Global and International scopes may process requests outside the region; the customer alone
    is responsible for the lawfulness of cross-border processing.

    ## Example
    ```bash
    msv check --residency us .   # with OPENAI_MODEL=qwen-plus on dashscope-us.aliyuncs.com
    ```

    ## Fix
    Use the region and scope that keep inference where it must stay (for the US: Virginia with a
    `-us` model such as `qwen-plus-us`; for the EU: a Frankfurt workspace with scope EU).
    """
    wanted = declared(target.residency)
    where = modelstudio_target(target, cat)
    if not wanted or not isinstance(where, Endpoint) or not where.res.region:
        return
    region = cat.region(where.res.region)
    if region is None:
        return
    scopes = [s for s in (cat.scope(sid) for sid in region.scopes) if s is not None]
    keeping = [s for s in scopes if s.residency == wanted]
    other = [s for s in scopes if s.residency != wanted]
    need = RESIDENCY_NAMES.get(wanted, wanted)
    at = target.residency if target.residency is not None and target.residency.loc else where.value
    us_only: set[str] = set()
    for value in models(target):
        name = (text_of(value) or "").strip()
        if name.endswith(US_SUFFIX) and wanted != "us":
            us_only.add(name)
            yield Hit(f"`{name}` runs in the US scope, but inference must stay in {need}", value,
                      describe("use the model without the -us suffix in a region that keeps inference there"),
                      key=f"residency.{name}")
    if not keeping:
        others = [r.name for r in cat.regions()
                  if any((s := cat.scope(x)) is not None and s.residency == wanted for x in r.scopes)]
        yield Hit(f"inference must stay in {need}, but {where.host} is in {region_label(cat, region.id)}, whose "
                  f"scopes ({', '.join(s.name for s in scopes)}) do not keep it there"
                  + (f"; use {', '.join(others)}" if others else ""), where.value,
                  describe("use a host of a region that keeps inference where it must stay"), key="residency")
        return
    keep_ids = {s.id for s in keeping}
    checked = False
    erred = bool(us_only)
    for value in models(target):
        name = (text_of(value) or "").strip()
        model = cat.model(name) if name else None
        if name in us_only:
            checked = True
            continue
        if model is None or not model.scopes:
            continue
        checked = True
        if not keep_ids & set(model.scopes):
            erred = True
            runs = ", ".join(s.name for s in scopes if s.id in model.scopes)
            runs = f"the {runs} scope" if runs else "another scope"
            hint = f"; use `{name}{US_SUFFIX}`" if wanted == "us" and cat.model(name + US_SUFFIX) else ""
            yield Hit(f"`{name}` runs in {runs} in {region.name}, which does not keep inference in "
                      f"{need}{hint}", value, describe("use a model deployed in the scope that keeps it there"),
                      key=f"residency.{name}")
    for value in models(target):
        model = cat.model((text_of(value) or "").strip())
        if model is None or not model.since:
            continue
        for s in other:
            if s.default_since and s.id not in model.scopes and _date_key(model.since) >= _date_key(s.default_since):
                yield Hit(f"`{model.name}` may be one of the models launched on or after {s.default_since}, which "
                          f"{region.name} runs in its {s.name} scope by default; that scope does not keep inference "
                          f"in {need}",
                          value, describe(f"check the model's deployment scope in {region.name}; pick a model or "
                                          f"scope that keeps inference in {need}"),
                          severity=Severity.WARNING, key=f"residency.{model.name}")
    if other and not erred and region.scope_chosen_by == "workspace":
        # the model can run in the scope that keeps it there, but the workspace picked its scope
        # when it was created, and no file says which one it was
        yield Hit(f"{region.name} keeps inference in {need} only in its {', '.join(s.name for s in keeping)} "
                  f"scope, and each workspace there chooses {' or '.join(s.name for s in scopes)}; msv cannot "
                  f"verify the workspace's scope statically", at,
                  describe("check the workspace's deployment scope in the console (it is set when the workspace "
                           "is created)"), severity=Severity.WARNING, key="residency")
    elif other and not checked:
        yield Hit(f"{region.name} keeps inference in {need} only in its "
                  f"{', '.join(s.name for s in keeping)} scope, and msv cannot tell which scope serves this target "
                  f"(it depends on the workspace and the model); make sure it is that one", at, describe("check the workspace's deployment scope in the console"),
                  severity=Severity.WARNING, key="residency")
