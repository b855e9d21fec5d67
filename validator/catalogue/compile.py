"""Validate catalogue YAML and compile it into the plain data the index reads.

Two callers:

* ``python -m validator.catalogue.compile`` validates the bundled ``data/*.yaml`` and writes
  ``compiled.json`` (``--check`` only compares), and the same data as ``compiled.marshal``
  (see :func:`marshalled`). The runtime then loads that and never imports pydantic or parses
  YAML for the bundled catalogue: start-up stays in milliseconds.
* :func:`extend` merges user extension files (``--catalogue FILE``) over already-compiled data,
  validated by the very same models and cross-checks.

Every problem becomes a :class:`CatalogueError` whose message names the file and line: pydantic
error locations are walked back through the position-keeping YAML tree of
:mod:`validator.parsing`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

from validator.catalogue.error import CatalogueError
from validator.parsing import Node, ParseError, parse_yaml

DATA_DIR = Path(__file__).with_name("data")
COMPILED = Path(__file__).with_name("compiled.json")
COMPILED_MARSHAL = Path(__file__).with_name("compiled.marshal")
MARSHAL_FORMAT = "msv-catalogue-1"
BUNDLED_FILES = (
    "meta.yaml", "regions.yaml", "hosts.yaml", "protocols.yaml", "plans.yaml", "models.yaml",
    "parameters.yaml", "features.yaml", "errors.yaml", "clients.yaml", "probes.yaml",
)
MAX_FILE_BYTES = 5 * 1024 * 1024

# section -> how an entry is identified (for duplicates and overrides)
KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("id",), "scopes": ("id",), "regions": ("id",), "hosts": ("id",), "typos": ("host",),
    "foreign": ("host",), "protocols": ("id",), "paths": ("path",), "plans": ("id",),
    "key_shapes": ("id",), "placeholders": ("pattern",), "masked": ("pattern",), "mismatches": ("id",),
    "capabilities": ("id",), "families": ("id",), "models": ("name",), "plan_lists": (),
    "parameters": ("protocol", "name"), "features": ("id",), "shapes": ("protocol",), "errors": ("id",),
    "clients": ("id",), "probes": ("id",), "no_probe": ("family", "host"),
}
SECTIONS = tuple(KEYS)
# New entries of these ordered sections go in front: an extension is more specific than the bundle.
PREPEND = {"key_shapes", "placeholders"}

Origin = tuple[str, Node]  # (file as displayed, node of the entry)


# ----------------------------------------------------------------------------- reading one file


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _line_of(node: Node) -> tuple[int, int]:
    if node.key_line:
        return node.key_line, node.key_column
    return node.line, node.column


def _error_at(display: str, node: Node | None, message: str) -> CatalogueError:
    line, column = _line_of(node) if node is not None else (0, 0)
    return CatalogueError(message, display, line, column)


def _read_bytes(path: Path, display: str) -> bytes:
    """A trusted file's bytes: a regular file, its size checked before reading (a FIFO or
    ``/dev/zero`` named by mistake is refused, never read)."""
    import stat

    try:
        st = path.stat()
    except OSError as exc:
        raise CatalogueError(f"cannot read catalogue file: {exc.strerror or exc}", display) from None
    if not stat.S_ISREG(st.st_mode):
        raise CatalogueError("catalogue file is not a regular file", display)
    if st.st_size > MAX_FILE_BYTES:
        raise CatalogueError(f"catalogue file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", display)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CatalogueError(f"cannot read catalogue file: {exc.strerror or exc}", display) from None
    if len(data) > MAX_FILE_BYTES:
        raise CatalogueError(f"catalogue file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", display)
    return data


def _parse(path: Path, root: Path | None = None) -> tuple[str, Node | None]:
    """Read and parse one YAML file into its root node (``None`` for an empty file).

    ``root``: the file was named by a repository's settings (untrusted) and must be read
    through :func:`validator.trust.read_repo_file` (inside ``root``, regular, size-checked).
    """
    display = _display(path)
    if root is not None:
        from validator.trust import TrustError, read_repo_file

        try:
            data = read_repo_file(path, root, MAX_FILE_BYTES, display)
        except TrustError as exc:
            raise CatalogueError(str(exc).removeprefix(f"{display}: "), display) from None
    else:
        data = _read_bytes(path, display)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueError("catalogue file is not UTF-8 text", display, 1) from exc
    try:
        documents = parse_yaml(text)
    except ParseError as exc:
        raise CatalogueError(f"bad YAML: {exc.message}", display, exc.line, exc.column) from None
    documents = [d for d in documents if d.value is not None]
    if not documents:
        return display, None
    if len(documents) > 1:
        raise _error_at(display, documents[1], "a catalogue file holds one YAML document")
    root = documents[0]
    if not root.is_mapping:
        raise _error_at(display, root, "a catalogue file is a mapping of sections (regions:, hosts:, models:…)")
    return display, root


def _entry_label(root: Node, loc: tuple[Any, ...]) -> str:
    """``hosts[3]`` plus the entry's id when it has one: ``hosts[3] (dashscope-cn-beijing)``."""
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif isinstance(step, str):
            parts.append(("." if parts else "") + step)
    label = "".join(parts)
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        entry = root.get(loc[0], loc[1])
        if entry is not None and entry.is_mapping:
            for key in ("id", "name", "host", "path", "pattern"):
                ident = entry.get(key)
                if ident is not None and isinstance(ident.value, str):
                    return f"{label} ({ident.value})"
    return label


