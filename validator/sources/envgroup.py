"""From a block of environment variables to targets: which client reads which variables.

A ``.env``, a shell script, a compose service, an Actions job and the process environment are
all just name → value bindings. Which *client* they configure is decided here, from the
catalogue's ``Client.base_vars``/``key_vars``/``model_vars`` (no variable list is repeated in
this module):

1. **Known clients.** Every library client (``usage`` unset) whose base or key variable is
   present is a candidate; a tool client (Claude Code, Qwen Code…) is a candidate only when the
   context hints at it (a launcher script that runs ``claude``, a ``.qwen/.env``), because the
   same ``ANTHROPIC_*`` or ``OPENAI_*`` variables are read by an SDK in an app and by a tool on a
   laptop. Candidates are taken greedily — hinted first, then the one reading most of the
   block's variables, then the one whose id matches the variables' prefix (``DASHSCOPE_`` →
   ``dashscope-sdk``), then catalogue order — skipping any whose variables are all explained
   already. Extra model variables of the same family (``ANTHROPIC_MODEL`` next to
   ``ANTHROPIC_BASE_URL``) join the chosen client's target.
2. **Home-grown names** (``LLM_BASE_URL``, ``BAILIAN_API_KEY``, ``DASHSCOPE_MODEL``…). A
   variable is anchored when its *value* is a Model Studio URL or a key, or its name carries a
   Model Studio word; variables are grouped by prefix (``LLM_BASE_URL`` + ``LLM_API_KEY`` +
   ``LLM_MODEL``), incomplete groups of the same block merge when their roles do not collide,
   and each anchored group becomes a target of client ``unknown``: URL, key and model rules
   still apply.

The generic ids of ``modelstudio.yaml`` (``openai-compatible``…) are never guessed here: they
describe what a *user declared*, not what a variable name implies.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import Binding, Origin, Secret, Target, TargetKind, Value
from validator.record import field, record

from .base import EnvBlock
from .markers import is_modelstudio_url, looks_like_key
from .refs import is_env_name, parse_reference, reference_value

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import Client

# Ids that name what a user declares in modelstudio.yaml, not a client a variable implies.
GENERIC_CLIENTS = frozenset({"openai-compatible", "anthropic-compatible", "dashscope", "unknown"})

_MS_NAME = lazy(r"DASHSCOPE|BAILIAN|QWEN|ALIYUN|ALIBABA|MODELSTUDIO|MODEL_STUDIO|TONGYI|MAAS|QWQ", re.I)

# Role of a home-grown variable by the end of its name (longest first). Workspace and region are
# context, kept in ``settings``.
_ROLE_SUFFIXES: tuple[tuple[str, str], ...] = tuple(sorted((
    ("API_BASE_URL", "base"), ("BASE_URL", "base"), ("API_BASE", "base"), ("BASEURL", "base"),
    ("API_URL", "base"), ("ENDPOINT", "base"), ("API_ENDPOINT", "base"), ("API_HOST", "base"),
    ("BASE", "base"), ("URL", "base"), ("HOST", "base"),
    ("API_KEY", "key"), ("APIKEY", "key"), ("KEY", "key"), ("AUTH_TOKEN", "key"), ("API_TOKEN", "key"),
    ("ACCESS_TOKEN", "key"), ("TOKEN", "key"), ("SECRET", "key"), ("SECRET_KEY", "key"),
    ("MODEL", "model"), ("MODEL_NAME", "model"), ("MODEL_ID", "model"), ("CHAT_MODEL", "model"),
    ("LLM_MODEL", "model"),
    ("WORKSPACE_ID", "workspace"), ("WORKSPACE", "workspace"), ("WORKSPACEID", "workspace"),
    ("REGION", "region"), ("REGION_ID", "region"),
), key=lambda item: -len(item[0])))


def role_of(name: str, value: object) -> tuple[str, str] | None:
    """(prefix, role) of a home-grown variable; the value's shape wins over the name."""
    upper = name.upper()
    prefix = role = None
    for suffix, r in _ROLE_SUFFIXES:
        if upper == suffix:
            prefix, role = "", r
            break
        if upper.endswith("_" + suffix):
            prefix, role = upper[: -len(suffix) - 1], r
            break
    text = value.reveal() if isinstance(value, Secret) else value
    if is_modelstudio_url(text):
        role = "base"
    elif looks_like_key(text):
        role = "key"
    if role is None:
        return None
    if prefix is None:
        prefix = upper.rsplit("_", 1)[0] if "_" in upper else ""
    return prefix, role


