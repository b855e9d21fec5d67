"""``msv init``: write a starter ``modelstudio.yaml`` from the client configurations msv finds.

The file lists each target ``msv check --list-targets`` would show (name, client, base URL, the
variable holding the key, models, parameters, features) and leaves the part only the user
knows — where the key was created (``key: region/plan/workspace``), how the configuration is
used and where data must stay — as commented lines to fill in. Declaring those is what lets
the key-region, plan and residency rules speak up.

The first line binds the file to its JSON Schema (``# yaml-language-server: $schema=…``) so
editors with the YAML language server complete and validate it. Keys are never written: only
the name of the variable that holds one. An existing file is never overwritten without
``--force``; ``--settings`` also writes a commented ``.msv.toml``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from validator.cli import EXIT_OK, UsageError

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable, Sequence

    from validator.catalogue.index import Catalogue
    from validator.model import Target, Value

SCHEMA_BASE = "https://raw.githubusercontent.com/modelstudio-validator/modelstudio-validator/main/schemas/"
DEFAULT_SCHEMA = "modelstudio.schema.json"
GENERIC_CLIENT = {"openai": "openai-compatible", "anthropic": "anthropic-compatible", "dashscope": "dashscope"}
DEFAULT_KEY_VAR = {"openai": "DASHSCOPE_API_KEY", "anthropic": "ANTHROPIC_AUTH_TOKEN", "dashscope": "DASHSCOPE_API_KEY"}
OWN_FILES = ("modelstudio.yaml", ".modelstudio.yaml", "modelstudio.yml", ".modelstudio.yml")


def schema_url() -> str:
    """URL of the modelstudio.yaml JSON Schema shipped under ``schemas/`` (by its file name)."""
    try:
        import validator.schemas as schemas_pkg

        folder = Path(schemas_pkg.__file__).parent
        names = sorted(p.name for p in folder.glob("modelstudio*.schema.json"))
    except (ImportError, OSError, TypeError):
        names = []
    return SCHEMA_BASE + (names[0] if names else DEFAULT_SCHEMA)


# --------------------------------------------------------------------------- rendering (pure)


def _scalar(value: Any) -> str:
    """A YAML scalar for ``value``: JSON is valid YAML, and quoting strings avoids YAML's traps
    (``no`` read as false, ``1e3`` as a number, ``:`` in URLs)."""
    from validator.model import Secret
    from validator.redact import redact_text

    if isinstance(value, Secret):
        value = value.fingerprint
    if isinstance(value, str):
        return json.dumps(redact_text(value), ensure_ascii=False)
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return json.dumps(redact_text(str(value)), ensure_ascii=False)


def _plain(value: "Value | None") -> Any:
    from validator.model import Secret

    if value is None or value.value is None or isinstance(value.value, Secret):
        return None
    return value.value


def _where(value: "Value | None") -> str:
    from validator.model import Origin

    if value is None:
        return ""
    if value.origin == Origin.DEFAULT:
        return "client default"
    parts = []
    if value.loc is not None and value.loc.is_file:
        parts.append(str(value.loc))
    if value.variable:
        parts.append(f"via {value.variable}")
    return ", ".join(parts)


def client_id(target: "Target", catalogue: "Catalogue | None") -> str:
    """The target's catalogue client id, or the generic id of its protocol for ``unknown``."""
    known = catalogue.client(target.client) if catalogue is not None and target.client else None
    if target.client and target.client != "unknown" and (catalogue is None or known is not None):
        return target.client
    return GENERIC_CLIENT.get(target.protocol or "openai", "openai-compatible")


