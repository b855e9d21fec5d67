"""``msv rules`` (the rule table) and ``msv explain NAME|CODE`` (one rule's documentation page).

Both read only the registry: no catalogue, no readers, so they start fast.
"""

from __future__ import annotations

import difflib
import json

import click

from validator.cli import UsageError


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (names, codes, prefixes).")
def rules(fmt: str, select: tuple[str, ...]) -> None:
    """List every rule: code, name, default severity, fix, summary."""
    from validator import docsgen
    from validator.selection import _matches
    from validator.rules import all_rules

    chosen = all_rules()
    selectors = [s.strip() for v in select for s in v.split(",") if s.strip()]
    if selectors:
        chosen = [r for r in chosen if _matches(r, selectors)]
        if not chosen:
            raise UsageError(f"no rule matches {', '.join(selectors)}")
    if fmt == "json":
        click.echo(json.dumps([docsgen.rule_dict(r) for r in chosen], indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(docsgen.markdown(chosen), nl=False)
    else:
        click.echo(docsgen.table(chosen), nl=False)


@click.command("explain")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(name: str, fmt: str) -> None:
    """Show the documentation of rule NAME (a name such as unknown-host, or a code such as MS101)."""
    from validator import docsgen
    from validator.rules import all_rules, get

    rule = get(name.strip())
    if rule is None:
        names = [r.name for r in all_rules()] + [r.code for r in all_rules()]
        near = difflib.get_close_matches(name.strip(), names, n=1, cutoff=0.6)
        hint = f"; did you mean `{near[0]}`?" if near else "; see `msv rules`"
        raise UsageError(f"unknown rule `{name}`{hint}")
    if fmt == "json":
        click.echo(json.dumps(docsgen.rule_dict(rule), indent=2, ensure_ascii=False))
    else:
        click.echo(docsgen.page(rule), nl=False)