def _anchor(name: str, value: object) -> bool:
    """Does this variable tie the block to Model Studio by itself?"""
    text = value.reveal() if isinstance(value, Secret) else value
    return is_modelstudio_url(text) or looks_like_key(text, modelstudio_only=True) or bool(_MS_NAME.search(name))


# --------------------------------------------------------------------------- collapsing


@record
class Defined:
    """The winning binding of one name in a block, with the ones it replaced."""

    binding: Binding
    losers: list[Binding] = field(default_factory=list)   # earliest first (appending stays linear)


def collapse(block: EnvBlock) -> dict[str, Defined]:
    """name → last binding (later wins), earlier ones kept as losers, in first-seen order."""
    out: dict[str, Defined] = {}
    for b in block.bindings:
        d = out.get(b.name)
        if d is None:
            out[b.name] = Defined(b)
        else:
            d.losers.append(d.binding)
            d.binding = b
    return out


def binding_value(b: Binding, *, secret: bool = False) -> Value:
    """A target field read from binding ``b``: the value as defined, naming the variable.

    A binding that is a reference (``K=${OTHER}``) keeps the value its file gave it (None when
    unresolved); the linker follows ``Binding.reference`` across files.
    """
    value = b.value
    if value is None and b.reference is not None and not is_env_name(b.reference):
        ns = b.reference.split(".", 1)[0]
        return Value(None, b.loc, Origin.VARIABLE, b.reference, b.raw,
                     via=f"GitHub Actions {ns} store (not visible to a local check)")
    if value is None and b.reference is None and b.raw:
        ref = parse_reference(b.raw)
        if ref is not None and ref.namespace not in ("env", "env-context"):
            return reference_value(ref, b.loc, b.raw)          # ${{ secrets.X }}: set in CI, not here
        if "${{" in b.raw:
            return Value(None, b.loc, Origin.LITERAL, None, b.raw, via="dynamic: GitHub Actions expression")
    if secret and isinstance(value, str):
        value = Secret(value)
    return Value(value, b.loc, Origin.LITERAL, b.name, b.raw)


def _with_losers(v: Value, d: Defined, via: str | None, *, secret: bool = False) -> Value:
    if not d.losers:
        return v
    lost = tuple(binding_value(b, secret=secret) for b in reversed(d.losers))   # most recent loser first
    return Value(v.value, v.loc, v.origin, v.variable, v.raw, lost, via or "the last definition wins")


# --------------------------------------------------------------------------- choosing clients


def _family(names: Iterable[str]) -> str:
    firsts = {n.split("_", 1)[0] for n in names}
    return firsts.pop() if len(firsts) == 1 else ""


def choose_clients(names: set[str], clients: list["Client"], hints: tuple[str, ...]) -> list[tuple["Client", set[str]]]:
    """The clients a set of variable names configures (see the module docstring)."""
    candidates: list[tuple[tuple, "Client", set[str]]] = []
    for index, c in enumerate(clients):
        if c.id in GENERIC_CLIENTS:
            continue
        core = names & (set(c.base_vars) | set(c.key_vars))
        if not core:
            continue
        hinted = c.id in hints
        if c.usage is not None and not hinted:
            continue
        matched = core | (names & set(c.model_vars))
        prefix_match = c.id.split("-", 1)[0].upper() == _family(matched)
        order = (not hinted, hints.index(c.id) if hinted else 0, -len(matched), not prefix_match, index)
        candidates.append((order, c, matched))
    candidates.sort(key=lambda item: item[0])
    chosen: list[tuple["Client", set[str]]] = []
    explained: set[str] = set()
    for _order, c, matched in candidates:
        if matched <= explained:
            continue
        chosen.append((c, matched))
        explained |= matched
    return chosen


def _first_present(order: Iterable[str], defined: dict[str, Defined]) -> list[str]:
    return [n for n in order if n in defined]


def _where(display: str, block: EnvBlock) -> str:
    return f"{display} {block.label}" if block.label else display


