"""modelstudio-validator: find what is wrong with how code and AI tools talk to Alibaba Cloud
Model Studio (Bailian / DashScope) — before and after the HTTP 401.

The Python API is small and typed::

    import validator
    findings = validator.check(["."], key_region="cn-beijing")
    cat = validator.load_catalogue()
    cat.resolve("https://dashscope-intl.aliyuncs.com/compatible-mode/v1").region

Importing this package is cheap: everything heavy is imported on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Sequence

    from validator.catalogue.index import Catalogue
    from validator.model import Finding

__all__ = ["__version__", "check", "load_catalogue"]


def load_catalogue(extensions: Sequence[str] = ()) -> "Catalogue":
    """The bundled catalogue, with user extension files merged over it."""
    from validator.catalogue import load

    return load(extensions)


def check(paths: Sequence[str] = (".",), **options: Any) -> "list[Finding]":
    """Check files and directories; return the findings (never prints, never exits).

    Keyword options mirror the CLI: ``select``, ``ignore``, ``key_region``, ``key_plan``,
    ``key_workspace``, ``usage``, ``residency``, ``catalogues``, ``include_ignored``…
    """
    from validator.api import run_check

    return run_check(paths, **options).findings
