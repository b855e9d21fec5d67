"""What every reporter needs: redaction, rule lookup, severity names, stable fingerprints.

Reporters are pure functions of a report; this module keeps the few decisions they share in
one place so that the six formats cannot drift apart (e.g. one format forgetting to redact).
"""

from __future__ import annotations

import os

from validator.model import Finding, Secret, Target, Value, value_hash
from validator.record import record
from validator.redact import redact_text

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule

    Write = Callable[[str], Any]

TOOL_NAME = "msv"
INFORMATION_URI = "https://github.com/modelstudio-validator/modelstudio-validator"


def tool_version() -> str:
    """The running msv version, read at call time (tests pin it for golden files)."""
    import validator

    return validator.__version__


def rule_for(finding: Finding, rules: Mapping[str, "Rule"]) -> "Rule | None":
    """The rule of ``finding`` by name, then by code; ``None`` for an unregistered rule."""
    found = rules.get(finding.rule) or rules.get(finding.code)
    if found is not None:
        return found
    return next((r for r in rules.values() if r.code == finding.code), None)


def finding_fingerprint(finding: Finding) -> str:
    """The finding's line-independent fingerprint, computed when a producer left it empty.

    The engine always fills :attr:`Finding.fingerprint`; this fallback (rule, path, logical key,
    message — never the line) only matters for findings built by hand.
    """
    if finding.fingerprint:
        return finding.fingerprint
    return value_hash(f"{finding.rule}\0{finding.loc.path}\0{finding.key or ''}\0{finding.message}")


# --------------------------------------------------------------------------- redaction