def _pydantic_error(display: str, root: Node, error: Any) -> CatalogueError:
    """Turn the first pydantic error into a positioned, one-line message."""
    from validator.schemas import catalogue as schema

    errors = error.errors(include_url=False)
    first = errors[0]
    loc = tuple(first.get("loc", ()))
    node, walked = root, 0
    for step in loc:
        child = node.get(step) if isinstance(step, (str, int)) and not isinstance(step, bool) else None
        if child is None:
            break
        node, walked = child, walked + 1
    kind = first.get("type", "")
    label = _entry_label(root, loc[:walked] if kind == "missing" else loc)
    if kind == "missing":
        field = loc[-1] if loc else "?"
        message = f"{label}: missing required field '{field}'"
    elif kind == "extra_forbidden":
        key = loc[-1] if loc else "?"
        message = f"{label.rsplit('.', 1)[0] if '.' in label else label}: unknown key '{key}'"
        model = _model_at(schema.CatalogueFile, loc[:-1])
        if model is not None:
            close = difflib.get_close_matches(str(key), list(model.model_fields), n=1, cutoff=0.6)
            if close:
                message += f" (did you mean '{close[0]}'?)"
    else:
        msg = str(first.get("msg", "invalid value"))
        msg = msg.removeprefix("Value error, ")
        message = f"{label}: {msg}" if label else msg
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return _error_at(display, node, message)


def _model_at(model: Any, loc: tuple[Any, ...]) -> Any:
    """The pydantic model class that sits at ``loc`` (to suggest a key for a typo)."""
    import typing

    current = model
    for step in loc:
        if isinstance(step, int):
            continue
        field = getattr(current, "model_fields", {}).get(step)
        if field is None:
            return None
        annotation = field.annotation
        for _ in range(3):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if hasattr(annotation, "model_fields") or not args:
                break
            annotation = args[-1] if typing.get_origin(annotation) is not dict else args[-1]
        current = annotation
    return current if hasattr(current, "model_fields") else None


def read_file(path: Path, repo_root: Path | None = None) -> tuple[str, Node | None, Any]:
    """Parse and validate one catalogue file: (display path, root node, ``CatalogueFile``).

    ``repo_root``: the file comes from a repository's settings (see :func:`_parse`)."""
    from pydantic import ValidationError

    from validator.schemas.catalogue import CatalogueFile

    display, root = _parse(path, repo_root)
    if repo_root is not None and root is not None:
        _untrusted_sections(display, root)
    if root is None:
        return display, None, CatalogueFile()
    try:
        model = CatalogueFile.model_validate(root.plain())
    except ValidationError as exc:
        raise _pydantic_error(display, root, exc) from None
    return display, root, model


