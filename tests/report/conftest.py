"""Fixtures for the reporter tests; the sample data lives in report_sample.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.engine import Report

from report_sample import RULES, FILES, Sample, sample_findings, sample_targets


@pytest.fixture(autouse=True)
def pinned_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Golden files must not change with every release."""
    import validator

    monkeypatch.setattr(validator, "__version__", "9.9.9")


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    for rel, text in FILES.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    report = Report(sample_findings(), sample_targets(), files=7, catalogue_version="2026.11.1",
                    catalogue_as_of="2026-11-22", suppressed=1)
    return Sample(report, dict(RULES), tmp_path)
