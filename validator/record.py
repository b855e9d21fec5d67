"""``@record``: the pipeline's dataclasses, without most of their import-time cost.

``@dataclass`` writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and, for
frozen classes, ``__setattr__``/``__delattr__``, and compiles each one when the class is
defined: ~0.4 ms per class on CPython 3.11–3.13. msv defines about fifty records on the way to
checking one file, so that was ~20 ms, a third of its start-up beyond Python itself.

``@record`` (mutable) and ``@record(frozen=True)`` give the same classes as ``@dataclass(slots=True)``
and ``@dataclass(frozen=True, slots=True)``: same fields and ``dataclasses`` metadata (``fields``,
``replace``, ``asdict`` work), same ``__init__`` signature, same ``repr``, equality, hashing,
immutability and pickling. Only ``__init__`` is still generated (once per class: it must be as
fast as a hand-written one, records are built by the hundred thousand on large trees); the other
methods are shared functions reading a per-class tuple of field names. What differs is
introspection of ``__dataclass_params__`` (``dataclass`` is called with those methods off).
``tests/engine/test_record.py`` compares every record with the ``@dataclass`` it replaces.

Supported: positional fields with ``default`` / ``default_factory``, ``field(repr=False)``,
``__post_init__`` (without ``InitVar``). Anything else should use ``@dataclass``.
"""

from __future__ import annotations

import _thread
import sys

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    import dataclasses
    from typing import Any, Callable, TypeVar

    T = TypeVar("T", bound=type)


# Modules whose records' ``__init__`` are generated ahead of time (:mod:`validator._record_inits`).
RECORD_MODULES = (
    "validator.model", "validator.catalogue.records", "validator.engine", "validator.selection", "validator.settings",
    "validator.notes",
    "validator.sources.base", "validator.sources", "validator.sources.walk", "validator.sources.refs",
    "validator.sources.link", "validator.sources.envgroup", "validator.sources.dotenv", "validator.sources.shell",
    "validator.rules.registry", "validator.rules._common", "validator.suppressions", "validator.parsing.tree",
    "validator.parsing.yaml", "validator.sources.pyast", "validator.sources.jslex", "validator.sources.sdkclient",
    "validator.limits", "validator.fix", "validator.rules._names",
)


# --------------------------------------------------------------------------- fields without dataclasses


