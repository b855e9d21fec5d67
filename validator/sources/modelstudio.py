"""``modelstudio.yaml`` / ``.modelstudio.yaml``: targets the user declares outright.

The format and its schema are in :mod:`validator.schemas.config` (pydantic, imported only
when such a file is found). Every field keeps its file:line:col; schema errors — unknown
fields, wrong types, a ``version`` other than 1 — become ``parse-error`` problems pointing at
the offending key, and the entries with errors yield no target (the rest still do).

``api_key_env`` names a variable; when it holds something key-shaped instead, the key is
recorded as the target's (literal) key with a note, so the credential rules report a
hard-coded key in a file meant to be committed rather than an empty variable name.
Declared context (``usage``, ``residency``, ``key:``) is :attr:`Origin.DECLARED`: it outranks
CLI flags for this target (the engine only fills what the file does not state).
"""

from __future__ import annotations

from validator.model import Location, Origin, Secret, Target, Value
from validator.vocab import PLANS, RESIDENCIES, USAGES

from .base import Document, Problem, ReadResult, parse
from .markers import looks_like_key
from .refs import is_env_name, parse_reference, reference_value, value_or_reference

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

NAMES = ("modelstudio.yaml", "modelstudio.yml", ".modelstudio.yaml", ".modelstudio.yml")


def _node_at(root, path: tuple) -> Any:
    node = root
    for step in path:
        nxt = node.get(step) if node is not None else None
        if nxt is None:
            return node, step
        node = nxt
    return node, None


def _error_loc(root, loc_path: tuple, doc: Document) -> Location:
    node, missing = _node_at(root, loc_path)
    if node is None:
        return doc.loc(1, 1)
    if missing is not None and isinstance(missing, str) and node.is_mapping:
        return Location(doc.display, node.line, node.column)
    if node.key_line:
        return Location(doc.display, node.key_line, node.key_column)
    return node.loc(doc.display)


def _message(err: dict) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return f"unknown field {loc!r} in modelstudio.yaml"
    if kind == "missing":
        return f"missing required field {loc!r}"
    ctx = err.get("ctx") or {}
    if kind in ("literal_error", "enum"):    # pydantic's "Input should be 1", in msv's words
        return f"{loc}: `{err.get('input')}` is not one of {ctx.get('expected', '')}".replace("'", "`")
    if kind.endswith("_type"):
        wanted = {"string_type": "a string", "list_type": "a list", "dict_type": "a mapping",
                  "int_type": "a whole number", "bool_type": "true or false"}.get(kind, kind.removesuffix("_type"))
        return f"{loc}: expected {wanted}, got `{err.get('input')!r}`"
    if kind == "string_pattern_mismatch":
        return f"{loc}: `{err.get('input')}` is not a valid id (lower-case letters, digits, `.`, `_` and `-`)"
    msg = str(err.get("msg", "invalid value"))
    return f"{loc}: {msg}" if loc else msg


def _text(node) -> str | None:
    if node is None or node.value is None:
        return None
    v = node.value
    return v if isinstance(v, str) else (node.raw if node.raw is not None else str(v))


def _value(node, doc: Document, *, origin: Origin = Origin.LITERAL) -> Value | None:
    if node is None or node.value is None:
        return None
    if origin is Origin.LITERAL and isinstance(node.value, str):
        return value_or_reference(node.value, node.loc(doc.display), node.raw)
    return Value(node.plain(), node.loc(doc.display), origin, None, node.raw)


def _key(node, doc: Document, t: Target) -> None:
    """``api_key_env``: a variable name (normal), a reference, or (a mistake) the key itself."""
    text = _text(node)
    if not text:
        return
    loc = node.loc(doc.display)
    if looks_like_key(text) or text.strip().lower().startswith(("sk-", "bearer ")):
        t.key = Value(Secret(text), loc, Origin.LITERAL, None, node.raw,
                      via="api_key_env holds a key value, not the name of a variable")
        t.settings["api_key_env"] = t.key
        t.notes.append("api_key_env must name the variable that holds the key (e.g. DASHSCOPE_API_KEY), "
                       "not the key itself")
        return
    name = text.strip()
    if is_env_name(name):
        t.key = Value(None, loc, Origin.VARIABLE, name, node.raw)
        t.key_variable = name
        return
    ref = parse_reference(name)
    if ref is not None:
        t.key = reference_value(ref, loc, node.raw)
        t.key_variable = ref.variable
        return
    t.key = Value(None, loc, Origin.VARIABLE, name, node.raw, via="api_key_env is not a valid variable name")
    t.notes.append(f"api_key_env {name!r} is not a valid environment variable name")


def target_from(node, doc: Document) -> Target:
    name = _text(node.get("name")) or "unnamed"
    client = _text(node.get("client")) or "openai-compatible"
    t = Target(name=name, client=client, origin=Location(doc.display, node.line, node.column), committed=doc.committed)
    client_node = node.get("client")
    if client_node is not None:
        t.settings["client"] = Value(client, client_node.loc(doc.display), Origin.DECLARED, None, client_node.raw)
    t.base_url = _value(node.get("base_url"), doc)
    _key(node.get("api_key_env"), doc, t)
    model = node.get("model")
    if model is not None and model.value is not None:
        v = _value(model, doc)
        if v is not None:
            t.models.append(v)
    models = node.get("models")
    if models is not None and models.is_sequence:
        for m in models.value:
            v = _value(m, doc)
            if v is not None:
                t.models.append(v)
    params = node.get("parameters")
    for pname, pnode in (params.items() if params is not None else []):
        if isinstance(pnode.value, str):
            t.parameters[pname] = value_or_reference(pnode.value, pnode.loc(doc.display), pnode.raw)
        else:
            t.parameters[pname] = Value(pnode.plain(), pnode.loc(doc.display), Origin.LITERAL, None, pnode.raw)
    features = node.get("features")
    if features is not None and features.is_sequence:
        for f in features.value:
            v = _value(f, doc)
            if v is not None:
                t.features.append(v)
    t.usage = _value(node.get("usage"), doc, origin=Origin.DECLARED)
    t.residency = _value(node.get("residency"), doc, origin=Origin.DECLARED)
    key = node.get("key")
    if key is not None and key.is_mapping:
        t.key_region = _value(key.get("region"), doc, origin=Origin.DECLARED)
        t.key_plan = _value(key.get("plan"), doc, origin=Origin.DECLARED)
        t.key_workspace = _value(key.get("workspace"), doc, origin=Origin.DECLARED)
    return t


