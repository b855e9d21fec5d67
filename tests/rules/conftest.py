"""Fixtures for rule tests (helpers to build targets are in rulekit.py)."""

from __future__ import annotations

import pytest

import validator


@pytest.fixture(scope="session")
def cat():
    return validator.load_catalogue()