class _Missing:
    """No default (``dataclasses.MISSING`` in the metadata ``dataclasses.fields`` sees)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """What :func:`field` returns: ``dataclasses.Field``'s parameters, without importing
    ``dataclasses``. That module imports ``inspect`` (and with it ``ast``, ``dis``,
    ``tokenize``): ~6-13 ms of a ~70 ms ``msv check .env``, for metadata no run reads. The real
    ``dataclasses.Field`` objects are made the first time anything asks for them
    (``dataclasses.fields``, ``asdict``, ``is_dataclass``: see :class:`_LazyMetadata`)."""

    __slots__ = ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare",
                 "metadata", "kw_only")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True,
                 repr: bool = True, hash: bool | None = None, compare: bool = True, metadata: Any = None,
                 kw_only: Any = MISSING) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name: str = ""
        self.type: Any = None
        self.default, self.default_factory, self.init, self.repr = default, default_factory, init, repr
        self.hash, self.compare, self.metadata, self.kw_only = hash, compare, metadata, kw_only

    def real(self) -> "dataclasses.Field[Any]":
        """The ``dataclasses.Field`` ``@dataclass`` would have made for this field."""
        import dataclasses

        def plain(value: Any) -> Any:
            return dataclasses.MISSING if value is MISSING else value

        out = dataclasses.field(default=plain(self.default), default_factory=plain(self.default_factory),
                                init=self.init, repr=self.repr, hash=self.hash, compare=self.compare,
                                metadata=self.metadata, kw_only=plain(self.kw_only))
        out.name, out.type, out._field_type = self.name, self.type, dataclasses._FIELD  # type: ignore[attr-defined]
        return out


def field(*, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True, repr: bool = True,
          hash: bool | None = None, compare: bool = True, metadata: Any = None, kw_only: Any = MISSING) -> Any:
    """``dataclasses.field`` for ``@record`` classes (use ``dataclasses.field`` with ``@dataclass``)."""
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _light(f: Any) -> Field:
    """A ``dataclasses.Field`` (a module that imported dataclasses anyway) as a :class:`Field`."""
    import dataclasses

    def light(value: Any) -> Any:
        return MISSING if value is dataclasses.MISSING else value

    out = Field(light(f.default), light(f.default_factory), f.init, f.repr, f.hash, f.compare,
                f.metadata or None, light(f.kw_only))
    out.name, out.type = f.name, f.type   # unset on a bare ``dataclasses.field()`` (the caller sets them)
    return out


class _LazyMetadata:
    """``__dataclass_fields__`` / ``__dataclass_params__`` of a record class, made on first access
    and then stored on the class in place of this descriptor (so ``dataclasses`` sees exactly what
    ``@dataclass(slots=True)`` writes, and only code that asks pays for importing it)."""

    __slots__ = ("fields", "attr", "owner")

    def __init__(self, fields: list[Field]) -> None:
        self.fields = fields
        self.attr, self.owner = "", None

    def __set_name__(self, owner: type, name: str) -> None:
        self.attr, self.owner = name, owner

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        value = self.build()
        setattr(self.owner, self.attr, value)
        return value

    def build(self) -> Any:
        import dataclasses

        if self.attr == "__dataclass_fields__":
            return {f.name: f.real() for f in self.fields}
        try:
            return dataclasses._DataclassParams(False, False, False, False, False, False,  # type: ignore[attr-defined]
                                                True, False, True, False)
        except TypeError:   # Python 3.10/3.11: six parameters
            return dataclasses._DataclassParams(False, False, False, False, False, False)  # type: ignore[attr-defined]


def replace(obj: Any, /, **changes: Any) -> Any:
    """``dataclasses.replace``: a copy of ``obj`` with ``changes`` (any dataclass; a record's
    without importing ``dataclasses``)."""
    names = getattr(type(obj), "__record_fields__", None)
    if names is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)
    kw = {name: getattr(obj, name) for name in names}
    kw.update(changes)   # an unknown name: __init__ raises the TypeError dataclasses.replace raises
    return type(obj)(**kw)


# --------------------------------------------------------------------------- shared methods


_RUNNING: set[tuple[int, int]] = set()   # (id(obj), thread) of reprs in progress: a cycle prints "..."


def _repr(self: Any) -> str:
    key = id(self), _thread.get_ident()
    if key in _RUNNING:
        return "..."
    _RUNNING.add(key)
    try:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    finally:
        _RUNNING.discard(key)
    return f"{self.__class__.__qualname__}({inner})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        get = self.__record_key__
        return get(self) == get(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    if name in self.__record_fields__:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)   # not a field: a slotted class has no room for it


def _frozen_delattr(self: Any, name: str) -> None:
    if name in self.__record_fields__:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in self.__record_fields__]


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(self.__record_fields__, state):
        object.__setattr__(self, name, value)   # the class may be frozen


def _tuple_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """``lambda o: (o.a, o.b, …)``, always a tuple (``dataclass`` compares tuples, even of one)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    from operator import attrgetter

    return attrgetter(*names)


# --------------------------------------------------------------------------- __init__


