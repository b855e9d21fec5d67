"""YAML to :class:`Node` trees, with positions and hard limits.

PyYAML does the scanning and parsing (libyaml through ``CSafeLoader`` when present); this
module composes the parser's *event stream* itself instead of calling ``compose_all``.
Two reasons: PyYAML's composer (and its C twin) recurses once per nesting level, so a
deeply nested file can exhaust the stack before any limit applies; and aliases must be
counted as what they expand to, so a "billion laughs" file is refused after ``max_nodes``
nodes instead of eating memory. Composing iteratively from events keeps both bounded.

Scalars are resolved the way ``yaml.safe_load`` resolves them (YAML 1.1 implicit tags,
``SafeConstructor`` for int/float/bool/null). Anything else (timestamps, ``!!binary``,
application tags such as ``!Ref``) stays the string the user wrote: config readers want
text, and an unknown tag is no reason to reject a whole file. Keys are the key's source
text, so ``on:`` in a GitHub workflow is the key ``"on"``, not ``"True"``.
"""

from __future__ import annotations

import sys

from validator.lazyre import lazy
from validator.parsing.tree import LineIndex, Node, ParseError
from validator.record import field, record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

# YAML 1.1 line breaks, as PyYAML and libyaml count them (compiled for a text with a break
# other than \n: :class:`LineIndex`).
_BREAKS = lazy("\r\n|[\r\n\x85\u2028\u2029]")
_OTHER_BREAKS = "\r\x85\u2028\u2029"