# --------------------------------------------------------------------------- fast acceptance
#
# Validating with the pydantic model costs ~60 ms (pydantic's import, then building three
# models), more than the rest of a one-file ``msv check``. A file that is plainly valid (the
# common case) never needs it: ``_plainly_valid`` accepts only inputs the model certainly
# accepts — exact types, no coercion — and anything else, including everything it merely does
# not recognise, goes to pydantic, which also writes every error message. So it can make a
# check faster, never laxer; tests/sources/modelstudio/test_fast_accept.py checks it against the
# model (same fields, and nothing accepted here that the model rejects).

_TARGET_STR = frozenset({"base_url", "api_key_env", "model"})
_TARGET_FIELDS = frozenset({"name", "client", "models", "parameters", "features", "usage", "residency", "key",
                            *_TARGET_STR})
_USAGES = frozenset(USAGES)
_RESIDENCIES = frozenset(RESIDENCIES)
_PLANS = frozenset(PLANS)
_KEY_FIELDS = frozenset({"region", "plan", "workspace"})


def _client_id(value: Any) -> bool:
    """``^[a-z0-9][a-z0-9._-]*$``, the model's pattern, spelt out (no ``re`` needed)."""
    return (type(value) is str and value != "" and value[0] in "abcdefghijklmnopqrstuvwxyz0123456789"
            and all(ch in "abcdefghijklmnopqrstuvwxyz0123456789._-" for ch in value))


def _str_list(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _plain_target(t: Any) -> bool:
    if type(t) is not dict or not _TARGET_FIELDS.issuperset(t):
        return False
    name, client = t.get("name"), t.get("client")
    if type(name) is not str or name == "" or not _client_id(client):
        return False
    if any(t.get(k) is not None and type(t[k]) is not str for k in _TARGET_STR):
        return False
    if t.get("models") is not None and (not _str_list(t["models"]) or t.get("model") is not None):
        return False
    if "parameters" in t and (type(t["parameters"]) is not dict or any(type(k) is not str for k in t["parameters"])):
        return False
    if "features" in t and not _str_list(t["features"]):
        return False
    if t.get("usage") is not None and (type(t["usage"]) is not str or t["usage"] not in _USAGES):
        return False
    if t.get("residency") is not None and (type(t["residency"]) is not str or t["residency"] not in _RESIDENCIES):
        return False
    key = t.get("key")
    if key is not None:
        if type(key) is not dict or not _KEY_FIELDS.issuperset(key):
            return False
        if any(key.get(k) is not None and type(key[k]) is not str for k in ("region", "workspace")):
            return False
        if key.get("plan") is not None and (type(key["plan"]) is not str or key["plan"] not in _PLANS):
            return False
    return True


def _plainly_valid(data: Any) -> bool:
    """True only when :class:`validator.schemas.config.ModelStudioConfig` surely accepts ``data``."""
    if type(data) is not dict or not {"version", "targets"}.issuperset(data):
        return False
    if type(data.get("version")) is not int or data["version"] != 1:
        return False
    targets = data.get("targets", [])
    return type(targets) is list and all(_plain_target(t) for t in targets)


class ModelStudioReader:
    name = "modelstudio"
    always_read = True      # the file is msv's own: read it even without any Model Studio word in it

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return name in NAMES

    def relevant(self, text: str) -> bool:
        return True

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        documents, problem = parse(doc, "yaml", "invalid YAML")
        if problem is not None:
            result.problems.append(problem)
            return result
        if not documents or documents[0].value is None:
            return result
        root = documents[0]
        if not root.is_mapping:
            result.problems.append(Problem("parse-error", "modelstudio.yaml must be a mapping with version and "
                                           "targets", root.loc(doc.display)))
            return result
        bad_targets: set[int] = set()
        file_error = False
        data = root.plain()
        if not _plainly_valid(data):
            from pydantic import ValidationError

            from validator.schemas.config import ModelStudioConfig

            try:
                ModelStudioConfig.model_validate(data)
            except ValidationError as exc:
                for err in exc.errors():
                    path = tuple(err.get("loc", ()))
                    result.problems.append(Problem("parse-error", _message(err), _error_loc(root, path, doc)))
                    if len(path) >= 2 and path[0] == "targets" and isinstance(path[1], int):
                        bad_targets.add(path[1])
                    else:
                        file_error = True   # wrong version, targets not a list…: trust nothing in it
        targets = root.get("targets")
        if file_error or targets is None or not targets.is_sequence:
            return result
        for index, node in enumerate(targets.value):
            if index in bad_targets or not node.is_mapping:
                continue
            result.targets.append(target_from(node, doc))
        return result


READER = ModelStudioReader()
