"""Resolve variable references across files and the environment, the way each client would.

Readers leave every variable-backed field as a :class:`Value` naming its variable:

* a **reference** (``Origin.VARIABLE``): ``os.getenv("X")``, ``env_key = "X"``,
  ``os.environ/X``, ``${X}``… — the value is whatever definition of ``X`` the client sees;
* an **own definition** (``Origin.LITERAL`` with ``variable`` set): a ``.env`` line, an
  ``export``, a settings ``env`` entry — the value is written right there, but another
  definition of the same variable may beat it (a stale shell export shadowing ``.env`` is the
  classic 401).

For each such field the linker gathers the definitions (:class:`Binding`) *visible* from the
target's file and orders them by the client's documented precedence (catalogue
``Client.precedence``, strongest scope first). The winner becomes the field's value; the
losers are kept in ``Value.overridden`` and ``Value.via`` says why, so rules can report the
conflict naming the winner *for that client*.

Visibility (what a client started from the target's folder can possibly see):

* ``process`` bindings (the live environment; ``msv diagnose``) — everywhere;
* ``shell``, ``dotenv`` and ``template`` bindings — files in the target file's folder or one of
  its ancestors inside the checked tree (``scripts/env.sh`` is not assumed to be sourced by
  ``src/app.py``), and only files a client loads *together*: a shell script does not source its
  sibling scripts (``a-dev.sh`` and ``b-prod.sh`` are two configurations), and the dotenv files
  loaded together come from the client record (``Client.env_files``, strongest first; by default
  only files named ``.env``, so ``prod.env`` and ``.env.production`` are configurations of their
  own unless the client, like Next.js, layers ``.env.production`` over ``.env``);
* ``settings`` bindings — the target's own file and its ``.local`` layer
  (``settings.local.json`` over ``settings.json``);
* ``compose`` and ``actions`` bindings — private to their own service or job (those targets are
  built whole by their readers and are *closed*: only compose interpolation, i.e. the process
  environment and the ``.env`` next to the compose file, reaches into them).

Only definitions in a scope the client reads count (Claude Code reads no ``.env``; Codex reads
only the environment); visible definitions it does not read — and ``template`` bindings
(``.env.example``), which no client loads — are listed in ``overridden`` with a ``via`` saying
so when nothing else defines the variable ("set in .env, which Codex does not read").

Then client defaults fill what is still missing: the key from ``Client.key_vars``, the base URL
from ``Client.base_vars`` or ``Client.default_base_url`` (``Origin.DEFAULT``), models from
``Client.model_vars``, the protocol and the usage.
"""

from __future__ import annotations

import os

from validator.model import (
    ENVIRONMENT,
    Binding,
    Location,
    Origin,
    Secret,
    Target,
    Value,
)
from validator.notes import Note
from validator.record import field, record, replace

from .refs import is_env_name

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable, Sequence

    from validator.catalogue.index import Catalogue
    from validator.catalogue.records import Client

PRIVATE_SCOPES = frozenset({"compose", "actions"})
FOLDER_SCOPES = frozenset({"shell", "dotenv", "template"})
DEFAULT_PRECEDENCE = ("process", "shell", "settings", "dotenv", "compose", "actions")
DEFAULT_ENV_FILES = (".env",)               # python-dotenv's load_dotenv(): only files named .env
CLOSED_PRECEDENCE = ("process", "dotenv")   # compose interpolation: the shell, then the .env beside the file
MAX_CHAIN = 10

_SCOPE_WORDS = {
    "process": "the environment", "shell": "shell", "dotenv": ".env", "template": "template",
    "settings": "settings env", "compose": "compose", "actions": "Actions env",
}
_WHY = {
    ("process", "dotenv"): "load_dotenv() does not override variables already set",
    ("shell", "dotenv"): "load_dotenv() does not override variables already set",
    ("dotenv", "process"): "this client loads .env files over the environment",
    ("dotenv", "shell"): "this client loads .env files over the environment",
    ("settings", "process"): "the settings env block overrides the environment",
    ("settings", "shell"): "the settings env block overrides the shell",
    ("process", "settings"): "the environment beats the settings env block",
    ("shell", "settings"): "the shell beats the settings env block",
    ("dotenv", "settings"): ".env beats the settings env block",
}


