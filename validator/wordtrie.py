"""One regular expression for a set of literal words, written as a trie.

``re`` tries the branches of a plain ``w1|w2|…`` one after the other at every position where
one could start; a trie (``a(?:li(?:baba|yun(?:cs)?)|pi_key)``) tests each character once per
level instead. Used where many words are searched in much text: the marker words in every file
of a tree, the keys of a report in every line it prints.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A pattern matching exactly ``words`` (at the same leftmost position as ``w1|w2|…``).

    On the marker words it halves the scan of a 10,000-file tree: they start with the
    commonest letters of English, so the plain alternation is tried at almost every byte.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:   # a word ends here and longer ones go on
            return (body if body.startswith("(?:") and len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(tree)
