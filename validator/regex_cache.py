"""Compiled regular expressions kept between runs, beside msv's bytecode.

Why: ``re.compile`` parses and compiles a pattern in pure Python (``re._parser``,
``re._compiler``): 20–300 µs a pattern. A pre-commit run on 20 staged files compiled 24 of msv's
patterns and, through ``import yaml``, ten of PyYAML's (one a character class spanning all of
Unicode): ~13 % of the run (docs/architecture.md, "Start-up"). What ``re`` makes of a pattern is
the argument list of one C call, ``_sre.compile(pattern, flags, code, …)``, which builds the
pattern object in microseconds. This module records those arguments while ``re`` compiles
(:class:`_Recorder` stands in for ``_sre`` inside ``re``'s compiler for that one call) and keeps
them the way Python keeps bytecode: in the ``__pycache__`` folder of this module's bytecode (or
under ``PYTHONPYCACHEPREFIX``), written only where Python itself writes bytecode (not with
``PYTHONDONTWRITEBYTECODE`` / ``-B``), one file per interpreter (``sys.implementation.cache_tag``
and ``_sre.MAGIC`` in its name: the code format is CPython's and changes between versions).

* :func:`compile` is ``re.compile`` for the patterns written in msv's source
  (:func:`validator.lazyre.lazy`), never for one built from a repository's data, so the file
  stays small and bounded.
* :func:`import_with_patterns` imports a library (PyYAML) with the patterns it compiled at import
  in an earlier run already in ``re``'s own cache (``re._cache``, where its ``re.compile`` looks
  first, under the very key it asks with), and records the ones it compiles now.

An entry is only ever the recorded arguments of the call that built ``re``'s own answer, so a
pattern from the file is equal to the one ``re.compile`` returns (equality compares the flags,
the source and the compiled code; ``tests/engine/test_regex_cache.py`` checks every pattern msv
defines and PyYAML's). Where anything is not as expected (no ``_sre``, a ``re`` that compiles
by other calls, a missing, truncated or foreign file, a folder that cannot be written) this
falls back to plain ``re.compile`` and writes nothing. The file is as trusted as the bytecode
beside it: whoever can write one can write the other.
"""

from __future__ import annotations

import os
import re
import sys
from operator import index as _index

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

FORMAT = "msv-regex-1"
MAX_ENTRIES = 2000      # bounded by msv's source; a guard against a file grown by other means
MAX_PATTERN = 10_000    # characters: longer patterns are compiled, not kept

# (pattern, flags) -> the arguments of _sre.compile after the pattern. None: not loaded yet.
_entries: dict[tuple[Any, int], tuple[Any, ...]] | None = None
# package -> (its __version__, the keys of the patterns it compiles at import)
_libraries: dict[str, tuple[Any, tuple[tuple[Any, int], ...]]] = {}
_fresh = False          # an entry was added this run: the file is written at exit


def compile(pattern: Any, flags: int = 0) -> re.Pattern[Any]:  # noqa: A001 - re.compile's name, on purpose
    """``re.compile(pattern, flags)``, built from the file when it holds the pattern."""
    flags = int(flags)
    entries = _held()
    key = (pattern, flags)
    built = _rebuilt(entries, key)
    if built is not None:
        return built
    with _Recorder() as calls:
        compiled = re.compile(pattern, flags)
    for made, recorded in calls:
        if made is compiled and _room(pattern):   # none: re had it in its own cache already
            entries[key] = recorded
            _note_fresh()
            break
    return compiled


def import_with_patterns(package: str) -> ModuleType:
    """``import package``, with the patterns it compiled at import in an earlier run handed to
    it through ``re``'s cache, and those it compiles now recorded (under the key it asked with:
    its entry in ``re._cache``). Returns the module."""
    module = sys.modules.get(package)
    if module is not None:
        return module
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):   # not the re this knows: a plain import
        return __import__(package)
    entries = _held()
    known = _libraries.get(package, (None, ()))
    for key in known[1]:
        built = _rebuilt(entries, key)
        if built is not None:   # else the package compiles it itself
            cache[type(key[0]), key[0], key[1]] = built
    with _Recorder() as calls:
        module = __import__(package)
    made = {id(p): args for p, args in calls}   # the patterns stay alive in calls: ids are unique
    new = []
    for k, p in list(cache.items()):   # re's key: (type, pattern, flags as the package passed them)
        args = made.get(id(p))
        if args is not None and len(k) == 3 and type(k[2]) is int and _room(k[1]):
            entries[k[1], k[2]] = args
            new.append((k[1], k[2]))
    version = getattr(module, "__version__", None)
    if new or known[0] != version:
        keys = [] if known[0] != version else [k for k in known[1] if k in entries]
        _libraries[package] = (version, tuple(dict.fromkeys([*keys, *new])))
        _note_fresh()
    return module


def _held() -> dict[tuple[Any, int], tuple[Any, ...]]:
    """The entries, read from the file on first use."""
    return _entries if _entries is not None else _load()