def _untrusted_sections(display: str, root: Node) -> None:
    """Refuse what a repository's extension may not say (:mod:`validator.trust`), before any
    of its patterns is compiled by the schema's validators."""
    from validator.trust import TRUST_HINT, pattern_problem, section_problem

    for key, node in root.items():
        problem = section_problem(str(key)) if key != "meta" else (
            "section 'meta' sets the catalogue's version and date: only a trusted extension may set it")
        if problem:
            raise _error_at(display, node, f"{problem}")
        if not node.is_sequence:
            continue
        for entry in node.value:
            if not entry.is_mapping:
                continue
            for field in ("pattern", "patterns"):
                if key == "hosts" or entry.get(field) is None:
                    continue
                values = entry.get(field)
                items = values.value if values.is_sequence else [values]
                for item in items:
                    if isinstance(item.value, str):
                        bad = pattern_problem(item.value)
                        if bad:
                            raise _error_at(display, item, f"{key}: pattern {item.value!r}: {bad}; a repository's "
                                                           f"extension may give only literal text ({TRUST_HINT})")


def _mark_untrusted(display: str, part: dict[str, Any], base: dict[str, Any],
                    origins: dict[tuple[str, Any], Origin]) -> None:
    """Hosts from a repository's extension: new ones only, each marked with its file (the
    probe never sends a key to a marked host); replacing a bundled or trusted host is refused."""
    known = {h["id"] for h in base.get("hosts", [])}
    patterns = {h["pattern"] for h in base.get("hosts", [])}
    for entry in part.get("hosts", []):
        if entry["id"] in known or entry["pattern"] in patterns:
            origin = origins.get(("hosts", entry["id"]))
            raise _error_at(display, origin[1] if origin else None,
                            f"hosts '{entry['id']}': a repository's extension may add hosts, not replace "
                            f"one the catalogue already has ({entry['pattern']})")
        entry["untrusted"] = display


# ----------------------------------------------------------------------------- normalising


def _cited(entry: dict[str, Any], parent: dict[str, Any] | None = None) -> None:
    """Fill ``confidence: seed`` for seed sources; snapshots inherit their parent's citation."""
    from validator.schemas.catalogue import is_seed

    if entry.get("source") is None and parent is not None:
        entry["source"] = parent["source"]
        entry["confidence"] = parent["confidence"]
    if entry.get("confidence") is None and entry.get("source") and is_seed(entry["source"]):
        entry["confidence"] = "seed"
    for claim in entry.get("disputed", ()):
        if claim.get("confidence") is None:
            claim["confidence"] = "seed"


def _walk_cited(value: Any) -> None:
    if isinstance(value, dict):
        if "source" in value and isinstance(value.get("source"), str):
            _cited(value)
        for child in value.values():
            _walk_cited(child)
    elif isinstance(value, list):
        for child in value:
            _walk_cited(child)


def _optional(**fields: Any) -> dict[str, Any]:
    """Only the optional fields that are set: most entries have none, and compiled.json stays lean."""
    return {k: v for k, v in fields.items() if v}


def _drop_empty_field_sources(value: Any) -> None:
    if isinstance(value, dict):
        if value.get("field_sources") == {}:
            del value["field_sources"]
        for child in value.values():
            _drop_empty_field_sources(child)
    elif isinstance(value, list):
        for child in value:
            _drop_empty_field_sources(child)


def _expand_models(models: list[dict[str, Any]], nodes: list[Node | None]) -> Iterator[tuple[dict[str, Any], Node | None]]:
    """Flatten parents, aliases and snapshots into one entry per callable name."""
    fields = ("family", "scopes", "protocols", "plans", "capabilities")
    for model, node in zip(models, nodes):
        base = {k: model[k] for k in fields}
        cite = {"source": model["source"], "confidence": model["confidence"]}
        fsrc = model.get("field_sources") or {}
        since = model.get("since")
        dated = _optional(since=since, field_sources=fsrc)
        yield ({"name": model["name"], **base, "alias_of": None, "same_as": None, **cite,
                "notes": model["notes"], "disputed": model["disputed"], **dated}, node)
        for i, alias in enumerate(model["aliases"]):
            yield ({"name": alias, **base, "alias_of": model["name"], "same_as": model["name"], **cite,
                    "notes": [], "disputed": [], **dated},
                   node.get("aliases", i) if node else None)
        for j, snap in enumerate(model["snapshots"]):
            snode = node.get("snapshots", j) if node else None
            merged = {k: (snap[k] if snap.get(k) is not None else base[k]) for k in fields if k != "family"}
            # a parent's per-field source holds for the fields the snapshot inherits, not those it sets
            snap_fsrc = {**{k: v for k, v in fsrc.items() if snap.get(k) is None}, **(snap.get("field_sources") or {})}
            entry = {"name": snap["name"], "family": base["family"], **merged, "alias_of": model["name"],
                     "same_as": None, "source": snap["source"], "confidence": snap["confidence"],
                     "notes": snap["notes"], "disputed": snap["disputed"],
                     **_optional(since=snap.get("since") or since, field_sources=snap_fsrc)}
            _cited(entry, cite)
            yield entry, snode
            for k, alias in enumerate(snap["aliases"]):
                yield ({**entry, "name": alias, "same_as": snap["name"], "notes": [], "disputed": []},
                       snode.get("aliases", k) if snode else None)


