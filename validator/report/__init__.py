"""Reporters: one module per output format, each a pure function of the report.

Contract: ``render(report, rules, *, color=False, root=".") -> str`` where ``report`` is a
:class:`validator.engine.Report` and ``rules`` maps rule name → :class:`validator.rules.registry.Rule`.
Every format ships in the core install; none may raise on any report.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from validator.engine import Report
    from validator.rules.registry import Rule

FORMATS: dict[str, str] = {
    "text": "validator.report.text",
    "json": "validator.report.json_format",
    "sarif": "validator.report.sarif",
    "github": "validator.report.github",
    "junit": "validator.report.junit",
    "gitlab": "validator.report.gitlab",
}


def render(fmt: str, report: "Report", rules: Mapping[str, "Rule"], *, color: bool = False,
           root: str = ".") -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(report, rules, color=color, root=root)
