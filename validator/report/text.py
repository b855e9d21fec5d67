"""``--format text`` (the default): findings for people, in a terminal or a CI log.

Each finding is ``path:line:col: CODE [name] message`` (the form editors and terminals turn
into links), followed by the offending source line with carets under the reported span and a
``fix:`` line. Findings come ordered by file, so each file's findings stay together; the
report ends with :func:`summary_line`.

Source lines come from the text the engine already read (``Report.texts``, or an explicit
``sources`` mapping of display path → text); only a file missing from both is read from
``root``/path at render time (I/O at the edge: rules and findings never carry file text). A
file that is gone, unreadable or not text simply gets no snippet.

Nothing printed here can leak a key: messages, fixes and source lines all go through the
redactor (a hard-coded key on the offending line is shown as its fingerprint, and the caret
still points at it). Control characters from files are neutralised so that a crafted config
cannot drive the terminal.
"""

from __future__ import annotations

import os
import stat

from validator.model import Finding, Location, Severity, fixable
from validator.redact import printable

from ._common import Redactor, plural, rule_for, sorted_findings

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import IO, Any, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule

MAX_READ = 4 * 1024 * 1024    # never read more than this much of a file for a snippet
MAX_WIDTH = 160               # longer source lines are cut around the reported span
CONTEXT = 60                  # characters kept either side of the span on a cut line
TAB = "    "

# --------------------------------------------------------------------------- colour

_RESET = "\x1b[0m"
_STYLES = {
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "red": "\x1b[1;31m",
    "yellow": "\x1b[1;33m",
    "blue": "\x1b[1;34m",
    "cyan": "\x1b[36m",
    "green": "\x1b[32m",
}
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def should_color(stream: IO[Any] | Any) -> bool:
    """Colour only for a terminal (or with ``FORCE_COLOR``): never when ``NO_COLOR`` is set,
    ``TERM=dumb``, or piped.

    ``NO_COLOR`` counts as set even when empty (stricter than no-color.org, never wrong).
    """
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):   # CI systems that render ANSI but are not terminals
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except (ValueError, OSError):  # closed or detached stream
        return False


class _Paint:
    __slots__ = ("on",)

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, style: str) -> str:
        if not self.on or not text:
            return text
        return f"{_STYLES[style]}{text}{_RESET}"


# --------------------------------------------------------------------------- source lines


class SourceLines:
    """Lines of the files findings point at, from ``sources`` or read (once) from disk.

    Only the last KEEP files' lines are kept: findings come sorted by path, so a file's lines
    are split once, and a 100,000-file tree's report does not hold the lines of its 4,000
    files with findings at the end (6 MiB)."""

    KEEP = 8

    def __init__(self, root: str = ".", sources: Mapping[str, str] | None = None) -> None:
        self._root = root
        self._sources = sources or {}
        self._cache: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        if number <= 0:
            return None
        lines = self._lines(path)
        if lines is None or number > len(lines):
            return None
        return lines[number - 1]

    def _lines(self, path: str) -> list[str] | None:
        if path not in self._cache:
            text = self._sources.get(path)
            if text is None:
                text = self._read(path)
            if len(self._cache) >= self.KEEP:
                del self._cache[next(iter(self._cache))]
            self._cache[path] = None if text is None else [ln.rstrip("\r") for ln in text.split("\n")]
        return self._cache[path]

    def _read(self, path: str) -> str | None:
        if path.startswith("<"):  # <environment>, <cli>: not a file
            return None
        full = path if os.path.isabs(path) else os.path.join(self._root, path)
        try:
            if not stat.S_ISREG(os.stat(full).st_mode):
                return None  # a FIFO or device would block or never end
            with open(full, "rb") as fh:
                data = fh.read(MAX_READ)
        except (OSError, ValueError):
            return None
        if b"\0" in data[:8192]:
            return None  # binary
        return data.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- text helpers