def normalise(display: str, root: Node | None, model: Any) -> tuple[dict[str, Any], dict[tuple[str, Any], Origin]]:
    """A validated file as plain sections, plus where each entry was written."""
    data: dict[str, Any] = model.model_dump(mode="json")
    _walk_cited(data)
    _drop_empty_field_sources(data)
    out: dict[str, Any] = {"meta": data.get("meta")}
    origins: dict[tuple[str, Any], Origin] = {}
    for section in SECTIONS:
        entries = data.get(section) or []
        section_node = root.get(section) if root is not None else None
        nodes = [section_node.get(i) if section_node is not None else None for i in range(len(entries))]
        if section == "models":
            pairs = list(_expand_models(entries, nodes))
        else:
            pairs = list(zip(entries, nodes))
        out[section] = []
        seen: dict[Any, Node | None] = {}
        for entry, node in pairs:
            key = _key(section, entry)
            if key is not None and key in seen:
                first = seen[key]
                where = f" (first defined at {display}:{_line_of(first)[0]})" if first is not None else ""
                raise _error_at(display, node, f"duplicate {section[:-1] if section.endswith('s') else section} "
                                               f"{_show_key(key)}{where}")
            if key is not None:
                seen[key] = node
                if node is not None:
                    origins[(section, key)] = (display, node)
            out[section].append(entry)
    return out, origins


def _key(section: str, entry: dict[str, Any]) -> Any:
    fields = KEYS[section]
    if not fields:
        return None
    values = tuple(entry.get(f) for f in fields)
    return values[0] if len(values) == 1 else values


def _show_key(key: Any) -> str:
    if isinstance(key, tuple):
        return "'" + "/".join(str(k) for k in key if k is not None) + "'"
    return f"'{key}'"


# ----------------------------------------------------------------------------- merging


def _empty() -> dict[str, Any]:
    return {"meta": None, **{s: [] for s in SECTIONS}}


def merge(base: dict[str, Any], extra: dict[str, Any], *, override: bool, display: str = "",
          origins: dict[tuple[str, Any], Origin] | None = None) -> dict[str, Any]:
    """Merge ``extra`` into a copy of ``base``.

    Bundled files (``override=False``) may not define the same entry twice; an extension
    (``override=True``) replaces an entry with the same id as a whole and appends new ones
    (new key shapes and placeholders go first, so they are tried before the bundled ones).
    """
    merged = {"meta": dict(base["meta"]) if base.get("meta") else None}
    if extra.get("meta"):
        if merged["meta"] is not None and not override:
            raise CatalogueError("meta is defined twice", display)
        merged["meta"] = {**(merged["meta"] or {}), **extra["meta"]}
    for section in SECTIONS:
        entries = list(base.get(section, []))
        index = {_key(section, e): i for i, e in enumerate(entries) if _key(section, e) is not None}
        front: list[dict[str, Any]] = []
        for entry in extra.get(section, []):
            key = _key(section, entry)
            if key is not None and key in index:
                if not override:
                    origin = (origins or {}).get((section, key))
                    node = origin[1] if origin else None
                    raise _error_at(origin[0] if origin else display, node,
                                    f"duplicate {section.rstrip('s')} {_show_key(key)} (also defined in another catalogue file)")
                entries[index[key]] = entry
            elif section in PREPEND and override:
                front.append(entry)
            else:
                if key is not None:
                    index[key] = len(entries)
                entries.append(entry)
        merged[section] = front + entries
    return merged


# ----------------------------------------------------------------------------- cross-checks


