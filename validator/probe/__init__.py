"""The live probe: where does this key work, and what stops it?

Only this package talks to the network, and only :mod:`validator.probe.transport` imports
httpx — when a probe actually runs, so static commands never pay for it. Layout:

- :mod:`.observation` — what was seen (``Observation``), safe to print and cache
- :mod:`.body`        — reading error bodies and pasted errors (shared with ``msv diagnose``)
- :mod:`.classify`    — one answer → accepted / rejected / inconclusive + meaning
- :mod:`.safety`      — where a key may go; scrubbing text
- :mod:`.plan`        — which token-free request goes to which host
- :mod:`.transport`   — concurrent, bounded, redirect-free sending
- :mod:`.cache`       — short-lived verdict cache keyed by a hash of the key
- :mod:`.runner`      — the key locator (``probe``, ``probe_async``)
- :mod:`.render`      — text and JSON views
"""

from __future__ import annotations

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Observation", "ProbeSettings", "ProbeRun", "probe", "probe_async"]


def __getattr__(name: str) -> Any:  # lazy: importing the package costs nothing
    if name == "Observation":
        from .observation import Observation

        return Observation
    if name in ("ProbeSettings", "ProbeRun", "probe", "probe_async"):
        from . import runner

        return getattr(runner, name)
    raise AttributeError(name)
