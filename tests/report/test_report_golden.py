"""Every format against a reviewed golden file (MSV_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import pytest

from validator.report import FORMATS, render

from report_sample import check_golden

GOLDEN_NAMES = {
    "text": "text.txt",
    "json": "json.json",
    "sarif": "sarif.sarif.json",
    "github": "github.txt",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
    "concise": "concise.txt",
}


def test_every_format_has_a_golden_file() -> None:
    assert set(GOLDEN_NAMES) == set(FORMATS)


@pytest.mark.parametrize("fmt", sorted(GOLDEN_NAMES))
def test_golden(fmt: str, sample) -> None:
    out = render(fmt, sample.report, sample.rules, root=str(sample.root))
    check_golden(GOLDEN_NAMES[fmt], out)


def test_golden_text_in_colour(sample) -> None:
    out = render("text", sample.report, sample.rules, root=str(sample.root), color=True)
    check_golden("text-color.txt", out)


@pytest.mark.parametrize("fmt", sorted(GOLDEN_NAMES))
def test_rendering_is_deterministic_and_order_independent(fmt: str, sample) -> None:
    first = render(fmt, sample.report, sample.rules, root=str(sample.root))
    sample.report.findings.reverse()
    assert render(fmt, sample.report, sample.rules, root=str(sample.root)) == first
