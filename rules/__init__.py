"""msv's rules, grouped by family, registered in :mod:`validator.rules.registry`.

This folder is installed as ``validator.rules``; it must never be importable as a bare
``rules`` (that name belongs to nobody and would clash with other packages).
"""

if __name__ != "validator.rules":  # pragma: no cover - exercised by tests/test_packaging.py
    raise ImportError("import validator.rules, not the bare 'rules' folder")

from . import inputs  # noqa: E402,F401  (registration happens on import)
from . import endpoint, credentials, models, features, probe  # noqa: E402,F401
from .registry import Rule, all_rules, get  # noqa: E402,F401
