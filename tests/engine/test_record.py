"""``@record`` builds the same classes as ``@dataclass(slots=True[, frozen=True])``.

Every record class of the pipeline is compared with a twin made by ``dataclasses`` from the same
fields: signature, repr, equality, hashing, immutability, pickling, ``replace``, error messages.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle

import pytest

from validator.record import record

MODULES = [
    "validator.model", "validator.catalogue.records", "validator.engine", "validator.selection", "validator.settings",
    "validator.sources.base", "validator.sources", "validator.sources.walk", "validator.sources.refs",
    "validator.sources.link", "validator.sources.envgroup", "validator.sources.dotenv", "validator.sources.shell",
    "validator.rules.registry", "validator.rules._common", "validator.suppressions", "validator.parsing.tree",
    "validator.parsing.yaml", "validator.sources.pyast", "validator.sources.jslex", "validator.sources.sdkclient",
    "validator.limits", "validator.fix", "validator.rules._names",
]
# constructor arguments for classes whose __post_init__ reads them
SPECIAL = {"Linker": {"bindings": []}}


def records() -> list[type]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == name and "__record_fields__" in vars(value):
                found.append(value)
    return found


RECORDS = records()
FROZEN = {cls for cls in RECORDS if cls.__setattr__ is not object.__setattr__}


def test_the_pipeline_records_are_found() -> None:
    names = {cls.__qualname__ for cls in RECORDS}
    assert {"Location", "Value", "Target", "Finding", "Host", "Client", "Options", "Document", "Candidate"} <= names
    assert len(RECORDS) >= 45


def twin(cls: type) -> type:
    """The class ``@dataclass`` makes from the same fields (and methods, for __post_init__)."""
    fields = []
    for f in dataclasses.fields(cls):
        kw = {"repr": f.repr, "compare": f.compare, "hash": f.hash}
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        fields.append((f.name, f.type, dataclasses.field(**kw)))
    namespace = {k: v for k, v in vars(cls).items() if k == "__post_init__"}
    made = dataclasses.make_dataclass(cls.__name__, fields, frozen=cls in FROZEN, slots=True, namespace=namespace)
    made.__qualname__ = cls.__qualname__
    made.__module__ = cls.__module__
    return made


def args(cls: type, salt: str = "") -> dict:
    out = {}
    for i, f in enumerate(dataclasses.fields(cls)):
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            out[f.name] = SPECIAL.get(cls.__name__, {}).get(f.name, f"{f.name}{salt}{i}")
    return out


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__qualname__)
def test_same_as_dataclass(cls: type) -> None:
    other = twin(cls)
    assert [(f.name, f.type, f.default, f.default_factory, f.repr) for f in dataclasses.fields(cls)] == \
        [(f.name, f.type, f.default, f.default_factory, f.repr) for f in dataclasses.fields(other)]
    assert cls.__match_args__ == other.__match_args__
    assert cls.__slots__ == other.__slots__
    assert str(inspect.signature(cls)) == str(inspect.signature(other))
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
    if not vars(cls).get("__doc__") or vars(cls)["__doc__"].startswith(cls.__name__ + "("):
        assert cls.__doc__ == other.__doc__

    a, b, c = cls(**args(cls)), other(**args(cls)), cls(**args(cls, "x"))
    assert repr(a) == repr(b)
    assert a == cls(**args(cls)) and not (a != cls(**args(cls)))
    if args(cls) != args(cls, "x"):
        assert a != c
    assert a != b and (a == b) is False          # another class: NotImplemented both ways
    for f in dataclasses.fields(cls):            # default factories give each instance its own
        if f.default_factory is not dataclasses.MISSING:
            assert getattr(a, f.name) == getattr(b, f.name)
            assert getattr(a, f.name) is not getattr(cls(**args(cls)), f.name)

    if cls in FROZEN:
        try:
            expected = hash(b)
        except TypeError:   # a dict among the fields: unhashable with @dataclass too
            with pytest.raises(TypeError, match="unhashable"):
                hash(a)
        else:
            assert hash(a) == expected == hash(cls(**args(cls)))
        name = dataclasses.fields(cls)[0].name
        for obj in (a, b):
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
                setattr(obj, name, 1)
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{name}'"):
                delattr(obj, name)
    else:
        with pytest.raises(TypeError, match="unhashable"):
            hash(a)
        with pytest.raises(TypeError, match="unhashable"):
            hash(b)

    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.deepcopy(a) == a and copy.copy(a) == a
    first = dataclasses.fields(cls)[0].name
    value = SPECIAL.get(cls.__name__, {}).get(first, "other")
    changed = dataclasses.replace(a, **{first: value})
    assert getattr(changed, first) == value and type(changed) is cls
    assert dataclasses.asdict(a) == dataclasses.asdict(b)

    required = [n for n in args(cls)]
    if required:
        with pytest.raises(TypeError) as mine:
            cls()
        with pytest.raises(TypeError) as theirs:
            other()
        assert str(mine.value) == str(theirs.value)


def test_repr_of_a_cycle_is_dots_not_a_recursion_error() -> None:
    @record
    class Box:
        item: object = None

    box = Box()
    box.item = box
    assert repr(box) == "test_repr_of_a_cycle_is_dots_not_a_recursion_error.<locals>.Box(item=...)"


def test_unsupported_shapes_are_refused() -> None:
    with pytest.raises(TypeError, match="@dataclass"):
        @record
        class Custom:
            x: int = 0

            def __eq__(self, other: object) -> bool:
                return True

    with pytest.raises(TypeError, match="@dataclass"):
        @record
        class Hidden:
            x: int = dataclasses.field(default=0, init=False)


def test_the_generated_inits_are_in_sync_and_used() -> None:
    """``validator/_record_inits.py`` holds every record shape's ``__init__`` (regenerate with
    ``python -m validator.record``): no record of the pipeline compiles one at import."""
    import subprocess
    import sys
    from pathlib import Path

    import validator._record_inits as generated
    import validator.record as rec

    code = ("import validator.record as r, importlib, sys\n"
            "seen = []\nmade = r._make_init\n"
            "def spy(cls, fields, frozen):\n"
            "    post = hasattr(cls, '__post_init__')\n"
            "    seen.append((r._init_key(fields, frozen, post), r._init_source(fields, frozen, post)))\n"
            "    return made(cls, fields, frozen)\n"
            "r._make_init = spy\n"
            "for m in r.RECORD_MODULES: importlib.import_module(m)\n"
            "sys.stdout.write(r.generated_inits(seen))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout == Path(generated.__file__).read_text(encoding="utf-8"), "run: python -m validator.record"
    assert {m for m in MODULES} <= set(rec.RECORD_MODULES)
    for cls in RECORDS:
        assert cls.__init__.__code__.co_filename == generated.__file__, cls.__qualname__