def _key_variable(target: "Target", catalogue: "Catalogue | None") -> tuple[str, str]:
    """(variable, comment): the variable that holds the key, never the key."""
    if target.key_variable:
        return target.key_variable, ""
    if target.key is not None and target.key.variable:
        return target.key.variable, ""
    client = catalogue.client(target.client) if catalogue is not None else None
    var = (client.key_vars[0] if client is not None and client.key_vars
           else DEFAULT_KEY_VAR.get(target.protocol or "openai", "DASHSCOPE_API_KEY"))
    if target.key is not None and target.key.value is not None and target.key.loc is not None:
        return var, f"the key is written literally at {target.key.loc}: keep it in {var} instead"
    return var, "the variable this client reads the key from"


def _target_lines(target: "Target", name: str, catalogue: "Catalogue | None") -> list[str]:
    from validator.model import Origin

    out = [f"  - name: {_scalar(name)}", f"    # found at {target.origin} ({target.client or 'unknown client'})"]
    out.append(f"    client: {_scalar(client_id(target, catalogue))}")
    var, note = _key_variable(target, catalogue)
    out.append(f"    api_key_env: {_scalar(var)}" + (f"  # {note}" if note else ""))
    # What the client's own files say stays there, commented here: declared again, every finding
    # on it would be reported twice (once per file). Uncomment a line to move the value here.
    copied: list[str] = []
    base = _plain(target.base_url)
    if base is not None:
        # not the URL itself: a broken one in a comment would still be found as a loose URL
        note = _where(target.base_url) or "its own file"
        copied.append(f"base_url: …  # the client's own, at {note}")
    models = [m for m in (_plain(v) for v in target.models) if m is not None]
    if len(models) == 1:
        copied.append(f"model: {_scalar(models[0])}")
    elif models:
        copied.append("models:")
        copied.extend(f"  - {_scalar(m)}" for m in models)
    params = {k: _plain(v) for k, v in target.parameters.items() if _plain(v) is not None}
    if params:
        copied.append("parameters:")
        copied.extend(f"  {_scalar(k)}: {_scalar(v)}" for k, v in params.items())
    features = [f for f in (_plain(v) for v in target.features) if f is not None]
    if features:
        copied.append("features:")
        copied.extend(f"  - {_scalar(f)}" for f in features)
    if copied:
        out.append(f"    # checked where it is written ({target.origin.path}); uncomment to declare it here instead:")
        out.extend(f"    # {line}" for line in copied)
    for field, hint in (("usage", "backend | interactive"), ("residency", "cn | intl | us | eu | jp | hk")):
        value = getattr(target, field)
        if value is not None and value.origin != Origin.DECLARED and _plain(value) is not None:
            out.append(f"    {field}: {_scalar(_plain(value))}")
        else:
            out.append(f"    # {field}: {hint}")
    declared = {f: _plain(getattr(target, f"key_{f}")) for f in ("region", "plan", "workspace")
                if getattr(target, f"key_{f}") is not None
                and getattr(target, f"key_{f}").origin != Origin.DECLARED}
    declared = {k: v for k, v in declared.items() if v is not None}
    if declared:
        out.append("    key:")
        out.extend(f"      {k}: {_scalar(v)}" for k, v in declared.items())
    else:
        out.extend([
            "    # key:                      # where the key was created: lets msv check key vs host",
            "    #   region: cn-beijing      # cn-beijing, ap-southeast-1, us-east-1, eu-central-1…",
            "    #   plan: payg              # payg, coding-plan or token-plan",
            "    #   workspace: llm-…        # only for workspace-dedicated domains",
        ])
    return out


EXAMPLE_TARGET = [
    "  # No client configuration was found; an example to adapt:",
    '  - name: "backend"',
    '    client: "openai-compatible"',
    '    base_url: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"',
    '    api_key_env: "DASHSCOPE_API_KEY"',
    '    model: "qwen-plus"',
    '    usage: "backend"',
    "    # key:",
    "    #   region: ap-southeast-1",
    "    #   plan: payg",
]