@record
class Linker:
    """The bindings of one run, indexed for visibility and precedence questions."""

    bindings: Sequence[Binding]
    catalogue: "Catalogue | None" = None
    dirs: dict[str, str] = field(default_factory=dict)   # display path -> absolute folder
    closed: set[int] = field(default_factory=set)             # id() of closed targets
    use_environment: bool = False
    by_name: dict[str, list[Binding]] = field(default_factory=dict)
    own: dict[tuple[str, Location], Binding] = field(default_factory=dict)
    # indexes: visibility questions cost O(depth of the folder), not O(definitions of the name)
    _process: dict[str, list[Binding]] = field(default_factory=dict)
    _folder: dict[str, dict[str, list[Binding]]] = field(default_factory=dict)     # name -> folder -> bindings
    _settings: dict[str, dict[str, list[Binding]]] = field(default_factory=dict)
    _dirs: dict[str, str] = field(default_factory=dict)                            # display path -> folder
    _up: dict[str, list[str]] = field(default_factory=dict)                        # folder -> it and its parents
    _scope_of: dict[str, str] = field(default_factory=dict)                        # display path -> its scope

    def __post_init__(self) -> None:
        for path, d in self.dirs.items():
            self._dirs[path] = str(d)
        for b in self.bindings:
            self.by_name.setdefault(b.name, []).append(b)
            self.own.setdefault((b.name, b.loc), b)
            self._scope_of.setdefault(b.loc.path, b.scope)
            if b.scope == "process":
                self._process.setdefault(b.name, []).append(b)
            elif b.scope in FOLDER_SCOPES or b.scope == "settings":
                d = self._dir(b.loc.path)
                if d is not None:
                    index = self._folder if b.scope in FOLDER_SCOPES else self._settings
                    index.setdefault(b.name, {}).setdefault(d, []).append(b)

    # ------------------------------------------------------------------ visibility

    def _dir(self, path: str) -> str | None:
        if path.startswith("<"):
            return None
        d = self._dirs.get(path)
        if d is None:
            d = os.path.dirname(os.path.abspath(path))
            self._dirs[path] = d
        return d

    def _ancestors(self, folder: str) -> list[str]:
        up = self._up.get(folder)
        if up is None:
            up = [folder]
            while True:
                parent = os.path.dirname(up[-1])
                if parent == up[-1]:
                    break
                up.append(parent)
            self._up[folder] = up
        return up

    def together(self, b: Binding, home: str, env_files: Sequence[str] = DEFAULT_ENV_FILES) -> bool:
        """Is folder binding ``b`` loaded together with the configuration in ``home``?

        A launcher does not source its sibling launchers; dotenv files are layered only when the
        client's ``env_files`` lists both (a code file loads the dotenv files the client loads).
        """
        if b.loc.path == home or b.scope == "template":
            return True
        home_scope = self._scope_of.get(home)
        if b.scope == "shell":
            return home_scope != "shell"
        files = tuple(env_files) or DEFAULT_ENV_FILES
        if os.path.basename(b.loc.path) not in files:
            return False
        return home_scope not in ("dotenv", "template") or os.path.basename(home) in files

    def candidates(self, name: str, home: str, *, closed: bool = False,
                   env_files: Sequence[str] = DEFAULT_ENV_FILES) -> list[Binding]:
        """Definitions of ``name`` a client started from ``home``'s folder can see (see the module doc)."""
        out = list(self._process.get(name, ()))
        hdir = self._dir(home)
        if hdir is None:
            return out
        folders = self._folder.get(name)
        if closed:   # compose interpolation: the environment and the .env beside the file
            if folders:
                out.extend(b for b in folders.get(hdir, ()) if b.scope == "dotenv"
                           and os.path.basename(b.loc.path) == ".env")
            return out
        if folders:
            for d in self._ancestors(hdir):
                out.extend(b for b in folders.get(d, ()) if self.together(b, home, env_files))
        settings = self._settings.get(name)
        if settings:
            out.extend(b for b in settings.get(hdir, ()) if b.loc.path == home or _layered(b.loc.path, home))
        return out

    # ------------------------------------------------------------------ ranking

    def rank(self, b: Binding, home: str, precedence: Sequence[str],
             env_files: Sequence[str] = DEFAULT_ENV_FILES) -> tuple:
        scope = b.scope
        if scope in precedence:
            srank = precedence.index(scope)
        else:
            srank = len(precedence) + (1 if scope == "template" else 0)
        distance = 0
        bdir, hdir = self._dir(b.loc.path), self._dir(home)
        if bdir is not None and hdir is not None and bdir != hdir:
            up = self._ancestors(hdir)
            distance = up.index(bdir) if bdir in up else len(up)
        base = os.path.basename(b.loc.path)
        files = tuple(env_files) or DEFAULT_ENV_FILES
        layer = files.index(base) if b.scope == "dotenv" and base in files else len(files)
        local = 0 if ".local" in base else 1
        return (srank, distance, layer, local, b.loc.path, -b.loc.line, -b.loc.column)

    def order(self, found: Iterable[Binding], home: str, precedence: Sequence[str],
              keep: Binding | None = None, env_files: Sequence[str] = DEFAULT_ENV_FILES) -> list[Binding]:
        """The definitions the client reads (scope in its precedence, or ``keep``), strongest first."""
        return sorted((b for b in found if b.scope in precedence or b is keep),
                      key=lambda b: self.rank(b, home, precedence, env_files))

    def unread(self, found: Iterable[Binding], home: str, precedence: Sequence[str],
               keep: Binding | None = None) -> list[Binding]:
        """Visible definitions the client does *not* read (a .env for Claude Code, a template)."""
        return sorted((b for b in found if b.scope not in precedence and b is not keep),
                      key=lambda b: self.rank(b, home, precedence))

    # ------------------------------------------------------------------ references

    def follow(self, b: Binding, precedence: Sequence[str], closed: bool,
               seen: frozenset[tuple[str, Location]] = frozenset()) -> tuple[Binding, list[Binding]]:
        """The binding a chain of ``K=${OTHER}`` references ends at, and the chain itself."""
        chain = [b]
        current = b
        while current.reference and is_env_name(current.reference) and len(chain) <= MAX_CHAIN:
            key = (current.name, current.loc)
            if key in seen:
                break
            seen = seen | {key}
            order = CLOSED_PRECEDENCE if closed else precedence
            found = self.order(self.candidates(current.reference, current.loc.path, closed=closed), current.loc.path,
                               order)
            found = [f for f in found if (f.name, f.loc) not in seen and f is not current]
            if not found:
                break
            current = found[0]
            chain.append(current)
        return current, chain