class _Checker:
    """Dangling references, name collisions and the source index, reported at the entry's line."""

    def __init__(self, data: dict[str, Any], origins: dict[tuple[str, Any], Origin], *, check_sources: bool) -> None:
        self.data = data
        self.origins = origins
        self.check_sources = check_sources
        self.ids = {s: {_key(s, e) for e in data[s]} for s in SECTIONS}

    def fail(self, section: str, entry: dict[str, Any], field: tuple[Any, ...], message: str) -> CatalogueError:
        origin = self.origins.get((section, _key(section, entry)))
        if origin is None:
            return CatalogueError(f"{section} {_show_key(_key(section, entry))}: {message}")
        display, node = origin
        target = node.get(*field) if field else None
        return _error_at(display, target or node, f"{section} {_show_key(_key(section, entry))}: {message}")

    def need(self, section: str, entry: dict[str, Any], field: tuple[Any, ...], value: Any, target: str,
             extra: Iterable[Any] = ()) -> None:
        known = self.ids[target] | set(extra)
        if value not in known:
            close = difflib.get_close_matches(str(value), [str(k) for k in known if k is not None], n=1, cutoff=0.7)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise self.fail(section, entry, field, f"unknown {target.rstrip('s')} '{value}'{hint}")

    def run(self) -> None:
        d = self.data
        if d["meta"] is None:
            raise CatalogueError("the catalogue has no meta section (version, as_of)")
        for e in d["regions"]:
            for i, s in enumerate(e["scopes"]):
                self.need("regions", e, ("scopes", i), s, "scopes")
        self._unique_names("regions", lambda e: [e["id"], *e["aliases"]], "region id or alias")
        for e in d["hosts"]:
            self.need("hosts", e, ("region",), e["region"], "regions")
            self.need("hosts", e, ("plan",), e["plan"], "plans")
            for p in e["protocols"]:
                self.need("hosts", e, ("protocols", p), p, "protocols")
            if e["replacement"] is not None:
                self.need("hosts", e, ("replacement",), e["replacement"], "hosts")
        plans_with_hosts = {p["id"] for p in d["plans"] if p["hosts"]}
        for e in d["hosts"]:
            if e["plan"] not in plans_with_hosts:
                raise self.fail("hosts", e, ("plan",), f"plan '{e['plan']}' has no hosts of its own")
        self._unique_names("hosts", lambda e: [e["pattern"]], "host pattern")
        exact = {h["pattern"] for h in d["hosts"] if "{" not in h["pattern"]}
        for e in d["typos"]:
            if e["meant"] not in exact:
                raise self.fail("typos", e, ("meant",), f"'{e['meant']}' is not a catalogue host")
            if e["host"] in exact:
                raise self.fail("typos", e, ("host",), f"'{e['host']}' is a real catalogue host, not a typo")
        for e in d["paths"]:
            self.need("paths", e, ("protocol",), e["protocol"], "protocols")
            for i, m in enumerate(e["models"]):
                self.need("paths", e, ("models", i), m, "models")
        for e in d["key_shapes"]:
            for i, p in enumerate(e["plans"]):
                self.need("key_shapes", e, ("plans", i), p, "plans")
        meanings = {e["meaning"] for e in d["errors"]}
        for e in d["mismatches"]:
            self.need("mismatches", e, ("host_plan",), e["host_plan"], "plans", extra=("any", "other-plan"))
            if e["error"] not in meanings:
                raise self.fail("mismatches", e, ("error",), f"no error signature has the meaning '{e['error']}'")
        for e in d["models"]:
            self.need("models", e, ("family",), e["family"], "families")
            for field in ("scopes", "plans", "capabilities"):
                target = {"scopes": "scopes", "plans": "plans", "capabilities": "capabilities"}[field]
                for i, v in enumerate(e[field]):
                    self.need("models", e, (field, i), v, target)
        by_name = {m["name"]: m for m in d["models"]}
        for e in d["plan_lists"]:
            self.need("plan_lists", e, ("plan",), e["plan"], "plans")
            for i, m in enumerate(e["models"]):
                if m not in by_name:
                    raise self._list_fail("plan_lists", e, ("models", i), f"unknown model '{m}'")
                if e["plan"] not in by_name[m]["plans"]:
                    raise self._list_fail("plan_lists", e, ("models", i),
                                          f"model '{m}' does not list plan '{e['plan']}' in its plans")
        for e in d["parameters"]:
            for i, m in enumerate(e["models"] or ()):
                self.need("parameters", e, ("models", i), m, "models")
        for e in d["features"]:
            for r in e["regions"]:
                self.need("features", e, ("regions", r), r, "regions")
            for j, x in enumerate(e["extra"]):
                for r in x["regions"]:
                    self.need("features", e, ("extra", j, "regions", r), r, "regions")
        for e in d["errors"]:
            if e["protocol"] is not None:
                self.need("errors", e, ("protocol",), e["protocol"], "protocols")
        for e in d["clients"]:
            if e["protocol"] is not None:
                self.need("clients", e, ("protocol",), e["protocol"], "protocols")
        self._unique_names("clients", lambda e: [e["id"], *e["aliases"]], "client id or alias")
        for e in d["probes"]:
            self.need("probes", e, ("protocol",), e["protocol"], "protocols")
        for e in d["no_probe"]:
            if e["host"] is not None:
                self.need("no_probe", e, ("host",), e["host"], "hosts")
        if self.check_sources:
            self._sources()

    def _list_fail(self, section: str, entry: dict[str, Any], field: tuple[Any, ...], message: str) -> CatalogueError:
        # plan_lists have no id: find the entry's node by identity order.
        for display, node in self._plan_list_nodes():
            if node.get("plan") is not None and node.get("plan").value == entry["plan"] and \
                    [n.value for n in (node.get("models").value if node.get("models") else [])] == entry["models"]:
                return _error_at(display, node.get(*field) or node, f"plan_lists ({entry['plan']}): {message}")
        return CatalogueError(f"plan_lists ({entry['plan']}): {message}")

    def _plan_list_nodes(self) -> Iterator[Origin]:
        for (section, _), origin in self.origins.items():
            if section == "plan_lists#":
                yield origin

    def _unique_names(self, section: str, names: Any, what: str) -> None:
        seen: dict[str, dict[str, Any]] = {}
        for e in self.data[section]:
            for i, name in enumerate(names(e)):
                low = name.lower()
                if low in seen and seen[low] is not e:
                    field = ("aliases", i - 1) if i > 0 else ()
                    raise self.fail(section, e, field, f"{what} '{name}' is already used by "
                                                       f"{_show_key(_key(section, seen[low]))}")
                seen[low] = e

    def _sources(self) -> None:
        known = self.ids["sources"]
        for (section, key), (display, node) in self.origins.items():
            for src_node in _source_nodes(node):
                if isinstance(src_node.value, str) and src_node.value not in known:
                    raise _error_at(display, src_node,
                                    f"source '{src_node.value}' is not in the source index (meta.yaml sources)")