def _width(text: str) -> int:
    """Terminal columns taken by ``text`` (CJK wide characters count twice, combining zero)."""
    if text.isascii():   # no ASCII character is wide or combining: one column each
        return len(text)
    import unicodedata   # an extension module to load (~0.3 ms): only for a line that needs it

    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _span(loc: Location, line: str) -> tuple[int, int] | None:
    """0-based [start, end) of the reported span on its first line, or None without a column."""
    if loc.column <= 0:
        return None
    start = min(loc.column - 1, len(line))
    if loc.end_line in (0, loc.line) and loc.end_column > loc.column:
        end = min(loc.end_column - 1, len(line))
    elif loc.end_line > loc.line:
        end = len(line)
    else:
        end = start + 1
    return start, max(end, start + 1)


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line around the span, marking the cuts with ``...``."""
    if len(line) <= MAX_WIDTH:
        return line, start, end
    lo = max(0, start - CONTEXT)
    hi = min(len(line), max(end, start + 1) + CONTEXT)
    head = "..." if lo > 0 else ""
    tail = "..." if hi < len(line) else ""
    return head + line[lo:hi] + tail, start - lo + len(head), min(end, hi) - lo + len(head)


def snippet_lines(line: str, loc: Location, redact: Redactor) -> tuple[str, str | None]:
    """The source line to show and the caret line under it (None: no caret).

    The line is redacted in three pieces (before, inside, after the span) so the carets still
    line up when a key inside the span becomes its (shorter) fingerprint. If the pieces hide a
    key only together, the whole line is redacted instead and the caret is dropped.
    """
    if "\t" in line:
        line, loc = _expand_tabs(line, loc)
    span = _span(loc, line)
    if span is None:
        return printable(redact(line)), None
    start, end = span
    before, inside, after = redact(line[:start]), redact(line[start:end]), redact(line[end:])
    joined = before + inside + after
    if redact(joined) != joined:
        return printable(redact(line)), None
    shown, s, e = _window(joined, len(before), len(before) + len(inside))
    shown = printable(shown)
    caret = " " * _width(shown[:s]) + "^" * max(1, _width(shown[s:e]))
    return shown, caret


def _expand_tabs(line: str, loc: Location) -> tuple[str, Location]:
    """Expand tabs and move the location's columns with them (a tab is one column in files)."""

    def moved(col: int) -> int:
        if col <= 0:
            return col
        return col + line[: col - 1].count("\t") * (len(TAB) - 1)

    same_line = loc.end_line in (0, loc.line)
    new_loc = Location(loc.path, loc.line, moved(loc.column), loc.end_line,
                       moved(loc.end_column) if same_line else loc.end_column)
    return line.replace("\t", TAB), new_loc


# --------------------------------------------------------------------------- rendering


def _finding_block(f: Finding, rules: Mapping[str, "Rule"], lines: SourceLines, redact: Redactor,
                   paint: _Paint) -> list[str]:
    style = _SEVERITY_STYLE.get(f.severity, "bold")
    rule = rule_for(f, rules)
    name = rule.name if rule is not None else f.rule
    message = printable(redact(f.message))
    if f.observed:
        message += " (observed)"
    # the severity word, as gcc and diagnose print it: without colour an info must not look like an error
    head = (f"{paint(printable(redact(str(f.loc))) + ':', 'bold')} {paint(str(f.severity), style)} "
            f"{paint(f.code, style)} "
            f"{paint('[' + name + ']', 'dim')} {message}")
    out = [head]
    source = lines.line(f.loc.path, f.loc.line)
    if source is not None:
        shown, caret = snippet_lines(source, f.loc, redact)
        gutter = str(f.loc.line)
        pad = " " * len(gutter)
        out.append(f"  {paint(gutter + ' |', 'cyan')} {shown}".rstrip())
        if caret is not None:
            out.append(f"  {paint(pad + ' |', 'cyan')} {paint(caret, style)}")
    if f.fix is not None:
        out.append(f"  {paint('fix:', 'green')} {_fix_text(f, redact)}")
    return out


def _fix_text(f: Finding, redact: Redactor) -> str:
    fix = f.fix
    assert fix is not None
    text = redact(fix.description)
    if fix.replacement is not None:
        bare = fix.replacement.strip().strip("\"'`")
        if not fix.replacement.strip():
            text += " (delete it)"
        elif bare not in fix.description:   # the description usually names the new value already
            text += f" (replace with `{redact(fix.replacement)}`)"
    if fix.loc is not None and fix.loc != f.loc:
        text += f" at {redact(str(fix.loc))}"
    if not fix.safe:
        text += " [unsafe fix]"
    return printable(text)