def _split(display: str) -> tuple[str, str]:
    """(folder, name) of a display path, the folder as ``PurePath`` compares it (case-folded on
    Windows). Display paths are normalized, ``/``-separated (``walk.display_path``): splitting
    at the last ``/`` gives ``PurePath``'s ``parent`` and ``name`` without importing pathlib."""
    folder, _, name = display.rpartition("/")
    return os.path.normcase(folder), name


def _layered(a: str, b: str) -> bool:
    """``settings.local.json`` layers over ``settings.json`` in the same folder (and back)."""
    (fa, na), (fb, nb) = _split(a), _split(b)
    if fa != fb:
        return False
    return na.replace(".local", "") == nb.replace(".local", "") and na != nb


def _label(b: Binding) -> str:
    where = b.loc.path if b.loc.line <= 0 else f"{b.loc.path}:{b.loc.line}"
    return f"{_SCOPE_WORDS.get(b.scope, b.scope)} ({where})"


def _why(winner: Binding, loser: Binding, client: "Client | None") -> str:
    if winner.scope == loser.scope:
        if winner.loc.path == loser.loc.path:
            return "the later definition wins"
        (wf, wn), (lf, ln) = _split(winner.loc.path), _split(loser.loc.path)
        if ".local" in wn and ".local" not in ln:
            return "the .local file is layered on top"
        if winner.scope == "dotenv" and client is not None and client.env_files and wf == lf:
            return f"{client.name} loads {wn} over {ln}"
        return "the nearer file wins"
    reason = _WHY.get((winner.scope, loser.scope))
    name = client.name if client is not None else "the client"
    if reason:
        return f"{name}: {reason}"
    return f"{name} reads {' > '.join(client.precedence) if client else 'process > shell > .env'}"


def _as_value(b: Binding, *, secret: bool, via: str | None = None, origin: Origin = Origin.VARIABLE) -> Value:
    value = b.value
    if secret and isinstance(value, str):
        value = Secret(value)
    return Value(value, b.loc, origin, b.name, b.raw, via=via)


def _dedupe(values: Iterable[Value], exclude: Location | None) -> tuple[Value, ...]:
    seen: set[tuple] = set()
    out = []
    for v in values:
        key = (v.loc, v.variable)
        if v.loc == exclude or key in seen:
            continue
        seen.add(key)
        out.append(v)
    return tuple(out)


# --------------------------------------------------------------------------- fields