def _source_nodes(node: Node) -> Iterator[Node]:
    if node.is_mapping:
        for key, child in node.items():
            if key == "source":
                yield child
            else:
                yield from _source_nodes(child)
    elif node.is_sequence:
        for child in node.value:
            yield from _source_nodes(child)


# ----------------------------------------------------------------------------- entry points


def _read_all(paths: Iterable[Path], *, override: bool, base: dict[str, Any] | None = None,
              roots: dict[Path, Path] | None = None) -> tuple[dict[str, Any], dict[tuple[str, Any], Origin]]:
    data = base if base is not None else _empty()
    origins: dict[tuple[str, Any], Origin] = {}
    for path in paths:
        repo_root = (roots or {}).get(path)
        display, root, model = read_file(path, repo_root)
        part, part_origins = normalise(display, root, model)
        if repo_root is not None:
            _mark_untrusted(display, part, data, part_origins)
        if part.get("meta") and data.get("meta") and not override:
            raise _error_at(display, root.get("meta") if root else None, "meta is defined in two bundled files")
        data = merge(data, part, override=override, display=display, origins={**origins, **part_origins})
        origins.update(part_origins)
        if root is not None and root.get("plan_lists") is not None:
            for i, node in enumerate(root.get("plan_lists").value):
                origins[("plan_lists#", (display, i))] = (display, node)
    return data, origins


