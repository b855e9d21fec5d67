"""Loose Model Studio URLs and key-shaped strings anywhere in a relevant text file.

Readers understand structure; this scanner does not. It finds what no reader claimed — a
``curl https://dashscope.aliyuncs.com/...`` line in a README or a script, a ``BASE =
"https://dashscope-intl…"`` constant no client call uses, an ``sk-…`` key pasted in a comment —
and turns each into a target of kind :attr:`TargetKind.LITERAL` so URL and key rules still
apply, marked as loose so rules can be less sure.

What is matched: URLs whose host is a Model Studio host family (see
:mod:`validator.sources.markers`), Model Studio key shapes (``sk-`` + 32 hex, ``sk-sp-…``,
``sk-ws-…``) anywhere, and other ``sk-…`` keys only in files that mention Model Studio. A key
within three lines of a URL joins that URL's target (a ``curl`` with its header).
Values a reader already turned into a target field or binding at that place are skipped.
"""

from __future__ import annotations

from validator.model import Binding, Origin, Secret, Target, TargetKind, Value, reveal

from .base import Document
from .markers import ANY_KEY, MODELSTUDIO_WORDS, MS_KEY, MS_URL, looks_like_key

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable

NEAR_LINES = 3
_TRAILING = ".,;:!?*'\"`)]}>"


def _claims(doc: Document, targets: Iterable[Target], bindings: Iterable[Binding]) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of every value readers took from this file."""
    out: list[tuple[int, int, str]] = []

    def add(v: Value | None) -> None:
        if v is None:
            return
        for item in (v, *v.overridden, *((v.fallback,) if v.fallback is not None else ())):
            if item.loc is None or item.loc.path != doc.display:
                continue
            text = item.text if item.text is not None else item.raw
            if text:
                out.append((item.loc.line, max(item.loc.end_line, item.loc.line), str(text)))

    for t in targets:
        for _name, v in t.fields():
            add(v)
    for b in bindings:
        if b.loc.path == doc.display and b.value is not None:
            out.append((b.loc.line, max(b.loc.end_line, b.loc.line), str(reveal(b.value))))
    return out


class _Claims:
    """The claimed values indexed by line, so a file of thousands of definitions is not
    checked against every claim for every literal (that was quadratic)."""

    def __init__(self, claims: list[tuple[int, int, str]]) -> None:
        self.by_line: dict[int, list[str]] = {}
        self.wide: list[tuple[int, int, str]] = []
        for first, last, value in claims:
            if last - first > 64:
                self.wide.append((first, last, value))
                continue
            for line in range(first, last + 1):
                self.by_line.setdefault(line, []).append(value)

    def __call__(self, line: int, text: str) -> bool:
        if any(text == value or text in value for value in self.by_line.get(line, ())):
            return True
        return any(first <= line <= last and text in value for first, last, value in self.wide)


def _claimed(claims: "_Claims", line: int, text: str) -> bool:
    return claims(line, text)


def scan(doc: Document, targets: Iterable[Target] = (), bindings: Iterable[Binding] = ()) -> list[Target]:
    """Literal targets for the unclaimed Model Studio URLs and keys of ``doc``."""
    text = doc.text
    claims = _Claims(_claims(doc, targets, bindings))
    urls: list[tuple[int, Value]] = []
    for m in MS_URL.finditer(text):
        raw = m.group(0).rstrip(_TRAILING)
        if not raw:
            continue
        loc = doc.loc_at(m.start(), len(raw))
        if _claimed(claims, loc.line, raw):
            continue
        urls.append((loc.line, Value(raw, loc, Origin.LITERAL, None, raw, via="loose literal")))
    keys: list[tuple[int, Value]] = []
    # both key patterns need "sk-": a text without it has no key to look for
    found = (ANY_KEY if MODELSTUDIO_WORDS.search(text) else MS_KEY).finditer(text) if "sk-" in text else ()
    for m in found:
        raw = m.group(0)
        if not looks_like_key(raw):
            continue
        loc = doc.loc_at(m.start(), len(raw))
        if _claimed(claims, loc.line, raw):
            continue
        keys.append((loc.line, Value(Secret(raw), loc, Origin.LITERAL, None, raw, via="loose literal")))
    targets_out: list[Target] = []
    by_url: list[tuple[int, Target]] = []
    for line, v in urls:
        t = Target(name=f"literal @ {doc.display}:{line}", client="unknown", origin=v.loc or doc.loc(line),
                   kind=TargetKind.LITERAL, base_url=v, committed=doc.committed)
        targets_out.append(t)
        by_url.append((line, t))
    for line, v in keys:
        near = [(abs(line - ul), t) for ul, t in by_url if abs(line - ul) <= NEAR_LINES and t.key is None]
        if near:
            near.sort(key=lambda item: item[0])
            near[0][1].key = v
            continue
        targets_out.append(Target(name=f"literal @ {doc.display}:{line}", client="unknown",
                                  origin=v.loc or doc.loc(line), kind=TargetKind.LITERAL, key=v,
                                  committed=doc.committed))
    targets_out.sort(key=lambda t: (t.origin.line, t.origin.column))
    return targets_out