def resolve(v: Value | None, target: Target, lk: Linker, client: "Client | None", *,
            secret: bool = False) -> Value | None:
    """``v`` with its variable resolved for ``target`` (unchanged when there is nothing to do)."""
    if v is None or not is_env_name(v.variable) or v.origin not in (Origin.LITERAL, Origin.VARIABLE):
        return v
    name = v.variable
    assert name is not None
    home = target.origin.path
    closed = id(target) in lk.closed
    precedence = tuple(client.precedence) if client is not None else DEFAULT_PRECEDENCE
    files = _env_files(client)
    own = lk.own.get((name, v.loc)) if v.origin == Origin.LITERAL else None
    unread: list[Binding] = []
    if v.origin == Origin.LITERAL:
        if own is None:
            own = Binding(name, v.value, v.loc or target.origin, "settings", v.raw)
        if closed or own.scope in PRIVATE_SCOPES or own.scope == "template":
            found = [own]
        else:
            visible = lk.candidates(name, home, env_files=files)
            if not any(b.loc == own.loc for b in visible):
                visible.append(own)
            found = lk.order(visible, home, precedence, keep=own, env_files=files)
    else:
        order = CLOSED_PRECEDENCE if closed else precedence
        visible = lk.candidates(name, home, closed=closed, env_files=files)
        found = lk.order(visible, home, order, env_files=files)
        unread = lk.unread(visible, home, order)
    if not found:
        return _unresolved(v, name, lk, unread, client, secret=secret)
    winner, losers = found[0], found[1:]
    end, chain = lk.follow(winner, precedence, closed)
    notes: list[str] = []
    if losers:
        beaten = ", ".join(_label(b) for b in losers)
        notes.append(f"{_label(winner)} wins over {beaten}: {_why(winner, losers[0], client)}")
    if len(chain) > 1:
        steps = " → ".join(f"{b.name} ({b.loc.path}:{b.loc.line})" for b in chain)
        notes.append(f"followed {steps}")
        if end.reference and end.value is None:
            notes.append(f"{end.reference} is not defined in the checked files"
                         + (" or the environment" if lk.use_environment else ""))
    lost = _dedupe(list(v.overridden) + [_as_value(b, secret=secret, via=_label(b)) for b in losers], end.loc)
    if end is own and not losers and len(chain) == 1:
        if own.reference and own.value is None and is_env_name(own.reference):
            # ``KEY: ${KEY}`` in compose (or ``K=${X}`` in .env) and X defined nowhere visible
            return _unresolved(Value(None, v.loc, Origin.VARIABLE, own.reference, v.raw, v.overridden,
                                     None, v.fallback), own.reference, lk, client=client, secret=secret)
        return v if not secret else _secret_value(v)
    origin = Origin.LITERAL if (end is own or end.loc == v.loc) else Origin.VARIABLE
    value = end.value
    if secret and isinstance(value, str):
        value = Secret(value)
    if value is None and len(chain) > 1 and chain[0].value is not None:
        value = chain[0].value   # unresolved beyond the file: keep what the file itself gave
    via = "; ".join(notes) if notes else (v.via if v.origin == Origin.LITERAL else f"{name} defined in {_label(end)}")
    return Value(value, end.loc, origin, end.name if len(chain) > 1 else name, end.raw, lost, via, v.fallback)


def _unresolved(v: Value, name: str, lk: Linker, unread: Sequence[Binding] = (), client: "Client | None" = None,
                *, secret: bool = False) -> Value:
    """No definition the client reads: the reference's default, or nothing (saying why)."""
    where = "the checked files" + (" or the environment" if lk.use_environment else "")
    lost = tuple(v.overridden) + tuple(_as_value(b, secret=secret, via=f"{_label(b)}: not read by "
                                                 f"{client.name if client else 'this client'}") for b in unread)
    why = ""
    if unread:
        reader = client.name if client is not None else "this client"
        places = ", ".join(_label(b) for b in unread)
        why = f" ({name} is set in {places}, which {reader} does not read)"
    if v.fallback is not None:
        fb = v.fallback
        return Value(fb.value, fb.loc or v.loc, Origin.LITERAL, name, fb.raw, lost,
                     f"{name} is not defined in {where}{why}; the default in the reference applies", v.fallback)
    if v.via and not unread:
        return v
    return replace(v, overridden=lost, via=f"{name} is not defined in {where}{why}")