def unique_names(targets: Sequence["Target"]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for t in targets:
        base = t.name or "target"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return names


def starter_yaml(targets: Sequence["Target"], catalogue: "Catalogue | None" = None,
                 schema: str | None = None) -> str:
    """The starter file's text (pure: no I/O)."""
    lines = [
        f"# yaml-language-server: $schema={schema or schema_url()}",
        "# modelstudio.yaml: the Model Studio clients of this project, for `msv check`.",
        "# Written by `msv init` from the configurations msv found; review it, then fill in the",
        "# commented `key:`, `usage:` and `residency:` lines that only you know.",
        "# Never put a key here: `api_key_env` names the variable that holds it.",
        "version: 1",
        "targets:",
    ]
    if not targets:
        lines.extend(EXAMPLE_TARGET)
    for target, name in zip(targets, unique_names(targets)):
        lines.extend(_target_lines(target, name, catalogue))
    return "\n".join(lines) + "\n"


SETTINGS_TOML = """\
# msv settings (see `msv check --help`); command-line flags win over these.
# fail-on = "error"                  # lowest severity that makes `msv check` exit 1
# exclude = ["examples/", "tests/fixtures/"]
# ignore = []                        # rule names or codes, e.g. ["deprecated-endpoint"]
# key-region = "ap-southeast-1"      # where the API key was created
# key-plan = "payg"                  # payg, coding-plan or token-plan
# usage = "backend"                  # backend or interactive
# residency = "intl"                 # cn, intl, us, eu, jp or hk
"""


def config_targets(targets: Iterable["Target"]) -> list["Target"]:
    """Client configurations worth declaring: not loose literals, not an existing modelstudio.yaml."""
    out = []
    for t in targets:
        if str(t.kind) == "literal":
            continue
        if os.path.basename(t.origin.path) in OWN_FILES:
            continue
        out.append(t)
    return out


# --------------------------------------------------------------------------- command (I/O)


def _collect(paths: Sequence[str]) -> tuple[list["Target"], "Catalogue | None"]:
    from validator.api import build_options, load_catalogue
    from validator.sources import collect

    opts = build_options(list(paths))
    catalogue = load_catalogue(opts)
    return list(collect(list(paths), opts, catalogue).targets), catalogue


def _write_new(path: Path, text: str, force: bool) -> None:
    if os.path.lexists(path) and not force:
        raise UsageError(f"{path} already exists; use --force to overwrite it")
    from validator.outfile import OutputError, write_text

    try:
        write_text(path, text, what="a starter file")
    except OutputError as exc:
        raise UsageError(str(exc)) from None


@click.command("init")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("modelstudio.yaml"),
              show_default=True, help="Where to write the starter file.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option("--settings", "with_settings", is_flag=True,
              help="Also write a commented .msv.toml next to the output file.")
def init(paths: tuple[str, ...], output: Path, force: bool, with_settings: bool) -> None:
    """Write a starter modelstudio.yaml from the client configurations found in PATHS (default: .)."""
    paths = paths or (".",)
    for p in paths:
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")
    settings_path = output.parent / ".msv.toml"
    # Refuse before doing any work, and before writing either file.
    for path in [output] + ([settings_path] if with_settings else []):
        if os.path.lexists(path) and not force:
            raise UsageError(f"{path} already exists; use --force to overwrite it")
    from validator.catalogue.error import CatalogueError
    from validator.settings import SettingsError

    try:
        targets, catalogue = _collect(paths)
    except (SettingsError, CatalogueError) as exc:  # bad settings or catalogue extension: exit 2
        from validator.redact import redact_text

        raise UsageError(redact_text(str(exc)).splitlines()[0] if str(exc) else type(exc).__name__) from None
    chosen = config_targets(targets)
    _write_new(output, starter_yaml(chosen, catalogue), force)
    click.echo(f"msv: wrote {output} with {len(chosen)} target(s)", err=True)
    if with_settings:
        _write_new(settings_path, SETTINGS_TOML, force)
        click.echo(f"msv: wrote {settings_path}", err=True)
    raise click.exceptions.Exit(EXIT_OK)