def build(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Validate the bundled YAML and return the compiled data (what ``compiled.json`` holds)."""
    paths = [data_dir / name for name in BUNDLED_FILES]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise CatalogueError("bundled catalogue file is missing", _display(missing[0]))
    data, origins = _read_all(paths, override=False)
    _Checker(data, origins, check_sources=True).run()
    return data


def extend(base: dict[str, Any], paths: Iterable[str | Path],
           untrusted: Iterable[tuple[str | Path, str | Path]] = ()) -> dict[str, Any]:
    """Merge extension files over compiled data, validated like the bundled files.

    ``paths`` are trusted (command line, API, user config); ``untrusted`` are (file, settings
    folder) pairs named by a repository's settings, read and restricted as
    :mod:`validator.trust` says, after the trusted ones."""
    trusted = [Path(p) for p in paths]
    repo = [(Path(p), Path(r)) for p, r in untrusted]
    data, origins = _read_all(trusted + [p for p, _ in repo], override=True, base=base,
                              roots={p: r for p, r in repo})
    _Checker(data, origins, check_sources=False).run()
    return data


def dumps(data: dict[str, Any]) -> str:
    """The canonical text of ``compiled.json`` (stable, diff-friendly)."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def marshalled(compiled: str) -> bytes:
    """``compiled.json``'s data as the runtime loads it (``validator.catalogue.index``):
    ``marshal`` reads it in ~1 ms where ``json`` takes ~2.5 ms with its import, a few percent
    of a pre-commit run. The tuple names the format and the JSON's size, so a copy left behind
    by an edit of ``compiled.json`` is noticed with one ``stat`` (the JSON is read instead)."""
    import marshal

    size = len(compiled.encode("utf-8"))
    return marshal.dumps((MARSHAL_FORMAT, size, _interned(json.loads(compiled))), 4)


def _interned(value: Any) -> Any:
    """``value`` with its short strings interned: marshal writes a repeated interned string once
    and refers back to it (ids, regions, confidences, protocols recur hundreds of times), so
    the file is ~12 % smaller and loads ~20 % faster; the data compares equal."""
    if isinstance(value, dict):
        return {k: _interned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_interned(v) for v in value]
    if isinstance(value, str) and len(value) <= 40:
        return sys.intern(value)
    return value


def marshal_is_current(compiled: str) -> bool:
    """Does ``compiled.marshal`` hold exactly ``compiled``'s data (compared as data: marshal's
    bytes may differ between Python versions)?"""
    import marshal

    try:
        held = marshal.loads(COMPILED_MARSHAL.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    return held == marshal.loads(marshalled(compiled))


def schema_path() -> Path:
    """Where the exported JSON Schema of a catalogue file lives (``schemas/catalogue.schema.json``)."""
    import validator.schemas

    return Path(validator.schemas.__file__).with_name("catalogue.schema.json")


def schema_text() -> str:
    from validator.schemas.catalogue import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m validator.catalogue.compile [--check]``: write (or verify) compiled.json and the schema."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    try:
        data = build()
    except CatalogueError as exc:
        print(f"catalogue: {exc}", file=sys.stderr)
        return 2
    compiled = dumps(data)
    # published beside compiled.json for `msv catalogue update` (same format as sha256sum prints)
    digest = hashlib.sha256(compiled.encode("utf-8")).hexdigest() + "  compiled.json\n"
    outputs = ((COMPILED, compiled), (COMPILED.with_name("compiled.json.sha256"), digest),
               (schema_path(), schema_text()))
    if check:
        stale = [p for p, text in outputs if (p.read_text(encoding="utf-8") if p.exists() else "") != text]
        if not marshal_is_current(compiled):
            stale.append(COMPILED_MARSHAL)
        for p in stale:
            print(f"{_display(p)} is out of date: run python -m validator.catalogue.compile", file=sys.stderr)
        if stale:
            return 1
        print(f"{_display(COMPILED)} is up to date ({len(data['models'])} models, {len(data['hosts'])} hosts)")
        return 0
    for p, text in outputs:
        p.write_text(text, encoding="utf-8")
    COMPILED_MARSHAL.write_bytes(marshalled(compiled))
    print(f"wrote {_display(COMPILED)} ({len(data['models'])} models, {len(data['hosts'])} hosts, "
          f"catalogue {data['meta']['version']} as of {data['meta']['as_of']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
