"""Baselines: accept today's findings once, then report only new ones.

``msv check --write-baseline FILE`` records the current findings; ``msv check --baseline FILE``
hides the ones recorded there. An entry is keyed by **rule, file and the finding's
fingerprint** — :attr:`validator.model.Finding.fingerprint` hashes the rule, the file, the
logical key (``env.OPENAI_BASE_URL``) and a hash of the offending value, never the line. So
moving a config block, adding lines above it or reformatting the file does not churn the
baseline (the detect-secrets lesson), while changing the offending value, the file it lives in
or the rule that fires does produce a new finding.

The file never holds a secret: fingerprints are truncated SHA-256 hashes, messages pass through
:func:`validator.redact.redact_text`, and there are no line numbers or timestamps, so the file
diffs cleanly in review. Identical entries are stored once with a ``count``.

A JSON report (``msv check --format json``) has the same ``findings`` entries and is accepted as
a baseline too.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field

from validator.model import Finding

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable, Sequence

FORMAT_VERSION = 1
HEADER = "msv-baseline"
COMMENT = ("Findings accepted by `msv check --write-baseline`; `msv check --baseline` reports only "
           "findings not listed here. Entries are keyed by rule, file and a fingerprint of the "
           "offending value (no line numbers, no secrets).")


class BaselineError(ValueError):
    """The baseline file is missing or malformed (the CLI exits 2 with this message)."""


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    path: str
    rule: str
    fingerprint: str


@dataclass(slots=True)
class Baseline:
    """The accepted findings, as a multiset of entries."""

    entries: Counter[Entry] = field(default_factory=Counter)
    source: str | None = None

    def __len__(self) -> int:
        return sum(self.entries.values())


def _norm_path(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def entry_for(finding: Finding) -> Entry:
    from validator.report._common import finding_fingerprint

    return Entry(_norm_path(finding.loc.path), finding.rule, finding_fingerprint(finding))


# --------------------------------------------------------------------------- reading


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline (or a JSON report) written earlier. Raises :class:`BaselineError`."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise BaselineError(f"{name}: baseline file not found (create it with --write-baseline {name})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{name}: cannot read baseline: {exc.__class__.__name__}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{name}:{exc.lineno}:{exc.colno}: baseline is not valid JSON: {exc.msg}") from None
    return parse_baseline(data, name)


def parse_baseline(data: Any, source: str = "<baseline>") -> Baseline:
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{source}: not an msv baseline (expected an object with a 'findings' list)")
    version = data.get(HEADER)
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise BaselineError(f"{source}: baseline format {version} is newer than this msv understands "
                            f"({FORMAT_VERSION}); upgrade msv")
    entries: Counter[Entry] = Counter()
    for i, item in enumerate(data["findings"]):
        if not isinstance(item, dict):
            raise BaselineError(f"{source}: findings[{i}] is not an object")
        values = [item.get(k) for k in ("path", "rule", "fingerprint")]
        if not all(isinstance(v, str) and v for v in values):
            raise BaselineError(f"{source}: findings[{i}] needs non-empty 'rule', 'path' and 'fingerprint'")
        count = item.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"{source}: findings[{i}].count must be a positive integer")
        entries[Entry(_norm_path(values[0]), values[1], values[2])] += count
    return Baseline(entries, source)


# --------------------------------------------------------------------------- filtering


def filter_findings(findings: Iterable[Finding], baseline: Baseline) -> tuple[list[Finding], int]:
    """``(findings not in the baseline, how many the baseline matched)``.

    Each entry matches as many findings as its count: a second copy of the same mistake in the
    same file is new and is reported.
    """
    remaining = Counter(baseline.entries)
    kept: list[Finding] = []
    matched = 0
    for f in findings:
        key = entry_for(f)
        if remaining[key] > 0:
            remaining[key] -= 1
            matched += 1
        else:
            kept.append(f)
    return kept, matched


# --------------------------------------------------------------------------- writing


def baseline_document(findings: Sequence[Finding]) -> dict[str, Any]:
    """The baseline file's content for ``findings`` (deterministic: sorted, no dates)."""
    from validator.redact import redact_text

    counts: Counter[Entry] = Counter(entry_for(f) for f in findings)
    details: dict[Entry, Finding] = {}
    for f in sorted(findings, key=Finding.sort_key):
        details.setdefault(entry_for(f), f)
    items = []
    for entry in sorted(counts):
        f = details[entry]
        item: dict[str, Any] = {"rule": entry.rule, "code": f.code, "path": entry.path,
                                "fingerprint": entry.fingerprint, "message": redact_text(f.message)}
        if counts[entry] > 1:
            item["count"] = counts[entry]
        items.append(item)
    return {HEADER: FORMAT_VERSION, "comment": COMMENT, "findings": items}


def write_baseline(path: str | os.PathLike[str], findings: Sequence[Finding]) -> int:
    """Write ``findings`` as the baseline at ``path`` (atomically); return the entry count."""
    name = os.fspath(path)
    text = json.dumps(baseline_document(findings), indent=2, ensure_ascii=False) + "\n"
    from validator.outfile import OutputError, write_text

    try:
        write_text(name, text, what="a baseline")
    except OutputError as exc:
        raise BaselineError(str(exc)) from None
    return len(findings)
