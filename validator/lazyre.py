"""Regular expressions compiled on first use, not at import.

Compiling a pattern costs ~0.25 ms; the readers hold dozens. ``msv check`` on one ``.env`` file
must not pay for the PowerShell grammar, so module-level patterns are :func:`lazy`. A pattern
used is built from :mod:`validator.regex_cache` when an earlier run compiled it.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any


class LazyPattern:
    """Stands in for a compiled pattern; compiles it the first time a method is used.

    The first lookup of ``search``, ``match``… stores the compiled pattern's bound method in the
    instance's ``__dict__``, so later calls find it like any attribute: a reader's per-line loop
    pays no ``__getattr__`` (a 2 MiB ``.env`` made over a million such calls)."""

    def __init__(self, pattern: Any, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    def compiled(self) -> "re.Pattern[Any]":
        if self._compiled is None:
            from validator.regex_cache import compile

            self._compiled = compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:   # only for names not found: the pattern's
        if name.startswith("__"):
            raise AttributeError(name)   # copy/pickle probes: not the pattern's to answer
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value


def lazy(pattern: Any, flags: int = 0) -> Any:
    """A pattern object (typed ``Any`` so call sites read like ``re.Pattern``)."""
    return LazyPattern(pattern, flags)