def summary_line(report: "Report", *, color: bool = False, baselined: int = 0, fixed: int = 0) -> str:
    """One line: counts by severity, files and targets checked, suppressions, catalogue date.

    ``msv check --output FILE`` prints this on the terminal while the report goes to the file;
    ``baselined`` is the number of findings a ``--baseline`` file accepted, ``fixed`` the number
    ``--fix`` fixed (ruff's "N fixed, M remaining").
    """
    paint = _Paint(color)
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in report.findings:
        counts[str(f.severity)] += 1
    total = sum(counts.values())
    files_with = len({f.loc.path for f in report.findings})
    parts: list[str] = []
    if total:
        by_sev = ", ".join([
            paint(plural(counts["error"], "error"), "red" if counts["error"] else "dim"),
            paint(plural(counts["warning"], "warning"), "yellow" if counts["warning"] else "dim"),
            paint(plural(counts["info"], "info"), "blue" if counts["info"] else "dim"),
        ])
        parts.append(f"Found {plural(total, 'finding')} ({by_sev}) in {plural(files_with, 'file')}"
                     + (f" ({fixed} fixed, {total} remaining)." if fixed else "."))
    else:
        parts.append(paint("No findings", "green") + f" ({fixed} fixed)." if fixed else paint("No findings.", "green"))
    checked = f"Checked {plural(report.files, 'file')}, {plural(len(report.targets), 'target')}"
    hidden = []
    if report.suppressed:
        hidden.append(f"{report.suppressed} suppressed inline")
    if baselined:
        hidden.append(f"{baselined} in baseline")
    parts.append(checked + (f"; {', '.join(hidden)}." if hidden else "."))
    origin = "" if report.catalogue_origin == "bundled" else ", downloaded"
    parts.append(f"Catalogue {report.catalogue_version} (as of {report.catalogue_as_of}{origin}).")
    return " ".join(parts)


def stream(report: "Report", rules: Mapping[str, "Rule"], write: Any, *, color: bool = False,
           root: str = ".", sources: Mapping[str, str] | None = None, baselined: int = 0, fixed: int = 0,
           concise: bool = False, **_: Any) -> None:
    """Write the text report finding by finding.

    Source lines come from ``sources`` (display path -> text), else from the texts the engine
    already read (``report.texts``), else from the file under ``root``. ``concise``: one line
    per finding (no source line, no fix), like ruff's ``--output-format concise``.
    """
    paint = _Paint(color)
    redact = Redactor.for_report(report)
    if sources is None:
        sources = getattr(report, "texts", None) or None
    lines = SourceLines(root, sources)
    for f in sorted_findings(report.findings):
        block = _finding_block(f, rules, lines, redact, paint)
        write("\n".join(block[:1] if concise else block) + ("\n" if concise else "\n\n"))
    write(summary_line(report, color=color, baselined=baselined, fixed=fixed) + "\n")
    hint = fixable_hint(report)
    if hint:
        write(hint + "\n")


def fixable_hint(report: "Report") -> str:
    """``[*] N fixable with `msv check --fix`.`` (ruff's hint), or "" when nothing is."""
    n = sum(1 for f in report.findings if fixable(f))
    return f"[*] {n} fixable with `msv check --fix`." if n else ""


def render(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False, root: str = ".",
           **kwargs: Any) -> str:
    """The whole text report (what :func:`stream` writes)."""
    parts: list[str] = []
    stream(report, rules, parts.append, color=color, root=root, **kwargs)
    return "".join(parts)


def statistics(report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False) -> str:
    """``--statistics``: one line per rule, most frequent first (ruff's layout), then the summary.

    ``  12  MS101  unknown-host  [*]`` — ``[*]`` marks rules ``--fix`` can fix.
    """
    paint = _Paint(color)
    counts: dict[str, int] = {}
    codes: dict[str, str] = {}
    for f in report.findings:
        rule = rule_for(f, rules)
        name = rule.name if rule is not None else f.rule
        counts[name] = counts.get(name, 0) + 1
        codes[name] = f.code
    rows = sorted(counts.items(), key=lambda item: (-item[1], codes[item[0]]))
    width = max((len(str(n)) for _, n in rows), default=1)
    name_width = max((len(name) for name, _ in rows), default=0)
    out = []
    for name, n in rows:
        rule = rules.get(name)
        mark = "[*]" if rule is not None and rule.fixable == "safe" else "   "
        out.append(f"{n:>{width}}  {paint(codes[name], 'bold')}  {name:<{name_width}}  {mark}".rstrip())
    out.append(summary_line(report, color=color))
    return "\n".join(out) + "\n"