class _Factory:
    """Default of a parameter whose field has a ``default_factory`` (shows as ``<factory>``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init_source(fields: list[Field], frozen: bool, post_init: bool) -> str:
    """The text of the ``__init__`` ``dataclass`` would write (defaults and factories are named
    ``_d_NAME``/``_f_NAME``, bound by the caller)."""
    params, body = ["self"], []
    for f in fields:
        name = f.name
        if f.default_factory is not MISSING:
            params.append(f"{name}=_FACTORY")
            value = f"_f_{name}() if {name} is _FACTORY else {name}"
        elif f.default is not MISSING:
            params.append(f"{name}=_d_{name}")
            value = name
        else:
            params.append(name)
            value = name
        body.append(f"    _set(self, {name!r}, {value})" if frozen else f"    self.{name} = {value}")
    if post_init:
        body.append("    self.__post_init__()")
    return f"def __init__({', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"


def _init_key(fields: list[Field], frozen: bool, post_init: bool) -> str:
    """What :func:`_init_source` makes the text of, as a short key (the generated module's index):
    the field names, ``=d``/``=f`` for a default/factory, ``frozen``, ``+post_init``."""
    parts = [f.name + ("=f" if f.default_factory is not MISSING else "=d" if f.default is not MISSING else "")
             for f in fields]
    return ("frozen " if frozen else "") + " ".join(parts) + (" +post_init" if post_init else "")


def _init_env(fields: list[Field]) -> dict[str, Any]:
    env: dict[str, Any] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    for f in fields:
        if f.default_factory is not MISSING:
            env[f"_f_{f.name}"] = f.default_factory
        elif f.default is not MISSING:
            env[f"_d_{f.name}"] = f.default
    return env


def _make_init(cls: type, fields: list[Field], frozen: bool) -> Callable[..., None]:
    """The ``__init__`` ``dataclass`` would write. The functions of the pipeline's records are
    generated ahead of time (:mod:`validator._record_inits`, bytecode cached like any module);
    a shape not in there yet is compiled here (one small ``exec``)."""
    post_init = hasattr(cls, "__post_init__")
    env = _init_env(fields)
    try:
        from validator._record_inits import INITS
    except ImportError:  # pragma: no cover - the generated module is part of the package
        INITS = {}
    factory = INITS.get(_init_key(fields, frozen, post_init))
    if factory is not None:
        init = factory(*(env[name] for name in factory.__code__.co_varnames[:factory.__code__.co_argcount]))
    else:
        exec(_init_source(fields, frozen, post_init), env)  # noqa: S102 - our own text, built from field names
        init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}
    return init


def generated_inits(shapes: list[tuple[str, str]]) -> str:
    """The text of :mod:`validator._record_inits` for these ``(key, source)`` shapes
    (:func:`_init_key`, :func:`_init_source`); the module indexes the functions by key."""
    import re

    free_names = re.compile(r"\b_(?:FACTORY|set|[df]_\w+)\b")
    out = ['"""Generated by ``python -m validator.record``: the ``__init__`` of every @record shape, compiled',
           'ahead of time (a test checks this file is in sync). Do not edit."""', "", "# ruff: noqa", ""]
    names = []
    for i, (key, source) in enumerate(sorted(set(shapes))):
        names.append((f"_i{i}", key))
        free = sorted(set(free_names.findall(source)))
        out.append(f"def _i{i}({', '.join(free)}):")
        out.extend("    " + line for line in source.rstrip("\n").split("\n"))
        out.append("    return __init__")
        out.append("")
    out.append("")
    out.append("INITS = {")
    out.extend(f"    {key!r}: {name}," for name, key in names)
    out.append("}")
    return "\n".join(out) + "\n"


def _signature_text(cls: type, fields: list[Field]) -> str:
    """``str(inspect.signature(cls))`` without ``-> None``, written directly when every annotation
    is a string (``from __future__ import annotations``): ``inspect`` costs ~0.3 ms a class."""
    if not all(type(f.type) is str for f in fields):
        import inspect

        return str(inspect.signature(cls)).replace(" -> None", "")
    parts = []
    for f in fields:
        text = f"{f.name}: {f.type!r}"
        if f.default_factory is not MISSING:
            text += f" = {_FACTORY!r}"
        elif f.default is not MISSING:
            text += f" = {f.default!r}"
        parts.append(text)
    return f"({', '.join(parts)})"


# --------------------------------------------------------------------------- the decorator


def _fields(cls: type) -> list[Field] | None:
    """The fields ``dataclass`` would find, or ``None`` for a shape left to ``dataclass``
    (inherited fields, ``ClassVar``/``InitVar``/``KW_ONLY``, annotations that are not strings)."""
    if any("__dataclass_fields__" in vars(base) for base in cls.__mro__[1:]):
        return None
    out = []
    namespace = cls.__dict__
    real = sys.modules["dataclasses"].Field if "dataclasses" in sys.modules else None
    for name, typ in namespace.get("__annotations__", {}).items():
        if type(typ) is not str or "ClassVar" in typ or "InitVar" in typ or "KW_ONLY" in typ:
            return None
        default = namespace.get(name, MISSING)
        if type(default) is Field:
            f = default
        elif real is not None and isinstance(default, real):
            f = _light(default)
        else:
            f = Field(default)
        if f.default is not MISSING and f.default.__class__.__hash__ is None:
            return None   # a mutable default: let dataclass raise its error
        f.name, f.type = name, typ
        out.append(f)
    return out


