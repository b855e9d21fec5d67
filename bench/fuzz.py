"""The long fuzz run: every hardening property with a large example budget.

    python bench/fuzz.py [--examples 2000] [--seconds 120] [--only readers]

The default test suite runs the same properties (tests/hardening/test_fuzz_*.py) with a small
budget (``MSV_FUZZ_EXAMPLES``, 25 per property); this script raises it, runs each property once,
and prints, per property and in total, the examples tried, the failures found and the hits of
known bugs (pinned by strict-xfail tests, listed in tests/hardening/hardkit.py KNOWN_BUGS).
Exit 0 when no property failed, 1 otherwise (the falsifying example is printed above the table).

Properties that take pytest fixtures get simple stand-ins (``tmp_path_factory``).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HARDENING = ROOT / "tests" / "hardening"


class _TmpFactory:
    """Enough of pytest's ``tmp_path_factory`` for the properties."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.n = 0

    def mktemp(self, name: str) -> Path:
        self.n += 1
        path = self.base / f"{name}{self.n}"
        path.mkdir()
        return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=2000, help="examples per property (scaled per property)")
    ap.add_argument("--seconds", type=float, default=120.0,
                    help="hang guard per input (tests/hangguard.py): an input still running after this fails")
    ap.add_argument("--only", default="", help="run only properties whose name contains this")
    ap.add_argument("--derandomize", action="store_true", help="same examples on every run")
    args = ap.parse_args(argv)

    os.environ["MSV_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ["MSV_HANG_SECONDS"] = str(args.seconds)
    if args.derandomize:
        os.environ["MSV_FUZZ_DERANDOMIZE"] = "1"
    sys.path[:0] = [str(HARDENING), str(ROOT / "tests" / "probe"), str(ROOT / "tests")]
    import hardkit

    rows: list[tuple[str, int, int, dict[str, int], float]] = []
    failures = 0
    with tempfile.TemporaryDirectory(prefix="msv-fuzz-bench-") as tmp:
        factory = _TmpFactory(Path(tmp))
        for module_path in sorted(HARDENING.glob("test_fuzz_*.py")):
            module = importlib.import_module(module_path.stem)
            for name, func in sorted(vars(module).items()):
                if not (name.startswith("test_") and hasattr(func, "hypothesis")):
                    continue
                label = f"{module_path.stem}::{name}"
                if args.only and args.only not in label:
                    continue
                before = dict(hardkit.TRIED)
                kwargs = {"tmp_path_factory": factory} if "tmp_path_factory" in inspect.signature(func).parameters else {}
                start = time.monotonic()
                failed = 0
                try:
                    func(**kwargs)
                except Exception:  # noqa: BLE001 - report every property, then the total
                    failed = 1
                    traceback.print_exc()
                elapsed = time.monotonic() - start
                delta = {k: v - before.get(k, 0) for k, v in hardkit.TRIED.items() if v != before.get(k, 0)}
                tried = sum(v for k, v in delta.items() if not k.startswith("known-bug:"))
                known = {k.split(":", 1)[1]: v for k, v in delta.items() if k.startswith("known-bug:")}
                rows.append((label, tried, failed, known, elapsed))
                failures += failed
                print(f"{label}: {tried} examples, {failed} failure(s), known bugs {known or '-'}, {elapsed:.1f}s",
                      flush=True)

    width = max((len(r[0]) for r in rows), default=10)
    print()
    print(f"{'property'.ljust(width)}  examples  failures  known-bug hits  seconds")
    for label, tried, failed, known, elapsed in rows:
        kb = ",".join(f"{k}={v}" for k, v in known.items()) or "-"
        print(f"{label.ljust(width)}  {tried:8d}  {failed:8d}  {kb:>14}  {elapsed:7.1f}")
    total = sum(r[1] for r in rows)
    print(f"{'TOTAL'.ljust(width)}  {total:8d}  {failures:8d}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
