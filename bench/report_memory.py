"""Report memory: peak RSS per format, and per 1,000 findings, at 10,000 findings (issue 18, item 3).

    python bench/report_memory.py [--findings 10000] [--venv PATH]

Writes a tree of ``.env`` files with one wrong host each (one error, and the info the shared
domain earns) so that ``msv check .`` reports about ``--findings`` findings, then runs
``msv check . --format F --output FILE`` for every format and prints, per format, the peak
memory, the memory above an empty run per 1,000 findings, and the ratio to the text report.
Target: SARIF peak <= 1.2x the text report's. Exit status 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import run  # noqa: E402

FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")
TARGET = 1.2
LINE = "OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\n"


def tree(base: Path, files: int) -> Path:
    for i in range(files):
        d = base / f"d{i // 500:03}" / f"s{i:05}"
        d.mkdir(parents=True, exist_ok=True)
        (d / ".env").write_text(LINE)
    return base


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--findings", type=int, default=10_000)
    ap.add_argument("--venv", default=None, help="environment whose msv runs (default: this one)")
    args = ap.parse_args()
    msv = str(Path(args.venv, "bin", "msv")) if args.venv else str(Path(sys.executable).with_name("msv"))
    with tempfile.TemporaryDirectory() as tmp:
        root = tree(Path(tmp) / "t", args.findings)
        empty = Path(tmp) / "empty"
        empty.mkdir()
        out = Path(tmp) / "report"
        floor = run([msv, "check", ".", "--output", str(out)], cwd=str(empty)).peak_mib
        probe = run([msv, "check", ".", "--format", "json", "--output", str(out)], cwd=str(root))
        count = len(json.loads(out.read_text())["findings"])
        peaks = {}
        for fmt in FORMATS:
            peaks[fmt] = run([msv, "check", ".", "--format", fmt, "--output", str(out)], cwd=str(root)).peak_mib
    print(f"{count} findings ({args.findings} files); empty run {floor:.1f} MiB; json run {probe.wall:.1f} s")
    print(f"{'format':<8} {'peak MiB':>9} {'MiB/1k findings':>16} {'x text':>7}")
    for fmt, peak in peaks.items():
        per_k = (peak - floor) / max(count, 1) * 1000
        print(f"{fmt:<8} {peak:>9.1f} {per_k:>16.2f} {peak / peaks['text']:>7.2f}")
    ratio = peaks["sarif"] / peaks["text"]
    ok = ratio <= TARGET
    print(f"SARIF peak / text peak = {ratio:.2f} (target <= {TARGET}): {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