def _slotted(cls: type, fields: list[Field]) -> type:
    """The class again, with ``__slots__`` and the ``dataclasses`` metadata (what
    ``dataclass(slots=True)`` does, without its per-field checks and generated methods)."""
    ns = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
    names = tuple(f.name for f in fields)
    for name in names:
        ns.pop(name, None)
    ns["__slots__"] = names
    ns["__qualname__"] = cls.__qualname__
    ns["__dataclass_fields__"] = _LazyMetadata(fields)
    ns["__match_args__"] = names
    ns["__dataclass_params__"] = _LazyMetadata(fields)
    return type(cls)(cls.__name__, cls.__bases__, ns)


def _build(cls: type, frozen: bool) -> type:
    unsupported = [k for k in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
                   if k in cls.__dict__]
    if unsupported:
        raise TypeError(f"@record {cls.__qualname__}: define {', '.join(unsupported)} with @dataclass instead")
    undocumented = not cls.__doc__
    fields = _fields(cls)
    if fields is not None:
        cls = _slotted(cls, fields)
    else:
        if undocumented:
            cls.__doc__ = "(set below)"   # else dataclass() asks inspect for a signature it cannot see yet
        import dataclasses

        cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, frozen=False, slots=True)
        fields = [_light(f) for f in dataclasses.fields(cls)]
    names, shown, compared, hashed = [], [], [], []
    for f in fields:
        if not f.init or f.kw_only is True:
            raise TypeError(f"@record {cls.__qualname__}: init=False and kw_only fields need @dataclass")
        names.append(f.name)
        if f.repr:
            shown.append(f.name)
        if f.compare:
            compared.append(f.name)
        if f.compare if f.hash is None else f.hash:
            hashed.append(f.name)
    cls.__record_fields__ = tuple(names)
    cls.__record_repr__ = tuple(shown)
    compared = tuple(compared)
    if tuple(hashed) != compared:
        raise TypeError(f"@record {cls.__qualname__}: fields hashed and compared differently need @dataclass")
    cls.__record_key__ = staticmethod(_tuple_getter(compared))
    cls.__init__ = _make_init(cls, fields, frozen)
    if undocumented:   # what @dataclass writes there: the signature (it saw no __init__ above)
        cls.__doc__ = cls.__name__ + _signature_text(cls, fields)
    cls.__repr__ = _repr
    cls.__eq__ = _eq
    if frozen:
        cls.__hash__ = _hash
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
        cls.__getstate__ = _getstate
        cls.__setstate__ = _setstate
    else:
        cls.__hash__ = None   # mutable and compared by value: unhashable, as with @dataclass
    return cls


def record(cls: T | None = None, /, *, frozen: bool = False) -> Any:
    """``@record`` ≡ ``@dataclass(slots=True)``; ``@record(frozen=True)`` ≡ ``@dataclass(frozen=True, slots=True)``."""
    if cls is None:
        return lambda c: _build(c, frozen)
    return _build(cls, frozen)


def _main() -> None:  # pragma: no cover - ``python -m validator.record``: regenerate the inits
    import importlib
    from pathlib import Path

    module = importlib.import_module("validator.record")   # not __main__: the one the records use
    made = module._make_init
    seen: list[tuple[str, str]] = []

    def recording(cls: type, fields: list[Field], frozen: bool) -> Callable[..., None]:
        post_init = hasattr(cls, "__post_init__")
        seen.append((module._init_key(fields, frozen, post_init), module._init_source(fields, frozen, post_init)))
        return made(cls, fields, frozen)

    module._make_init = recording
    for name in RECORD_MODULES:
        importlib.import_module(name)
    target = Path(module.__file__).with_name("_record_inits.py")
    target.write_text(generated_inits(seen), encoding="utf-8")
    print(f"wrote {target} ({len(set(seen))} shapes)")


if __name__ == "__main__":  # pragma: no cover
    _main()
