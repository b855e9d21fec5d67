"""Configurations embedded in another file: Markdown code fences, shell heredocs.

A README's ```` ```json ```` block that shows ``~/.claude/settings.json``, or a setup script's
``cat > ~/.claude/settings.json <<EOF … EOF``, is a configuration in its own format inside
another file. :func:`read_embedded` reads such a span with the reader the *named* file would
get (the registry's ``matches`` on a virtual path), on a copy of the host file in which every
character outside the span is blanked (newlines kept): positions are then the host file's own,
with no mapping to get wrong, and findings point into the Markdown or the script.

What an embedded read gives is marked, so the pipeline treats it as what it is:

* bindings get the ``template`` scope when the host is documentation (no client loads a
  README), so a snippet's ``export DASHSCOPE_API_KEY=sk-xxx`` never competes with real files;
* targets carry ``settings["embedded"]`` (the fence language or ``heredoc``); findings on
  documentation targets are capped at *warning* (:func:`validator.selection.to_finding`);
* parse errors in a documentation fragment are dropped (snippets are often partial); a heredoc's
  are kept, since the script really writes that file.
"""

from __future__ import annotations

from validator.record import replace

from validator.model import Binding, Target, Value
from validator.model import Origin as _Origin

from .base import Document, ReadResult

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import PurePosixPath

DOC_SUFFIXES = (".md", ".mdx", ".markdown")


def blank_outside(text: str, start: int, end: int) -> str:
    """``text`` with every character outside ``[start, end)`` replaced by a space (newlines kept)."""
    def blank(part: str) -> str:
        return "".join("\n" if c == "\n" else " " for c in part)

    return blank(text[:start]) + text[start:end] + blank(text[end:])


def reader_for(virtual: PurePosixPath):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from .registry import readers

    return next((r for r in readers() if r.name not in ("markdown",) and r.matches(Path(virtual))), None)


def read_embedded(doc: Document, virtual: PurePosixPath, start: int, end: int, *, kind: str,
                  documentation: bool) -> ReadResult | None:
    """Read ``doc.text[start:end]`` as the file ``virtual`` (``None``: no reader for that name,
    or nothing relevant in the span)."""
    reader = reader_for(virtual)
    if reader is None:
        return None
    text = blank_outside(doc.text, start, end)
    if not reader.relevant(text):
        return None
    from pathlib import Path

    sub = Document(str(Path("/embedded") / virtual), doc.display, text, doc.committed)
    result = reader.read(sub)
    mark = Value(kind, None, _Origin.LITERAL)
    for t in result.targets:
        _mark(t, mark)
    if documentation:
        for block in result.blocks:
            block.bindings = [_template(b) for b in block.bindings]
        result.bindings = [_template(b) for b in result.bindings]
        result.problems = [p for p in result.problems if p.rule != "parse-error"]
    return result


def _template(b: Binding) -> Binding:
    return replace(b, scope="template")


def _mark(t: Target, mark: Value) -> None:
    t.settings.setdefault("embedded", mark)


def is_documentation(path: str) -> bool:
    return path.lower().endswith(DOC_SUFFIXES)