def _rebuilt(entries: dict[tuple[Any, int], tuple[Any, ...]], key: tuple[Any, int]) -> re.Pattern[Any] | None:
    """The pattern entry ``key`` records, built by ``_sre``; ``None`` when there is none, or
    when ``_sre`` refuses it (the bad entry is dropped: the caller compiles as ``re`` would)."""
    args = entries.get(key)
    if args is None:
        return None
    try:
        return _sre().compile(key[0], *args)
    except Exception:  # noqa: BLE001 - a damaged entry is never an error, only a miss
        del entries[key]
        return None


class _Recorder:
    """While active, stands in for ``_sre`` in ``re``'s compiler module and records what each
    ``_sre.compile`` call was given and made. Where ``re`` is not built that way (no compiler
    module holding ``_sre``), it records nothing and nothing is cached."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, tuple[Any, ...]]] = []
        self._module = getattr(re, "_compiler", None) or sys.modules.get("sre_compile")
        real = _sre()
        # Another recorder active (a second thread): this one stays out of its way.
        self._real = real if getattr(self._module, "_sre", None) is real else None
        if self._real is not None:   # the compiler asks _sre for its case tables per character
            self.__dict__.update((k, v) for k, v in vars(real).items() if k != "compile" and k[:2] != "__")

    def __enter__(self) -> list[tuple[Any, tuple[Any, ...]]]:
        if self._real is not None and not sys.dont_write_bytecode:
            self._module._sre = self   # type: ignore[union-attr]
        return self.calls

    def __exit__(self, *exc: object) -> None:
        if self._real is not None:
            self._module._sre = self._real   # type: ignore[union-attr]  # always the real module again

    def __getattr__(self, name: str) -> Any:   # MAXREPEAT, CODESIZE…: the real module's
        return getattr(self._real, name)

    def compile(self, pattern: Any, *args: Any) -> Any:  # noqa: A003 - _sre's name
        made = self._real.compile(pattern, *args)   # type: ignore[union-attr]
        try:
            kept = tuple(_plain(a) for a in args)
        except TypeError:   # an argument of a kind this does not know: not recorded
            return made
        self.calls.append((made, kept))
        return made


def _plain(value: Any) -> Any:
    """An argument of ``_sre.compile`` as plain data ``marshal`` writes (``re``'s opcodes are
    ``int`` subclasses)."""
    if isinstance(value, bool) or value is None or type(value) in (str, bytes):
        return value
    if isinstance(value, int):
        return int(value)
    if type(value) is list:   # the code: one C pass (index() refuses anything but integers)
        try:
            return list(map(_index, value))
        except TypeError:
            return [_plain(v) for v in value]
    if isinstance(value, (list, tuple)):
        items = [_plain(v) for v in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    raise TypeError(type(value).__name__)


def _room(pattern: Any) -> bool:
    return (_entries is not None and len(_entries) < MAX_ENTRIES and isinstance(pattern, (str, bytes))
            and len(pattern) <= MAX_PATTERN)


def _sre() -> Any:
    import _sre

    return _sre


def cache_file() -> str | None:
    """Where the file lives for this interpreter: beside this module's bytecode."""
    cached = globals().get("__cached__")
    tag = getattr(sys.implementation, "cache_tag", None)
    magic = getattr(_sre(), "MAGIC", None)
    if not cached or not tag or magic is None:
        return None
    return os.path.join(os.path.dirname(cached), f"msv-regex.{tag}-{magic}.marshal")


def _header() -> tuple[Any, ...]:
    sre = _sre()
    return (FORMAT, sys.hexversion, getattr(sre, "MAGIC", None), getattr(sre, "CODESIZE", None))


def _load() -> dict[tuple[Any, int], tuple[Any, ...]]:
    """The entries of the file (empty when there is none or it is not this interpreter's)."""
    global _entries
    _entries = {}
    path = cache_file()
    if path is None:
        return _entries
    import marshal

    try:
        with open(path, "rb") as fh:
            held = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        return _entries
    if isinstance(held, tuple) and len(held) == 3 and held[0] == _header() and isinstance(held[1], dict) \
            and len(held[1]) <= MAX_ENTRIES and isinstance(held[2], dict):
        _entries = held[1]
        _libraries.clear()
        _libraries.update(held[2])
    return _entries


def _note_fresh() -> None:
    global _fresh
    if not _fresh and not sys.dont_write_bytecode:
        _fresh = True
        import atexit

        atexit.register(save)


def save() -> bool:
    """Write the file (all entries, this run's included) in one step; ``False`` when it was not
    written (nothing new, bytecode not written here, or the folder is not writable)."""
    global _fresh
    path = cache_file()
    if not _fresh or _entries is None or path is None or sys.dont_write_bytecode:
        return False
    _fresh = False
    import marshal

    try:
        data = marshal.dumps((_header(), _entries, _libraries))
    except ValueError:   # an object marshal cannot write: keep nothing
        return False
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with open(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True
