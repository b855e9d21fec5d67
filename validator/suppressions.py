"""Inline suppressions: ``msv: ignore[rule, …]`` and ``msv: ignore-file[rule, …]`` comments.

Forms (in any comment syntax the file allows — ``#``, ``//``, ``;``, ``--``, ``<!-- -->``):

* ``… # msv: ignore[unknown-host]`` at the end of a line silences that rule on that line;
* the same directive alone on a comment line silences it on the **next** line too, for files
  where a trailing comment would change the value (``.env`` parsers that keep it);
* ``msv: ignore-file[trial-endpoint]`` anywhere in a file silences the rule in the whole file;
* without brackets (``msv: ignore``, ``msv: ignore-file``) every rule is silenced.

Rules are named by name, code or code prefix (``MS1``), comma-separated. Rules registered with
``ignorable=False`` (``hardcoded-secret``: a committed key must be removed, not annotated, as in
tflint) cannot be silenced inline; use ``--ignore`` or ``per-path-ignores``, which are reviewed
in one place. A directive, or a name in one, that silences nothing becomes an
``unused-suppression`` finding — stale comments hide the next real problem on that line.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import Finding, Fix, Hit, Location
from validator.record import field, record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Iterable, Mapping, Sequence

    from validator.rules.registry import Rule
    from validator.selection import Options

# The directive must follow a comment marker (``# msv: …``, ``// msv: …``, ``<!-- msv: …``): prose
# that merely mentions the syntax (docs, docstrings, `inline code`) is not a suppression.
_DIRECTIVE = lazy(
    r"(?<!`)(?:#|//|;|--|<!--|/\*|(?:^|(?<=\s))\*)[ \t]*"
    r"(?P<directive>msv:[ \t]*ignore(?P<file>-file)?(?![\w-])(?:\[(?P<names>[^\]\n]*)\])?)",
    re.IGNORECASE,
)
_COMMENT_START = lazy(r"^\s*(#|//|;|--|<!--|/\*|\*|rem\s|::)", re.IGNORECASE)
_MARKER_BEFORE = lazy(r"[ \t]*(#|//|;|--|<!--|/\*)[ \t]*$")

UNUSED = "unused-suppression"


@record
class Directive:
    path: str
    line: int
    column: int          # 1-based column of ``msv:``
    end_column: int      # exclusive
    names: tuple[str, ...] | None   # None: every rule
    file_level: bool
    covers_next: bool
    line_text: str
    start: int           # offsets of the directive within ``line_text``
    end: int
    used: set[str] = field(default_factory=set)

    def covers(self, line: int) -> bool:
        return self.file_level or line == self.line or (self.covers_next and line == self.line + 1)


def parse(path: str, text: str) -> list[Directive]:
    """Every suppression directive in ``text`` (cheap when there is none)."""
    if "msv:" not in text and "MSV:" not in text.upper():
        return []
    found: list[Directive] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for m in _DIRECTIVE.finditer(line):
            raw = m.group("names")
            names = None if raw is None else tuple(n.strip() for n in raw.split(",") if n.strip())
            start, end = m.start("directive"), m.end("directive")
            found.append(Directive(
                path, number, start + 1, end + 1, names, bool(m.group("file")),
                covers_next=bool(_COMMENT_START.match(line)), line_text=line,
                start=start, end=end))
    return found


def _matches(rule: "Rule", name: str) -> bool:
    from validator.selection import _matches as selector_matches

    return selector_matches(rule, (name,))


def _removal(d: Directive, keep: Sequence[str]) -> tuple[str, Location, str]:
    """(description, span, replacement) that drops the unused names from ``d``."""
    line = d.line_text
    if keep:
        kind = "ignore-file" if d.file_level else "ignore"
        new = f"msv: {kind}[{', '.join(keep)}]"
        loc = Location(d.path, d.line, d.start + 1, d.line, d.end + 1)
        return "remove the unused rule names from the comment", loc, new
    start, end = d.start, d.end
    marker = _MARKER_BEFORE.search(line[:start])
    rest = line[end:]
    if rest.strip() in ("", "-->", "*/") and marker is not None:
        start = marker.start()
        end = len(line)
    loc = Location(d.path, d.line, start + 1, d.line, end + 1)
    return "remove the suppression comment", loc, ""


def apply_suppressions(findings: Sequence[Finding], texts: Mapping[str, str],
                       rules: Iterable["Rule"], options: "Options") -> tuple[list[Finding], int]:
    """Drop suppressed findings; add ``unused-suppression`` findings. Returns (findings, suppressed)."""
    from validator.rules import get
    from validator.selection import ignored_for_path, to_finding

    directives: dict[str, list[Directive]] = {}
    for path, text in texts.items():
        parsed = parse(path, text)
        if parsed:
            directives[path] = parsed
    if not directives:
        return list(findings), 0

    kept: list[Finding] = []
    suppressed = 0
    for f in findings:
        rule = get(f.rule)
        hit_by = None
        if rule is not None and rule.ignorable and f.rule != UNUSED and f.loc.line > 0:
            hit_by = _suppressing(directives.get(f.loc.path, ()), rule, f.loc.line)
        if hit_by is None:
            kept.append(f)
        else:
            directive, name = hit_by
            directive.used.add(name)
            suppressed += 1

    enabled = {r.name: r for r in rules}
    unused_rule = enabled.get(UNUSED)
    if unused_rule is not None:
        for path_directives in directives.values():
            for d in path_directives:
                hit = _unused(d, enabled)
                if hit is not None and not ignored_for_path(d.path, unused_rule, options):
                    kept.append(to_finding(unused_rule, hit, None, options))
    kept.sort(key=Finding.sort_key)
    return kept, suppressed


def _suppressing(directives: Iterable[Directive], rule: "Rule", line: int) -> tuple[Directive, str] | None:
    for d in directives:
        if not d.covers(line):
            continue
        if d.names is None:
            return d, "*"
        for name in d.names:
            if _matches(rule, name):
                return d, name
    return None


def _unused(d: Directive, enabled: Mapping[str, "Rule"]) -> Hit | None:
    """The unused-suppression hit for ``d``, or None when every name in it did its job."""
    from validator.rules import all_rules

    form = "ignore-file" if d.file_level else "ignore"
    loc = Location(d.path, d.line, d.column, d.line, d.end_column)
    if d.names is None:
        if "*" in d.used:
            return None
        desc, span, new = _removal(d, ())
        return Hit(f"`msv: {form}` suppresses nothing here; remove it", loc,
                   Fix(desc, new, span, safe=True), key=f"suppression.{d.line}")
    known = all_rules()
    unused: list[str] = []
    reasons: list[str] = []
    for name in d.names:
        if name in d.used:
            continue
        matching = [r for r in known if _matches(r, name)]
        if not matching:
            unused.append(name)
            reasons.append(f"`{name}` is not a rule")
        elif all(not r.ignorable for r in matching):
            unused.append(name)
            reasons.append(f"`{name}` cannot be suppressed inline (use --ignore or per-path-ignores)")
        elif any(r.name in enabled for r in matching):
            unused.append(name)
            reasons.append(f"`{name}` reports nothing {'in this file' if d.file_level else 'here'}")
        # names of rules not enabled in this run are left alone: they may be used in another run
    if not unused:
        return None
    keep = [n for n in d.names if n not in unused]
    desc, span, new = _removal(d, keep)
    return Hit(f"unused suppression: {'; '.join(reasons)}; remove "
               f"{'the comment' if not keep else 'the unused names'}", loc,
               Fix(desc, new, span, safe=True), key=f"suppression.{d.line}")
