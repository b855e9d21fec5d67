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
import dataclasses
from dataclasses import MISSING, FrozenInstanceError
from typing import Any, Callable, TypeVar

T = TypeVar("T", bound=type)


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
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)   # not a field: a slotted class has no room for it


def _frozen_delattr(self: Any, name: str) -> None:
    if name in self.__record_fields__:
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


def _make_init(cls: type, fields: list[dataclasses.Field], frozen: bool) -> Callable[..., None]:
    """The ``__init__`` ``dataclass`` would write, compiled once (one small ``exec``)."""
    params, body = ["self"], []
    env: dict[str, Any] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    for f in fields:
        name = f.name
        if f.default_factory is not MISSING:
            env[f"_f_{name}"] = f.default_factory
            params.append(f"{name}=_FACTORY")
            value = f"_f_{name}() if {name} is _FACTORY else {name}"
        elif f.default is not MISSING:
            env[f"_d_{name}"] = f.default
            params.append(f"{name}=_d_{name}")
            value = name
        else:
            params.append(name)
            value = name
        body.append(f"    _set(self, {name!r}, {value})" if frozen else f"    self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, env)  # noqa: S102 - our own text, built from field names
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}
    return init


def _signature_text(cls: type, fields: list[dataclasses.Field]) -> str:
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


def _build(cls: type, frozen: bool) -> type:
    unsupported = [k for k in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
                   if k in cls.__dict__]
    if unsupported:
        raise TypeError(f"@record {cls.__qualname__}: define {', '.join(unsupported)} with @dataclass instead")
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = "(set below)"   # else dataclass() asks inspect for a signature it cannot see yet
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, frozen=False, slots=True)
    fields = list(dataclasses.fields(cls))
    if any(not f.init or f.kw_only is True for f in fields):
        raise TypeError(f"@record {cls.__qualname__}: init=False and kw_only fields need @dataclass")
    cls.__record_fields__ = tuple(f.name for f in fields)
    cls.__record_repr__ = tuple(f.name for f in fields if f.repr)
    compared = tuple(f.name for f in fields if f.compare)
    hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    if hashed != compared:
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