_YAML = "tag:yaml.org,2002:"
_CONSTRUCTED = {_YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null"}
_MERGE = _YAML + "merge"
# Node properties before a value: anchors and tags (``!!str``, ``!local``, ``!<uri>``),
# each followed by whitespace, line breaks or comments.
_PROPERTIES = lazy(r"(?:(?:&[^\s,\[\]{}]+|!<[^>]*>|![^\s,\[\]{}]*)(?:[ \t\r\n]+(?:#[^\n]*)?)*)+")


@record
class _Frame:
    """A collection being composed: its start, its children so far, and its budget mark."""

    is_map: bool
    start: tuple[int, int]  # 1-based (line, column) where the value text starts
    flow: bool
    anchor: str | None
    nodes_before: int
    items: list[Node] = field(default_factory=list)
    entries: dict[str, Node] = field(default_factory=dict)
    merges: list[dict[str, Node]] = field(default_factory=list)
    key: str | None = None
    key_at: tuple[int, int] = (0, 0)
    key_is_merge: bool = False
    has_key: bool = False
    height: int = 1
    last_end: tuple[int, int] | None = None


@record
class _Anchored:
    node: Node
    key_text: str | None
    size: int
    height: int


class _Composer:
    """Builds Node trees from PyYAML events, counting every node an alias expands to."""

    def __init__(self, text: str, max_nodes: int, max_depth: int) -> None:
        import yaml
        from yaml.constructor import SafeConstructor
        from yaml.resolver import Resolver

        self._yaml = yaml
        self._resolver = Resolver()
        self._constructor = SafeConstructor()
        self._text = text
        self._lines = LineIndex(text, _BREAKS, _OTHER_BREAKS)
        self._max_nodes = max_nodes
        self._max_depth = max_depth
        self._count = 0
        self._stack: list[_Frame] = []
        self._anchors: dict[str, _Anchored] = {}
        self._open_anchors: set[str] = set()
        self._root: Node | None = None
        self.documents: list[Node] = []

    # ------------------------------------------------------------------ events

    def feed(self, event: Any) -> None:
        yaml = self._yaml
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._open(event, isinstance(event, yaml.MappingStartEvent))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self._close(event)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self._anchors = {}
            self._root = None
        elif isinstance(event, yaml.DocumentEndEvent):
            if self._root is not None:
                self.documents.append(self._root)
            self._root = None

    def _spend(self, amount: int, mark: Any) -> None:
        self._count += amount
        if self._count > self._max_nodes:
            raise ParseError(
                f"document too large: more than {self._max_nodes} nodes (aliases counted as expanded)",
                mark.line + 1,
                mark.column + 1,
            )

    def _scalar(self, event: Any) -> None:
        self._spend(1, event.start_mark)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolver.resolve(self._yaml.ScalarNode, event.value, event.implicit)
        value: Any = event.value
        if tag in _CONSTRUCTED:
            value = self._construct(tag, event)
        begin, end = self._value_start(event), self._offset(event.end_mark)
        line, column = self._lines.position(begin)
        end_line, end_column = event.end_mark.line + 1, event.end_mark.column + 1
        node = Node(value, line, column, end_line, end_column, self._text[begin:end])
        self._register(event.anchor, node, event.value, 1, 0)
        self._deliver(node, event.value, tag == _MERGE and event.implicit[0], (end_line, end_column))

    def _construct(self, tag: str, event: Any) -> Any:
        node = self._yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            return self._constructor.yaml_constructors[tag](self._constructor, node)
        except Exception:  # a bad explicit tag (!!int abc) or an integer beyond Python's digit limit
            raise ParseError(
                f"invalid value for !!{tag.rsplit(':', 1)[-1]}",
                event.start_mark.line + 1,
                event.start_mark.column + 1,
            ) from None

    def _open(self, event: Any, is_map: bool) -> None:
        mark = event.start_mark
        if len(self._stack) >= self._max_depth:
            raise ParseError(f"nesting deeper than {self._max_depth} levels", mark.line + 1, mark.column + 1)
        self._spend(1, mark)
        if event.anchor is not None:
            self._open_anchors.add(event.anchor)
        start = self._lines.position(self._value_start(event))
        self._stack.append(_Frame(is_map, start, bool(event.flow_style), event.anchor, self._count - 1))

    def _close(self, event: Any) -> None:
        frame = self._stack.pop()
        if frame.flow or frame.last_end is None:
            end_line, end_column = event.end_mark.line + 1, event.end_mark.column + 1
        else:  # a block collection ends with its last entry, not at the next token
            end_line, end_column = frame.last_end
        value: Any
        if frame.is_map:
            if frame.merges:
                merged: dict[str, Node] = {}
                for source in reversed(frame.merges):  # the first mapping named wins, as in PyYAML
                    merged.update(source)
                merged.update(frame.entries)  # explicit keys beat merged ones
                value = merged
            else:
                value = frame.entries
        else:
            value = frame.items
        node = Node(value, frame.start[0], frame.start[1], end_line, end_column)
        if frame.anchor is not None:
            self._open_anchors.discard(frame.anchor)
        self._register(frame.anchor, node, None, self._count - frame.nodes_before, frame.height)
        self._deliver(node, None, False, (end_line, end_column), frame.height)

    def _alias(self, event: Any) -> None:
        mark = event.start_mark
        if event.anchor in self._open_anchors:
            raise ParseError(f"recursive alias *{event.anchor}", mark.line + 1, mark.column + 1)
        target = self._anchors.get(event.anchor)
        if target is None:
            raise ParseError(f"found undefined alias *{event.anchor}", mark.line + 1, mark.column + 1)
        if len(self._stack) + target.height > self._max_depth:
            raise ParseError(f"nesting deeper than {self._max_depth} levels", mark.line + 1, mark.column + 1)
        self._spend(target.size, mark)
        original = target.node
        copy = Node(
            original.value, original.line, original.column, original.end_line, original.end_column, original.raw
        )
        self._deliver(copy, target.key_text, False, (event.end_mark.line + 1, event.end_mark.column + 1), target.height)

    # ------------------------------------------------------------------ assembly

    def _register(self, anchor: str | None, node: Node, key_text: str | None, size: int, height: int) -> None:
        if anchor is not None:
            self._anchors[anchor] = _Anchored(node, key_text, size, height)

    def _deliver(
        self, node: Node, key_text: str | None, is_merge: bool, end: tuple[int, int], height: int = 0
    ) -> None:
        """Hand a finished node to the collection being built (or make it the document root).

        ``end`` is where the node's text ends *here*: for an alias that is the alias, not
        the anchored text it copies.
        """
        if not self._stack:
            self._root = node
            return
        parent = self._stack[-1]
        parent.height = max(parent.height, height + 1)
        parent.last_end = end
        if not parent.is_map:
            parent.items.append(node)
            return
        if not parent.has_key:
            parent.has_key = True
            parent.key = key_text if key_text is not None else _key_text(node)
            parent.key_at = (node.line, node.column)
            parent.key_is_merge = is_merge
            return
        parent.has_key = False
        if parent.key_is_merge:
            parent.merges.extend(_merge_sources(node, parent.key_at))
            return
        node.key_line, node.key_column = parent.key_at
        assert parent.key is not None
        parent.entries[parent.key] = node

    def _offset(self, mark: Any) -> int:
        return self._lines.offset(mark.line + 1, mark.column + 1)

    def _value_start(self, event: Any) -> int:
        """Where the value's own text starts: after any ``&anchor`` / ``!tag`` properties."""
        start = self._offset(event.start_mark)
        if event.anchor is None and event.tag is None:
            return start
        match = _PROPERTIES.match(self._text, start, self._offset(event.end_mark))
        return match.end() if match else start


def _key_text(node: Node) -> str:
    """A mapping key as a string: scalars by value, complex keys (``? [a, b]``) by their plain form."""
    value = node.value
    if isinstance(value, str):
        return value
    return str(node.plain())


def _merge_sources(node: Node, key_at: tuple[int, int]) -> list[dict[str, Node]]:
    """The mappings a ``<<`` value names: one mapping, or a list of them (first wins)."""
    if isinstance(node.value, dict):
        return [node.value]
    if isinstance(node.value, list) and all(isinstance(item.value, dict) for item in node.value):
        return [item.value for item in node.value]
    raise ParseError("expected a mapping or list of mappings for merging (<<)", *key_at)


def _loader_class() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def _import_yaml() -> Any:
    """``import yaml``, the first time with the patterns PyYAML compiles at import handed to it
    from msv's pattern cache (:func:`validator.regex_cache.import_with_patterns`): ~4 ms of the
    first YAML file of a run."""
    module = sys.modules.get("yaml")
    if module is None:
        from validator.regex_cache import import_with_patterns

        module = import_with_patterns("yaml")
    return module


def parse_yaml(text: str, *, max_nodes: int = 100_000, max_depth: int = 100) -> list[Node]:
    """Every document of a YAML stream as a Node tree (``[]`` for an empty stream).

    Raises :class:`ParseError` for malformed YAML (with the parser's problem position),
    for more than ``max_nodes`` nodes counting alias expansions, and for nesting deeper
    than ``max_depth``.
    """
    yaml = _import_yaml()

    if text.startswith("\ufeff"):
        text = text[1:]
    composer = _Composer(text, max_nodes, max_depth)
    loader = _loader_class()
    try:
        for event in yaml.parse(text, Loader=loader):
            composer.feed(event)
    except ParseError:
        raise
    except yaml.MarkedYAMLError as error:
        raise _marked_error(error) from None
    except yaml.reader.ReaderError as error:
        position = error.position
        if loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, not characters
            position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
        line, column = LineIndex(text, _BREAKS, _OTHER_BREAKS).position(max(0, min(position, len(text))))
        raise ParseError(f"unacceptable character: {error.reason}", line, column) from None
    except UnicodeEncodeError as error:  # a lone surrogate cannot be handed to libyaml
        line, column = LineIndex(text, _BREAKS, _OTHER_BREAKS).position(error.start)
        raise ParseError("unacceptable character: unpaired surrogate", line, column) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, MemoryError) as error:
        raise ParseError(f"unreadable YAML ({type(error).__name__})", 1, 1) from None
    return composer.documents


def _marked_error(error: Any) -> ParseError:
    mark = error.problem_mark or error.context_mark
    message = error.problem or error.context or "invalid YAML"
    if error.context and error.problem:
        message = f"{error.context}: {error.problem}"
    if mark is None:
        return ParseError(message, 1, 1)
    return ParseError(message, mark.line + 1, mark.column + 1)