class Redactor:
    """Redacts free text, knowing the secrets the report's targets hold.

    :func:`validator.redact.redact_text` catches anything key-shaped; passing the report's own
    key values as well catches keys of unusual shape that a rule or a parser error echoed.
    """

    __slots__ = ("_secrets", "_done")

    # A report says the same things many times (a message, a fix, a snippet per finding: ~15 %
    # of its strings are distinct), so the answers are remembered, up to this many strings.
    REMEMBERED = 4096

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))
        self._done: dict[str, str] = {}

    @classmethod
    def for_report(cls, report: "Report") -> "Redactor":
        return cls(known_secrets(getattr(report, "targets", ()) or ()))

    def __call__(self, text: str | None) -> str:
        if text is None:
            return ""
        text = str(text)
        done = self._done.get(text)
        if done is None:
            if len(self._done) >= self.REMEMBERED:
                self._done.clear()
            done = self._done[text] = redact_text(text, self._secrets)
        return done

    def deep(self, data: Any) -> Any:
        """Redact every string inside a JSON-like structure (dict keys included)."""
        if isinstance(data, str):
            return self(data)
        if isinstance(data, dict):
            return {self(k) if isinstance(k, str) else k: self.deep(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.deep(v) for v in data]
        return data


def known_secrets(targets: Iterable[Target]) -> list[str]:
    """Every :class:`Secret` value reachable from the targets (keys and their losing rivals)."""
    found: list[str] = []

    def visit(value: Value | None) -> None:
        if value is None:
            return
        if isinstance(value.value, Secret):
            found.append(value.value.reveal())
        for other in value.overridden:
            visit(other)

    for target in targets:
        for _, value in target.fields():
            visit(value)
    return found


# --------------------------------------------------------------------------- wording


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``; ``info`` never takes an s."""
    if n == 1 or word == "info":
        return f"{n} {word}"
    return f"{n} {word}es" if word.endswith(("s", "x")) else f"{n} {word}s"


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def first_paragraph(doc: str, heading: str = "## What it checks") -> str:
    """The first paragraph under ``heading`` in a rule doc page (plain text, one line)."""
    lines = doc.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip().lower() == heading.lower()) + 1
    except StopIteration:
        start = 0
    para: list[str] = []
    for line in lines[start:]:
        if line.strip().startswith("#"):
            if para:
                break
            continue
        if not line.strip():
            if para:
                break
            continue
        para.append(line.strip())
    return " ".join(para)


# --------------------------------------------------------------------------- per-rule report metadata


@record(frozen=True)
class ReportMeta:
    """How consumers should rank a rule: GitHub's ``security-severity`` and Code Climate categories.

    ``security_severity`` is a CVSS-like score (GitHub: over 9.0 critical, 7.0-8.9 high, 4.0-6.9
    medium); only rules about keys and data leaving where it must stay have one, and only they
    carry the ``security`` tag. ``categories`` are GitLab Code Quality / Code Climate categories.
    """

    categories: tuple[str, ...] = ("Bug Risk",)
    security_severity: str | None = None
    precision: str = "high"


# by family first, then by rule name (a new rule in a family gets the family's meta)
_FAMILY_META: dict[str, ReportMeta] = {
    "endpoint": ReportMeta(("Bug Risk",)),
    "credentials": ReportMeta(("Bug Risk",)),
    "models": ReportMeta(("Compatibility",)),
    "features": ReportMeta(("Compatibility",)),
    "probe": ReportMeta(("Bug Risk",), precision="very-high"),
    "input": ReportMeta(("Bug Risk",)),
}
_RULE_META: dict[str, ReportMeta] = {
    "hardcoded-secret": ReportMeta(("Security",), "9.1"),
    "malformed-key": ReportMeta(("Security", "Bug Risk"), "7.5"),
    "plan-endpoint-mismatch": ReportMeta(("Security", "Bug Risk"), "4.0"),
    "residency-violation": ReportMeta(("Security", "Compatibility"), "6.5"),
    "conflicting-credentials": ReportMeta(("Clarity", "Bug Risk")),
    "deprecated-endpoint": ReportMeta(("Compatibility",)),
    "shared-endpoint": ReportMeta(("Compatibility",)),
    "trial-endpoint": ReportMeta(("Performance",)),
    "plan-usage-restricted": ReportMeta(("Compatibility",)),
    "unknown-model": ReportMeta(("Compatibility",), precision="medium"),
    "unused-suppression": ReportMeta(("Style",)),
    "file-too-large": ReportMeta(("Clarity",)),
}


def report_meta(rule_name: str, family: str = "") -> ReportMeta:
    """The report metadata of a rule (by name, then family, then the default)."""
    return _RULE_META.get(rule_name) or _FAMILY_META.get(family) or ReportMeta()


# --------------------------------------------------------------------------- streaming


def collect(stream: Callable[..., None], *args: Any, **kwargs: Any) -> str:
    """Run a streaming reporter into a string (what every ``render`` is)."""
    parts: list[str] = []
    stream(*args, parts.append, **kwargs)
    return "".join(parts)


# --------------------------------------------------------------------------- paths


def _git_root(folder: str) -> str | None:
    here = folder
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def source_root(root: str = ".", paths: Iterable[str] = ()) -> str:
    """The absolute folder URIs are relative to: the git work tree holding ``root`` (else
    ``root``), widened to the common folder of ``paths`` when one lies outside it."""
    base = os.path.abspath(root)
    base = _git_root(base) or base
    for path in paths:
        full = os.path.abspath(os.path.join(os.path.abspath(root), path))
        try:
            inside = os.path.commonpath([base, full]) == base
        except ValueError:   # another drive on Windows: that file keeps an absolute URI
            continue
        if not inside:
            base = os.path.commonpath([base, os.path.dirname(full)])
    return base


def project_path(path: str, root: str = ".", base: str | None = None) -> str:
    """``path`` (relative to ``root`` or absolute) relative to the project root ``base``
    (default: :func:`source_root` of ``root``), with ``/``; unchanged when outside it."""
    if path.startswith("<"):
        return path
    base = base or source_root(root)
    full = os.path.abspath(os.path.join(os.path.abspath(root), path))
    try:
        rel = os.path.relpath(full, base)
    except ValueError:
        return path.replace("\\", "/")
    return path.replace("\\", "/").removeprefix("./") if rel.startswith("..") else rel.replace(os.sep, "/")
