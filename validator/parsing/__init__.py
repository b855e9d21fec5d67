"""Format parsers that keep positions: YAML, JSON/JSONC and TOML to :class:`Node` trees.

Every parser raises only :class:`ParseError` for bad input, with a 1-based line and
column, and refuses hostile input (alias bombs, deep nesting) within bounded time and
memory. The heavy imports (PyYAML, tomllib) happen on first use, not on import, and each
parser module is imported only when its function is first asked for (``from validator.parsing
import parse_yaml`` does not load the JSONC and TOML scanners).
"""

from __future__ import annotations

from validator.imports import import_module
from validator.parsing.tree import Node, ParseError

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

    from validator.parsing.jsonc import parse_json
    from validator.parsing.toml import parse_toml
    from validator.parsing.yaml import parse_yaml

__all__ = ["Node", "ParseError", "parse_json", "parse_toml", "parse_yaml"]

_LAZY = {"parse_json": "validator.parsing.jsonc", "parse_toml": "validator.parsing.toml",
         "parse_yaml": "validator.parsing.yaml"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