def _secret_value(v: Value) -> Value:
    if isinstance(v.value, str):
        return replace(v, value=Secret(v.value))
    return v


def _lookup(names: Sequence[str], target: Target, lk: Linker,
            client: "Client") -> list[tuple[str, Binding, list[Binding]]]:
    """Definitions of each of ``names`` the client reads (winner first), skipping names with none."""
    out = []
    home = target.origin.path
    files = _env_files(client)
    for n in names:
        found = lk.order(lk.candidates(n, home, env_files=files), home, client.precedence, env_files=files)
        if found:
            out.append((n, found[0], found[1:]))
    return out


def _from_lookup(name: str, winner: Binding, losers: list[Binding], target: Target, lk: Linker,
                 client: "Client", *, secret: bool) -> Value:
    v = Value(None, target.origin, Origin.VARIABLE, name, None)   # read implicitly by the client
    return resolve(v, target, lk, client, secret=secret) or v


# --------------------------------------------------------------------------- defaults


def apply_defaults(t: Target, lk: Linker, client: "Client", *, explicit_key: bool = False) -> None:
    """Fill what the client reads by itself: variables it knows, then its documented defaults.

    ``explicit_key``: the configuration names its key variable itself (``api_key_env``,
    ``env_key``, ``envKey``, ``os.getenv("X")``), so the client's other key variables are not
    competitors (no "auth conflict" from them).
    """
    closed = id(t) in lk.closed
    if t.protocol is None and client.protocol:
        t.protocol = client.protocol
    if t.key is None and client.key_vars and not closed:
        found = _lookup(client.key_vars, t, lk, client)
        if found:
            name, winner, losers = found[0]
            t.key = _from_lookup(name, winner, losers, t, lk, client, secret=True)
            t.key_variable = name
            others = tuple(_as_value(w, secret=True, via=_label(w)) for _n, w, _l in found[1:])
            if others:
                t.key = replace(t.key, overridden=t.key.overridden + others,
                                via=f"{' and '.join(n for n, _w, _l in found)} are all set; {client.name} uses {name}")
    elif t.key is not None and not closed and not explicit_key and t.key.variable in client.key_vars:
        listed = {o.variable for o in t.key.overridden}
        rest = [n for n in client.key_vars if n != t.key.variable and n not in listed]
        found = _lookup(rest, t, lk, client)
        others = tuple(_as_value(w, secret=True, via=_label(w)) for _n, w, _l in found if w.value not in (None, ""))
        if others:
            names = [t.key.variable] + [n for n, _w, _l in found]
            t.key = replace(t.key, overridden=t.key.overridden + others,
                            via=(t.key.via + "; " if t.key.via else "")
                            + f"{' and '.join(str(n) for n in names)} are all set; {client.name} uses {t.key.variable}")
    if t.key is not None and t.key_variable is None and is_env_name(t.key.variable):
        t.key_variable = t.key.variable
    if t.base_url is None:
        found = _lookup(client.base_vars, t, lk, client) if not closed else []
        if found:
            name, winner, losers = found[0]
            t.base_url = _from_lookup(name, winner, losers, t, lk, client, secret=False)
        elif client.default_base_url:
            t.base_url = Value(client.default_base_url, None, Origin.DEFAULT,
                               via=f"{client.name} default: no base URL is configured")
    if not t.models and client.model_vars and not closed:
        for name, winner, losers in _lookup(client.model_vars, t, lk, client):
            t.models.append(_from_lookup(name, winner, losers, t, lk, client, secret=False))
    if t.usage is None and client.usage:
        t.usage = Value(client.usage, None, Origin.DEFAULT, via=f"{client.name} is an {client.usage} tool")


# --------------------------------------------------------------------------- entry point


