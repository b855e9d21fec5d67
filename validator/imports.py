"""``importlib.import_module`` without importing ``importlib``.

A hook run loads its readers, parsers and report format by name. The ``importlib`` package
imports ``warnings`` (together ~0.7 ms of a 20-file pre-commit run, docs/architecture.md); the
import statement's own machinery, ``__import__``, finds and loads the same module.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from types import ModuleType


def import_module(name: str, package: str | None = None) -> ModuleType:
    """The module ``name`` (relative to ``package`` when it starts with dots), imported if it
    is not yet: what ``importlib.import_module(name, package)`` returns."""
    if name.startswith("."):
        if not package:
            raise TypeError(f"the 'package' argument is required to perform a relative import for {name!r}")
        level = len(name) - len(name.lstrip("."))
        bits = package.rsplit(".", level - 1)
        if len(bits) < level:
            raise ImportError("attempted relative import beyond top-level package")
        rest = name[level:]
        name = f"{bits[0]}.{rest}" if rest else bits[0]
    __import__(name)
    return sys.modules[name]
