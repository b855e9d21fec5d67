"""Regular expressions compiled on first use, not at import.

Compiling a pattern costs ~0.25 ms; the readers hold dozens. ``msv check`` on one ``.env`` file
must not pay for the PowerShell grammar, so module-level patterns are :func:`lazy`.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any


class LazyPattern:
    """Stands in for a compiled pattern; compiles it the first time a method is used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: Any, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    def compiled(self) -> "re.Pattern[Any]":
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


def lazy(pattern: Any, flags: int = 0) -> Any:
    """A pattern object (typed ``Any`` so call sites read like ``re.Pattern``)."""
    return LazyPattern(pattern, flags)
