"""Pydantic models of msv's inputs and the JSON Schema files exported from them.

Installed as ``validator.schemas`` (never as a bare ``schemas``). The models validate input
only — catalogue YAML, ``modelstudio.yaml``, ``[tool.msv]`` settings — and are imported lazily:
the pipeline's own records are the plain dataclasses in :mod:`validator.model`.
"""

if __name__ != "validator.schemas":  # pragma: no cover - exercised by tests/test_packaging.py
    raise ImportError("import validator.schemas, not the bare 'schemas' folder")