def client_target(c: "Client", matched: set[str], defined: dict[str, Defined], block: EnvBlock,
                  display: str, extra_models: list[str], committed: bool | None, kind: TargetKind) -> Target:
    via_dup = block.override_via
    t = Target(name=f"{c.id} @ {_where(display, block)}", client=c.id, origin=block.origin, kind=kind,
               protocol=c.protocol, committed=committed)
    bases = _first_present(c.base_vars, defined)
    if bases:
        d = defined[bases[0]]
        v = _with_losers(binding_value(d.binding), d, via_dup)
        others = tuple(binding_value(defined[n].binding) for n in bases[1:])
        if others:
            v = Value(v.value, v.loc, v.origin, v.variable, v.raw, v.overridden + others,
                      f"{c.name} reads {bases[0]} before {', '.join(bases[1:])}")
        t.base_url = v
    keys = _first_present(c.key_vars, defined)
    if keys:
        d = defined[keys[0]]
        v = _with_losers(binding_value(d.binding, secret=True), d, via_dup, secret=True)
        others = tuple(binding_value(defined[n].binding, secret=True) for n in keys[1:])
        if others:
            v = Value(v.value, v.loc, v.origin, v.variable, v.raw, v.overridden + others,
                      f"{' and '.join(keys)} are all set; {c.name} uses {keys[0]}")
        t.key = v
        t.key_variable = keys[0]
    for name in _first_present(c.model_vars, defined) + extra_models:
        d = defined[name]
        t.models.append(_with_losers(binding_value(d.binding), d, via_dup))
    return t


# --------------------------------------------------------------------------- home-grown groups


@record
class _Group:
    prefix: str
    roles: dict[str, list[str]] = field(default_factory=dict)   # role -> names
    anchored: bool = False
    first: int = 0

    def has(self, role: str) -> bool:
        return bool(self.roles.get(role))

    def absorb(self, other: "_Group") -> None:
        for role, names in other.roles.items():
            self.roles.setdefault(role, []).extend(names)
        self.anchored = self.anchored or other.anchored
        self.first = min(self.first, other.first)
        if other.prefix and other.prefix not in self.prefix.split("+"):
            self.prefix = f"{self.prefix}+{other.prefix}" if self.prefix else other.prefix


