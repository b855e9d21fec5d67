"""Format parsers that keep positions: YAML, JSON/JSONC and TOML to :class:`Node` trees.

Every parser raises only :class:`ParseError` for bad input, with a 1-based line and
column, and refuses hostile input (alias bombs, deep nesting) within bounded time and
memory. The heavy imports (PyYAML, tomllib) happen on first use, not on import.
"""

from validator.parsing.jsonc import parse_json
from validator.parsing.toml import parse_toml
from validator.parsing.tree import Node, ParseError
from validator.parsing.yaml import parse_yaml

__all__ = ["Node", "ParseError", "parse_json", "parse_toml", "parse_yaml"]
