"""Target 2 of the speed issue: a monorepo-scale `msv check`.

    python bench/scan.py [--files 10000] [--scale 10] [--runs 3] [--tools-venv bench/.tools]

Generates a deterministic corpus (bench/generate_corpus.py), runs `msv check` over it and
prints wall time and peak memory (targets: 10,000 files in at most 2 s and under 150 MiB;
`--scale`× the files within 11× that time). When a tools venv with yamllint and
detect-secrets exists (bench/setup-tools.sh makes one; they are never project dependencies),
the same tree is scanned with them in the same run and the ratios are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402
from harness import run  # noqa: E402


def timed(name: str, cmd: list[str], runs: int, cwd: str) -> tuple[float, float]:
    results = [run(cmd, cwd) for _ in range(runs)]
    wall = statistics.median(r.wall for r in results)
    peak = max(r.peak_mib for r in results)
    print(f"  {name}: median {wall:.2f} s over {runs} runs, peak {peak:.0f} MiB, exit {results[0].code}")
    return wall, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tools-venv", type=Path, default=HERE / ".tools")
    args = ap.parse_args()
    msv = str(Path(sys.executable).with_name("msv"))
    tools = args.tools_venv / "bin"
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small", Path(tmp) / "big"
        touched = generate(small, args.files)
        print(f"corpus: {args.files} files ({touched} touch Model Studio)")
        wall, peak = timed("msv check", [msv, "check", ".", "--no-color", "--exit-zero"], args.runs, str(small))
        ok = wall <= 2.0 and peak < 150
        print(f"  target 10k: <= 2 s and < 150 MiB -> {'OK' if ok else 'MISSED'}")
        if (tools / "yamllint").exists():
            y, _ = timed("yamllint .", [str(tools / "yamllint"), "-f", "parsable", "."], 1, str(small))
            d, _ = timed("detect-secrets scan .", [str(tools / "detect-secrets"), "scan", "--all-files", "."], 1,
                         str(small))
            print(f"  ratios: msv/yamllint {wall / y:.2f}, msv/detect-secrets {wall / d:.2f}")
        else:
            print("  (no tools venv: run bench/setup-tools.sh to compare with yamllint and detect-secrets)")
        if args.scale > 1:
            generate(big, args.files * args.scale)
            print(f"corpus: {args.files * args.scale} files")
            big_wall, big_peak = timed("msv check", [msv, "check", ".", "--no-color", "--exit-zero"], 1, str(big))
            ratio = big_wall / wall
            print(f"  {args.scale}x files took {ratio:.1f}x the time (target <= {args.scale + 1}x) -> "
                  f"{'OK' if ratio <= args.scale + 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
