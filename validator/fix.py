"""``--fix`` and ``--diff``: apply the rewrites findings carry, changing nothing else.

A rewrite is a :class:`validator.model.Fix` with a ``replacement`` for the span at ``fix.loc``
(or the finding's location). Files are rewritten byte for byte around the span: the original
bytes are decoded as UTF-8 (a BOM is kept), line endings are left exactly as they were
(``\\r\\n`` stays ``\\r\\n``), the new text is written to a temporary file in the same folder with
the original permission bits and moved over the original in one ``os.replace`` — a crash
leaves either the old file or the new one, never half of each.

A file is refused when it changed since msv read it (its text no longer equals what the
rules saw), when it is not UTF-8, or when it uses bare ``\\r`` line endings (locations would not
map). Two rewrites that overlap: the first wins, the other waits for the next pass (the CLI
re-checks and fixes again until nothing changes).

Diffs go through :func:`validator.redact.redact_text` with every key msv knows of, because the
context lines around a fix may hold one.
"""

from __future__ import annotations

import os
from pathlib import Path

from validator.model import Finding, Location, fixable  # noqa: F401 - fixable lives with Finding; this name stays API
from validator.record import field, record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable, Mapping, Sequence

BOM = "\ufeff"


@record
class Edit:
    start: int
    end: int
    replacement: str
    finding: Finding


@record
class FileFix:
    """What fixing one file did (or would do, with ``write=False``)."""

    path: str                                  # as displayed
    before: str = ""
    after: str = ""
    applied: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)
    written: bool = False
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _offset(starts: list[int], body: str, line: int, column: int, shift: int) -> int | None:
    """Offset in ``body`` of 1-based (line, column) as computed on the text the rules saw."""
    if line < 1 or line > len(starts) or column < 1:
        return None
    col = column - 1 - (shift if line == 1 else 0)
    if col < 0:
        return None
    start = starts[line - 1]
    stop = starts[line] - 1 if line < len(starts) else len(body)
    if body[start:stop].endswith("\r"):
        stop -= 1
    if start + col > stop:
        return None
    return start + col


def edits_for(findings: Iterable[Finding], body: str, shift: int) -> tuple[list[Edit], list[tuple[Finding, str]]]:
    """Map the findings' rewrites onto offsets of ``body``; drop overlapping ones."""
    starts = _line_starts(body)
    edits: list[Edit] = []
    skipped: list[tuple[Finding, str]] = []
    for f in findings:
        assert f.fix is not None and f.fix.replacement is not None
        loc: Location = f.fix.loc or f.loc
        end_line = loc.end_line or loc.line
        end_col = loc.end_column
        start = _offset(starts, body, loc.line, loc.column, shift)
        end = _offset(starts, body, end_line, end_col, shift) if end_col > 0 else None
        if start is None or end is None or end < start:
            skipped.append((f, "the fix has no usable span"))
            continue
        edits.append(Edit(start, end, f.fix.replacement, f))
    edits.sort(key=lambda e: (e.start, e.end))
    chosen: list[Edit] = []
    for e in edits:
        if chosen and e.start == chosen[-1].start and e.end == chosen[-1].end \
                and e.replacement == chosen[-1].replacement:
            continue  # the same rewrite reported twice (two targets share the value)
        if chosen and e.start < chosen[-1].end:
            skipped.append((e.finding, "overlaps another fix; run --fix again"))
            continue
        chosen.append(e)
    return chosen, skipped


def apply_edits(body: str, edits: Sequence[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(body[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(body[pos:])
    return "".join(parts)


def _resolve(display: str, root: Path) -> Path:
    p = Path(display)
    return p if p.is_absolute() else root / p


def fix_file(path: str, findings: Sequence[Finding], seen_text: str | None, *,
             root: Path, write: bool) -> FileFix:
    """Apply ``findings``' rewrites to one file (see module doc for the refusals)."""
    result = FileFix(path)
    lexical = _resolve(path, root)
    real = lexical.resolve()  # write through symbolic links, not over them…
    from validator.trust import inside

    if inside(Path(os.path.abspath(lexical)).parent, root) and not inside(real, root):
        # …but never through one that leads out of the checked tree (a hostile repository's link)
        result.error = "a symbolic link to a file outside the checked folder; not rewritten"
        return result
    try:
        data = real.read_bytes()
    except OSError as exc:
        result.error = f"cannot read: {exc.strerror or exc}"
        return result
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        result.error = "not UTF-8; not rewritten"
        return result
    bom = raw.startswith(BOM)
    body = raw[1:] if bom else raw
    if seen_text is None:
        result.error = "msv did not read this file; not rewritten"
        return result
    seen_body = seen_text[1:] if seen_text.startswith(BOM) else seen_text
    if _normalise(body) != _normalise(seen_body):
        result.error = "changed since msv read it; not rewritten (run msv again)"
        return result
    if "\r" in body.replace("\r\n", ""):
        result.error = "uses bare CR line endings; not rewritten"
        return result
    shift = 1 if seen_text.startswith(BOM) else 0
    edits, result.skipped = edits_for(findings, body, shift)
    new_body = apply_edits(body, edits)
    result.before, result.after = raw, (BOM + new_body if bom else new_body)
    result.applied = [e.finding for e in edits]
    if write and result.changed:
        try:
            if real.read_bytes() != data:
                result.error = "changed while msv was fixing it; not rewritten"
                result.applied = []
                return result
            atomic_write(real, result.after.encode("utf-8"))
            result.written = True
        except OSError as exc:
            result.error = f"cannot write: {exc.strerror or exc}"
            result.applied = []
    return result


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path``'s content in one step, keeping its permission bits."""
    mode = path.stat().st_mode & 0o7777
    import tempfile  # only when writing: the text report imports this module for `fixable`

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".msv-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def fix_files(findings: Iterable[Finding], texts: Mapping[str, str], *, unsafe: bool = False,
              write: bool = True, root: Path | None = None) -> list[FileFix]:
    """Apply (or, with ``write=False``, compute) every applicable rewrite, file by file."""
    root = root or Path.cwd()
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if fixable(f, unsafe):
            by_path.setdefault((f.fix.loc or f.loc).path, []).append(f)  # type: ignore[union-attr]
    return [fix_file(path, fs, texts.get(path), root=root, write=write)
            for path, fs in sorted(by_path.items())]


def unified_diff(results: Iterable[FileFix], secrets: Sequence[str] = ()) -> str:
    """A unified diff of every change, keys redacted (context lines may hold them)."""
    import difflib  # only for --diff

    from validator.redact import redact_text

    chunks: list[str] = []
    for r in results:
        if not r.changed:
            continue
        lines = difflib.unified_diff(r.before.splitlines(keepends=True), r.after.splitlines(keepends=True),
                                     fromfile=f"a/{r.path}", tofile=f"b/{r.path}")
        text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in lines)
        chunks.append(text)
    return redact_text("".join(chunks), tuple(secrets))