def home_grown_groups(defined: dict[str, Defined], claimed: set[str]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    claimed_roles: list[tuple[str, str, str]] = []
    for index, (name, d) in enumerate(defined.items()):
        pr = role_of(name, d.binding.value)
        if pr is None:
            continue
        prefix, role = pr
        if name in claimed:
            claimed_roles.append((prefix, role, name))
            continue
        g = groups.setdefault(prefix, _Group(prefix, first=index))
        g.roles.setdefault(role, []).append(name)
        g.anchored = g.anchored or _anchor(name, d.binding.value)
    for prefix, role, name in claimed_roles:      # DASHSCOPE_API_KEY joins DASHSCOPE_BASE_URL
        g = groups.get(prefix)
        if g is not None and g.anchored and not g.has(role):
            g.roles.setdefault(role, []).append(name)
    ordered = sorted(groups.values(), key=lambda g: g.first)
    anchored = [g for g in ordered if g.anchored]
    loose = [g for g in ordered if not g.anchored]
    merged: list[_Group] = []
    for g in anchored:       # BAILIAN_API_KEY + DASHSCOPE_MODEL: one app's settings, two prefixes
        for m in merged:
            if not any(m.has(r) and g.has(r) for r in ("base", "key", "model")):
                m.absorb(g)
                break
        else:
            merged.append(g)
    for g in loose:          # MODEL_NAME=qwen-plus joins the one group that lacks a model
        for role in list(g.roles):
            lacking = [m for m in merged if not m.has(role)]
            if len(lacking) == 1 and role in ("model", "workspace", "region"):
                lacking[0].roles.setdefault(role, []).extend(g.roles.pop(role))
    return merged


def unknown_target(g: _Group, defined: dict[str, Defined], block: EnvBlock, display: str,
                   committed: bool | None, kind: TargetKind) -> Target:
    label = f"{g.prefix.split('+')[0]}_*" if g.prefix else "unknown"
    t = Target(name=f"{label} @ {_where(display, block)}", client="unknown", origin=block.origin, kind=kind,
               committed=committed)
    via_dup = block.override_via
    for role, names in g.roles.items():
        names = sorted(names, key=lambda n: defined[n].binding.loc.line)
        if role == "base":
            d = defined[names[0]]
            v = _with_losers(binding_value(d.binding), d, via_dup)
            if len(names) > 1:
                v = Value(v.value, v.loc, v.origin, v.variable, v.raw,
                          v.overridden + tuple(binding_value(defined[n].binding) for n in names[1:]),
                          f"{', '.join(names)} all look like the base URL; which one the app reads is unknown")
            t.base_url = v
        elif role == "key":
            d = defined[names[0]]
            v = _with_losers(binding_value(d.binding, secret=True), d, via_dup, secret=True)
            if len(names) > 1:
                v = Value(v.value, v.loc, v.origin, v.variable, v.raw,
                          v.overridden + tuple(binding_value(defined[n].binding, secret=True) for n in names[1:]),
                          f"{', '.join(names)} all look like the key; which one the app reads is unknown")
            t.key = v
            t.key_variable = names[0]
        elif role == "model":
            for n in names:
                t.models.append(_with_losers(binding_value(defined[n].binding), defined[n], via_dup))
        else:
            for n in names:
                t.settings[n] = binding_value(defined[n].binding)
    return t


# --------------------------------------------------------------------------- entry point


def targets_from_block(block: EnvBlock, catalogue: "Catalogue", display: str, *,
                       committed: bool | None = None, kind: TargetKind = TargetKind.CONFIG) -> list[Target]:
    """The targets one block of variables configures (empty when nothing relates to Model Studio)."""
    defined = collapse(block)
    if not defined:
        return []
    from .clientfiles import launcher_clients

    clients = list(catalogue.clients())
    launch = launcher_clients(catalogue)   # a hint is a client id, or a command word a record names
    hints = tuple(dict.fromkeys([launch.get(h, h) for h in block.hints]
                                # every record launched by the word (``qwen``: both Qwen Code auths)
                                + [c.id for h in block.hints for c in clients if h in c.launchers]))
    chosen = choose_clients(set(defined), clients, hints)
    claimed: set[str] = set()
    targets: list[Target] = []
    for _client, matched in chosen:
        claimed |= matched
    for c, matched in chosen:
        family = _family(n for n in matched if n in set(c.base_vars) | set(c.key_vars))
        extra = [n for n in defined if n not in claimed and family and n.startswith(family + "_")
                 and (role_of(n, defined[n].binding.value) or ("", ""))[1] == "model"]
        claimed |= set(extra)
        targets.append(client_target(c, matched, defined, block, display, extra, committed, kind))
    for g in home_grown_groups(defined, claimed):
        targets.append(unknown_target(g, defined, block, display, committed, kind))
        claimed |= {n for names in g.roles.values() for n in names}
    _adopt_loose_models(targets, defined, claimed)
    _launched_tool_usage(targets, hints, clients)
    return targets


def _launched_tool_usage(targets: list[Target], hints: tuple[str, ...], clients: list["Client"]) -> None:
    """A launcher that runs an interactive tool (``exec claude``, ``npx @qwen-code/qwen-code``)
    sets that tool's environment: every target of the block has interactive usage, even when
    its variables are read under another client's name (``OPENAI_*`` for OpenCode, ``LLM_*``)."""
    tools = [c for c in clients if c.id in hints and c.usage == "interactive"]
    if not tools:
        return
    for t in targets:
        if t.usage is None:
            t.usage = Value("interactive", t.origin, Origin.DEFAULT,
                            via=f"the script starts {tools[0].name}, an interactive coding tool")


def _adopt_loose_models(targets: list[Target], defined: dict[str, Defined], claimed: set[str]) -> None:
    """``LLM_MODEL=qwen-plus`` next to ``OPENAI_*``: the model of the one target that can use it.

    It goes to the only target without a model that points at a Model Studio URL, or failing
    that to the only target without a model; when that is ambiguous it is left out.
    """
    loose = [n for n in defined if n not in claimed
             and (role_of(n, defined[n].binding.value) or ("", ""))[1] == "model"]
    if not loose:
        return
    lacking = [t for t in targets if not t.models]
    ms = [t for t in lacking if t.base_url is not None and is_modelstudio_url(t.base_url.text)]
    chosen = ms if len(ms) == 1 else lacking if len(lacking) == 1 else []
    if len(chosen) != 1:
        return
    for n in loose:
        d = defined[n]
        chosen[0].models.append(_with_losers(binding_value(d.binding), d, None))
