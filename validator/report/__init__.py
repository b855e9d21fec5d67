"""Reporters: one module per output format, each a pure function of the report.

Contract: ``render(report, rules, *, color=False, root=".") -> str`` where ``report`` is a
:class:`validator.engine.Report` and ``rules`` maps rule name → :class:`validator.rules.registry.Rule`.
Every format ships in the core install; none may raise on any report.

Optional keywords every format accepts (and ignores when irrelevant):

* ``sources``: display path → file text. The text format shows the offending line from it;
  without it, the line is read from ``root``/path at render time (a missing file just gets
  no snippet).
* ``baselined``: how many findings a ``--baseline`` file hid (text and github summaries).
* ``fixed``: how many findings ``--fix`` fixed in this run (text summaries).
* ``fail_on``: the ``--fail-on`` level (JUnit: only findings at or above it are failures).
* ``pretty``: a person reads it at a terminal (JSON and SARIF indent; otherwise one item a line).

Each module also has ``stream(report, rules, write, **same)``, which writes the report piece by
piece to ``write`` (memory stays flat with the number of findings); ``render`` collects it.

``root`` is the directory relative paths are relative to (reading snippets; SARIF turns
absolute paths below it into relative URIs).
"""

from __future__ import annotations

from validator.imports import import_module

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule

FORMATS: dict[str, str] = {
    "text": "validator.report.text",
    "json": "validator.report.json_format",
    "sarif": "validator.report.sarif",
    "github": "validator.report.github",
    "junit": "validator.report.junit",
    "gitlab": "validator.report.gitlab",
    "concise": "validator.report.concise",
}


def render(fmt: str, report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False,
           root: str = ".", **extra: Any) -> str:
    """Render ``report`` in format ``fmt`` (a key of :data:`FORMATS`)."""
    module = import_module(FORMATS[fmt])
    return module.render(report, rules, color=color, root=root, **extra)


def stream(fmt: str, report: "Report", rules: Mapping[str, "Rule"], write: Callable[[str], Any], *,
           color: bool = False, root: str = ".", **extra: Any) -> None:
    """Write ``report`` in format ``fmt`` to ``write``, piece by piece."""
    module = import_module(FORMATS[fmt])
    streamer = getattr(module, "stream", None)
    if streamer is None:
        write(module.render(report, rules, color=color, root=root, **extra))
    else:
        streamer(report, rules, write, color=color, root=root, **extra)
