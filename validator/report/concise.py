"""``--format concise`` (``--output-format concise``): one line per finding, then the summary.

The text report without source lines and fix hints (ruff's ``concise``): what a large tree or
an editor integration wants. The line format is the text report's own first line.
"""

from __future__ import annotations

from . import text

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Mapping

    from validator.engine import Report
    from validator.rules.registry import Rule


def stream(report: "Report", rules: Mapping[str, "Rule"], write: Any, **kwargs: Any) -> None:
    kwargs.pop("concise", None)
    text.stream(report, rules, write, concise=True, **kwargs)


def render(report: "Report", rules: Mapping[str, "Rule"], **kwargs: Any) -> str:
    parts: list[str] = []
    stream(report, rules, parts.append, **kwargs)
    return "".join(parts)