def link(targets: Sequence[Target], bindings: Sequence[Binding], catalogue: "Catalogue | None", *,
         dirs: dict[str, str] | None = None, closed: set[int] | None = None,
         use_environment: bool = False) -> None:
    """Resolve every target's variables in place, then apply client defaults."""
    lk = Linker(bindings, catalogue, dict(dirs or {}), set(closed or ()), use_environment)
    holders = _key_holders(bindings)
    # a variable some code passes as the key explicitly is that code's, not a misplaced key
    read_by_code = {t.key.variable for t in targets if str(t.kind) == "code" and t.key is not None and t.key.variable}
    for t in targets:
        client = _client(catalogue, t.client)
        explicit_key = t.key is not None and t.key.origin == Origin.VARIABLE
        t.base_url = resolve(t.base_url, t, lk, client)
        t.key = resolve(t.key, t, lk, client, secret=True)
        t.models = [m for m in (resolve(m, t, lk, client) for m in t.models) if m is not None]
        for k, pv in list(t.parameters.items()):
            t.parameters[k] = resolve(pv, t, lk, client) or pv
        for k, sv in list(t.settings.items()):
            t.settings[k] = resolve(sv, t, lk, client, secret=isinstance(sv.value, Secret)) or sv
        _note_unread_key(t, lk, client)
        if client is not None:
            apply_defaults(t, lk, client, explicit_key=explicit_key)
        elif t.key is not None and t.key_variable is None and is_env_name(t.key.variable):
            t.key_variable = t.key.variable
        _note_key_elsewhere(t, lk, client, holders if str(t.kind) == "code" else
                            [h for h in holders if h not in read_by_code])


def _note_unread_key(t: Target, lk: Linker, client: "Client | None") -> None:
    """A key defined only where this client does not look (a ``.env`` for Codex, a template).

    Recorded as the reader-note ``unread-variable: NAME`` with the definition it is about, which
    is what the ``missing-key`` rule reports ("set in .env, which Codex does not read").
    """
    v = t.key
    if v is None or v.value is not None or not v.variable or client is None:
        return
    closed = id(t) in lk.closed
    order = CLOSED_PRECEDENCE if closed else tuple(client.precedence)
    home = t.origin.path
    for b in lk.unread(lk.candidates(v.variable, home, closed=closed, env_files=_env_files(client)), home, order):
        if b.value is None or b.scope == "template":
            continue
        note = Note("unread-variable", b.name)
        if note not in t.notes:
            t.notes.append(note)
        t.settings.setdefault(f"unread-variable:{b.name}", _as_value(b, secret=True, via=_label(b)))


def _env_files(client: "Client | None") -> tuple[str, ...]:
    """The dotenv files ``client`` loads together, strongest first (the record's, else ``.env``)."""
    files = getattr(client, "env_files", ()) if client is not None else ()
    return tuple(files) or DEFAULT_ENV_FILES


def _key_holders(bindings: Sequence[Binding]) -> list[str]:
    """Names of variables some definition gives a Model Studio key (``DASHSCOPE_API_KEY=sk-…``)."""
    from .markers import looks_like_key

    out: list[str] = []
    for b in bindings:
        if b.name not in out and b.scope != "template" and isinstance(b.value, Secret) \
                and looks_like_key(b.value.reveal(), modelstudio_only=True):
            out.append(b.name)
    return out


def _note_key_elsewhere(t: Target, lk: Linker, client: "Client | None", holders: Sequence[str]) -> None:
    """No key reaches a Model Studio target, but a variable it can see holds one.

    Two shapes, both the ``missing-key`` rule's ``key-elsewhere: NAME`` note: an
    OpenAI-compatible client configured by ``OPENAI_BASE_URL`` with the key only in
    ``DASHSCOPE_API_KEY`` (which it never reads); code that reads the key from a variable
    nothing defines (``os.getenv("QWEN_KEY")``) while ``DASHSCOPE_API_KEY`` holds one.
    """
    if not holders or str(t.kind) == "literal" or any(n.startswith(("unread-variable:", "key-elsewhere:"))
                                                      for n in t.notes):
        return
    key = t.key
    wanted = key.variable if key is not None else None
    if key is not None and (key.value is not None or key.origin is not Origin.VARIABLE or not is_env_name(wanted)
                            or lk.by_name.get(wanted or "") or lk.use_environment and wanted in os.environ):
        return
    base = t.base_url.value if t.base_url is not None else None
    if not isinstance(base, str) or lk.catalogue is None or not lk.catalogue.resolve(base).known:
        return
    reads = set(client.key_vars) if client is not None else set()
    home = t.origin.path
    for name in holders:
        if name == wanted or name in reads:
            continue
        seen = [b for b in lk.candidates(name, home) if isinstance(b.value, Secret)]
        if seen:
            n = Note("key-elsewhere", name)
            t.notes.append(n)
            t.settings.setdefault(n.setting, _as_value(seen[0], secret=True, via=_label(seen[0])))
            return


def _client(catalogue: "Catalogue | None", client_id: str) -> "Client | None":
    if catalogue is None:
        return None
    return catalogue.client(client_id)


__all__ = ["link", "Linker", "resolve", "apply_defaults", "ENVIRONMENT"]
