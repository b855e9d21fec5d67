"""``msv catalogue``: query the bundled catalogue (plus ``--catalogue FILE`` extensions).

Thin on purpose: every answer comes from :class:`validator.catalogue.Catalogue`; this module only
parses options, picks a format and sets the exit code (``resolve``: 0 known, 1 not known; a bad
extension or filter: 2 with a one-line message).
"""

from __future__ import annotations

import dataclasses
import json

import click

from validator.cli import UsageError

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable

FORMATS = click.Choice(["text", "json"])
PROTOCOLS = click.Choice(["openai", "anthropic", "dashscope", "responses"])


def _catalogue_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--catalogue", "catalogues", multiple=True, metavar="FILE",
                        type=click.Path(dir_okay=False),
                        help="Extra catalogue YAML merged over the bundled one (repeatable).")(func)


def _format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
                        help="Output format.")(func)


def _load(ctx: click.Context, extra: Iterable[str]) -> Any:
    from validator.catalogue import CatalogueError, load

    files = list(ctx.obj.get("catalogues", ()) if ctx.obj else ()) + list(extra)
    try:
        return load(files)
    except CatalogueError as exc:
        raise UsageError(f"catalogue: {exc}") from None


def _plain(value: Any) -> Any:
    """Records to JSON-ready data (frozensets sorted, nested records flattened)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(_plain(data), ensure_ascii=False, indent=2))


def _table(rows: list[list[str]], header: list[str]) -> None:
    if not rows:
        click.echo("(none)")
        return
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()
    click.echo(line)
    for r in rows:
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())


def _check_region(cat: Any, region: str | None) -> str | None:
    if region is None:
        return None
    r = cat.region(region)
    if r is None:
        raise UsageError(f"unknown region '{region}' (known: {', '.join(x.id for x in cat.regions())})")
    return str(r.id)


def _check_plan(cat: Any, plan: str | None) -> None:
    if plan is not None and cat.plan(plan) is None:
        raise UsageError(f"unknown plan '{plan}' (known: {', '.join(p.id for p in cat.plans())})")


@click.group("catalogue")
@_catalogue_option
@click.pass_context
def catalogue(ctx: click.Context, catalogues: tuple[str, ...]) -> None:
    """What msv knows about Model Studio: regions, hosts, models, features, errors, clients."""
    ctx.ensure_object(dict)
    ctx.obj["catalogues"] = catalogues


@catalogue.command("regions")
@_format_option
@_catalogue_option
@click.pass_context
def regions(ctx: click.Context, fmt: str, catalogues: tuple[str, ...]) -> None:
    """Regions, their deployment scopes and aliases."""
    cat = _load(ctx, catalogues)
    items = cat.regions()
    if fmt == "json":
        _emit_json({"version": cat.version, "as_of": cat.as_of, "regions": items, "scopes": cat.scopes()})
        return
    _table([[r.id, r.name, r.name_zh, ",".join(r.scopes), r.residency, ",".join(r.aliases[:4])] for r in items],
           ["REGION", "NAME", "中文", "SCOPES", "RESIDENCY", "ALIASES"])


@catalogue.command("hosts")
@click.option("--region", help="Region id or alias.")
@click.option("--protocol", type=PROTOCOLS, help="Only hosts serving this protocol.")
@click.option("--plan", help="payg, token-plan or coding-plan.")
@_format_option
@_catalogue_option
@click.pass_context
def hosts(ctx: click.Context, region: str | None, protocol: str | None, plan: str | None, fmt: str,
          catalogues: tuple[str, ...]) -> None:
    """Hosts and host families, with their base paths per protocol."""
    cat = _load(ctx, catalogues)
    rid = _check_region(cat, region)
    _check_plan(cat, plan)
    items = cat.hosts(region=rid, plan=plan, protocol=protocol)
    if fmt == "json":
        _emit_json(items)
        return
    _table([[h.pattern, h.region, h.plan, h.family, h.status, h.usage,
             " ".join(f"{p}={b or '/'}" for p, b in h.protocols.items())] for h in items],
           ["HOST", "REGION", "PLAN", "FAMILY", "STATUS", "USAGE", "PROTOCOLS"])


@catalogue.command("models")
@click.option("--region", help="Region id or alias.")
@click.option("--protocol", type=PROTOCOLS, help="Only models served over this protocol.")
@click.option("--plan", help="payg, token-plan or coding-plan.")
@_format_option
@_catalogue_option
@click.pass_context
def models(ctx: click.Context, region: str | None, protocol: str | None, plan: str | None, fmt: str,
           catalogues: tuple[str, ...]) -> None:
    """Models by region, protocol and plan (snapshots and aliases included)."""
    cat = _load(ctx, catalogues)
    rid = _check_region(cat, region)
    _check_plan(cat, plan)
    items = cat.models(region=rid, protocol=protocol, plan=plan)
    if fmt == "json":
        _emit_json(items)
        return
    _table([[m.name, m.family, ",".join(m.protocols), ",".join(m.plans), ",".join(sorted(m.capabilities)),
             m.same_as or m.alias_of or ""] for m in items],
           ["MODEL", "FAMILY", "PROTOCOLS", "PLANS", "CAPABILITIES", "OF"])
    if plan and plan != "payg":
        dated = f"model list as of {cat.plan_list_as_of(plan) or cat.models_as_of}"
    elif rid:
        region_date = cat.region(rid).models_as_of
        dated = f"model list as of {region_date}" if region_date else "no full model list for this region"
    else:
        dated = f"model data as of {cat.models_as_of}"
    origin = "" if cat.origin == "bundled" else ", downloaded"
    click.echo(f"\n{len(items)} models (catalogue {cat.version}, as of {cat.as_of}{origin}; {dated})")


@catalogue.command("features")
@click.option("--region", help="Only this region's column.")
@_format_option
@_catalogue_option
@click.pass_context
def features(ctx: click.Context, region: str | None, fmt: str, catalogues: tuple[str, ...]) -> None:
    """Platform features by region (yes / no / ? when undocumented)."""
    cat = _load(ctx, catalogues)
    rid = _check_region(cat, region)
    items = cat.feature_entries()
    region_ids = [rid] if rid else [r.id for r in cat.regions()]
    if fmt == "json":
        _emit_json([{**_plain(f), "regions": {r: f.regions.get(r) for r in region_ids}} for f in items])
        return
    mark = {True: "yes", False: "no", None: "?"}
    _table([[f.id, *[mark[f.regions.get(r)] for r in region_ids]] for f in items], ["FEATURE", *region_ids])


@catalogue.command("errors")
@click.option("--protocol", type=click.Choice(["openai", "anthropic", "dashscope"]),
              help="Only signatures of this protocol (plus those of any protocol).")
@click.option("--match", "match", metavar="BODY", help="Rank the signatures that explain this error body.")
@click.option("--status", type=int, help="HTTP status for --match.")
@_format_option
@_catalogue_option
@click.pass_context
def errors(ctx: click.Context, protocol: str | None, match: str | None, status: int | None, fmt: str,
           catalogues: tuple[str, ...]) -> None:
    """Error signatures: HTTP status + code + message pattern -> meaning, causes and fix."""
    cat = _load(ctx, catalogues)
    if match is not None or status is not None:
        ranked = cat.match_error(status, match or "")
        if fmt == "json":
            _emit_json([{"score": s, **_plain(sig)} for sig, s in ranked])
            return
        _table([[f"{s:.2f}", sig.id, str(sig.status or ""), sig.meaning, sig.fix] for sig, s in ranked],
               ["SCORE", "SIGNATURE", "STATUS", "MEANING", "FIX"])
        return
    items = [e for e in cat.errors() if protocol is None or e.protocol in (None, protocol)]
    if fmt == "json":
        _emit_json(items)
        return
    _table([[e.id, str(e.status or ""), ",".join(e.codes[:3]), e.protocol or "any", e.meaning] for e in items],
           ["SIGNATURE", "STATUS", "CODES", "PROTOCOL", "MEANING"])


@catalogue.command("clients")
@click.option("--protocol", type=click.Choice(["openai", "anthropic", "dashscope"]), help="Only this protocol.")
@_format_option
@_catalogue_option
@click.pass_context
def clients(ctx: click.Context, protocol: str | None, fmt: str, catalogues: tuple[str, ...]) -> None:
    """Clients: the variables they read, what they append, their default host and precedence."""
    cat = _load(ctx, catalogues)
    items = [c for c in cat.clients() if protocol is None or c.protocol == protocol]
    if fmt == "json":
        _emit_json(items)
        return
    show = {None: "?", "": "(full URL)"}
    _table([[c.id, c.protocol or "?", show.get(c.appends, c.appends), ",".join(c.key_vars[:2]),
             c.default_base_url or "-", ">".join(c.precedence)] for c in items],
           ["CLIENT", "PROTOCOL", "APPENDS", "KEY VARS", "DEFAULT BASE", "PRECEDENCE"])


@catalogue.command("resolve")
@click.argument("url")
@click.option("--client", "client", metavar="ID", help="Judge the URL by what this client appends.")
@_format_option
@_catalogue_option
@click.pass_context
def resolve(ctx: click.Context, url: str, client: str | None, fmt: str, catalogues: tuple[str, ...]) -> None:
    """Say what URL is (region, plan, protocol, family) or why it is none. Exit 0 known, 1 not."""
    cat = _load(ctx, catalogues)
    if client is not None and cat.client(client) is None:
        raise UsageError(f"unknown client '{client}' (see msv catalogue clients)")
    res = cat.resolve(url, client=client)
    from validator.redact import redact_text

    if fmt == "json":   # a pasted URL may carry a key (``?api_key=sk-…``): never echo it
        click.echo(redact_text(json.dumps(res.to_dict(), ensure_ascii=False, indent=2)))
    else:
        _print_resolution(res, cat, echo=lambda line: click.echo(redact_text(line)))
    ctx.exit(0 if res.known else 1)


def _print_resolution(res: Any, cat: Any, echo: Any = click.echo) -> None:
    if res.known:
        region = cat.region(res.region)
        echo(f"known: {res.host}")
        for label, value in (("region", f"{res.region} ({region.name})" if region else res.region),
                             ("plan", res.plan), ("protocol", res.protocol or "?"), ("family", res.family),
                             ("workspace", res.workspace), ("status", res.path_status or res.host_entry.status),
                             ("base url", res.base_url), ("endpoint", res.endpoint)):
            if value:
                echo(f"  {label:<10} {value}")
    elif res.provider:
        echo(f"not Model Studio: {res.host} belongs to {res.provider}")
    else:
        echo(f"unknown: {res.host or res.url!r} is not in the catalogue (as of {cat.as_of})")
        if res.suggestion:
            echo(f"  did you mean {res.suggestion}? ({res.region}, {res.plan}, {res.family})")
    for p in res.problems:
        tail = f" -> {p.suggestion}" if p.suggestion else ""
        echo(f"  problem [{p.kind}] {p.message}{tail}")


@catalogue.command("update")
@click.option("--url", metavar="URL", help="Where the catalogue is published (default: the project's; "
                                           "also $MSV_CATALOGUE_URL). Its SHA-256 is read from URL.sha256.")
@click.option("--offline", is_flag=True, help="Do not touch the network (also $MSV_OFFLINE): say so and stop.")
@click.option("--remove", is_flag=True, help="Forget the downloaded catalogue; use the bundled one again.")
@_format_option
def update(url: str | None, offline: bool, remove: bool, fmt: str) -> None:
    """Download the newest published catalogue, verify it and use it from now on.

    The file must match the SHA-256 published beside it, have the compiled catalogue's shape and
    be newer than the catalogue in use; it is then kept in the user cache directory and used
    over the bundled one (`msv --version` and every report name it). Exit 0 updated or already
    current, 2 when nothing could be stored (no network, bad hash, older or damaged file).
    """
    from validator.catalogue import update as upd

    if remove:
        gone = upd.remove()
        info = upd.in_use()
        click.echo(("removed the downloaded catalogue; " if gone else "no downloaded catalogue; ")
                   + f"in use: {info['version']} (as of {info['as_of']}, {info['origin']})")
        return
    try:
        result = upd.update(url, offline=offline)
    except upd.UpdateError as exc:
        info = upd.in_use()
        raise UsageError(f"catalogue update: {exc}; still using catalogue {info['version']} "
                         f"(as of {info['as_of']}, {info['origin']})") from None
    if fmt == "json":
        _emit_json(result)
        return
    if result["status"] == "updated":
        click.echo(f"updated: catalogue {result['version']} (as of {result['as_of']}) from {result['url']}, "
                   f"verified, stored in {result['path']}")
    else:
        click.echo(f"up to date: the published catalogue ({result['published']}) is not newer than the one "
                   f"in use ({result['version']}, as of {result['as_of']})")


@catalogue.command("diff-observed")
@_format_option
@_catalogue_option
@click.pass_context
def diff_observed(ctx: click.Context, fmt: str, catalogues: tuple[str, ...]) -> None:
    """Where the catalogue disagrees with the model lists `msv probe` observed (user cache).

    Exit 0 when they agree (or nothing was observed), 1 when a region served a model the
    catalogue lacks or does not place there.
    """
    from validator.catalogue import observed

    cat = _load(ctx, catalogues)
    rows = observed.diff(cat, observed.load())
    if fmt == "json":
        _emit_json({"catalogue": {"version": cat.version, "as_of": cat.as_of, "origin": cat.origin},
                    "observed": rows})
    elif not rows:
        click.echo("nothing observed yet: `msv probe` stores each key's model listing (token-free /models)")
    for r in rows if fmt == "text" else ():
        click.echo(f"{r['region']} / {r['plan']} ({r['host']}, observed {r['date']}): {r['observed']} models")
        for label, key in (("served, not in the catalogue", "not_in_catalogue"),
                           ("served, catalogue does not place it here", "not_listed_for_region"),
                           ("in the catalogue, not in the listing", "listed_but_not_observed")):
            if r[key]:
                click.echo(f"  {label} ({len(r[key])}): {', '.join(r[key])}")
    ctx.exit(1 if any(r["not_in_catalogue"] or r["not_listed_for_region"] for r in rows) else 0)
