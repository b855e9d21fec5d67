"""Target 2 of the speed issue: a monorepo-scale `msv check`.

    python bench/scan.py [--files 10000] [--scale 10] [--runs 3] [--venv PATH] [--tools-venv bench/.tools]

Generates a deterministic corpus (bench/generate_corpus.py) and prints, each with its target:

* `msv check .` over 10,000 files: median wall time and peak memory (<= 2 s, < 150 MiB), plain
  and inside a git work tree (the walk then asks `git ls-files`);
* the same tree with nothing relevant in it: the cost of rejecting a file unparsed (µs/file);
* `--scale`x the files: the time as a multiple of the 10,000-file time, runs of both sizes
  alternated and the ratio taken pair by pair (<= scale + 1);
* yamllint and detect-secrets over the same 10,000-file tree in the same run, as ratios. They
  come from a separate venv (bench/setup-tools.sh makes bench/.tools); they are never project
  dependencies.

``--venv`` picks the environment whose ``msv`` runs (default: this interpreter's); a regular
(non-editable) install is what users get. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402
from harness import Run, run  # noqa: E402

MIB_LIMIT, SECONDS_LIMIT = 150.0, 2.0


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()}"


def timed(name: str, cmd: list[str], runs: int, cwd: Path) -> tuple[float, float, list[Run]]:
    results = [run(cmd, str(cwd)) for _ in range(runs)]
    wall = statistics.median(r.wall for r in results)
    peak = max(r.peak_mib for r in results)
    print(f"  {name}: median {wall:.2f} s over {runs} run(s), peak {peak:.0f} MiB, exit {results[0].code}")
    return wall, peak, results


def git_init(folder: Path) -> bool:
    """Make ``folder`` a git work tree (untracked files are listed too: no commit needed)."""
    return shutil.which("git") is not None and subprocess.run(
        ["git", "init", "-q"], cwd=folder, capture_output=True).returncode == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--venv", type=Path, default=Path(sys.prefix))
    ap.add_argument("--tools-venv", type=Path, default=HERE / ".tools")
    ap.add_argument("--no-tools", action="store_true", help="skip the yamllint / detect-secrets comparison")
    args = ap.parse_args()
    msv = str(args.venv / "bin" / "msv")
    check = [msv, "check", ".", "--no-color", "--exit-zero"]
    tools = args.tools_venv / "bin"
    ok = True
    print(f"machine: {machine()}\nmsv: {msv}\n")
    with tempfile.TemporaryDirectory() as tmp:
        small, empty, big = Path(tmp) / "small", Path(tmp) / "empty", Path(tmp) / "big"
        touched = generate(small, args.files)
        os.sync()
        print(f"corpus: {args.files} files ({touched} touch Model Studio)")
        wall, peak, _ = timed("msv check .", check, args.runs, small)
        good = wall <= SECONDS_LIMIT and peak < MIB_LIMIT
        ok &= good
        print(f"  target: <= {SECONDS_LIMIT:.0f} s and < {MIB_LIMIT:.0f} MiB -> {'OK' if good else 'MISSED'}")

        if not args.no_tools and (tools / "yamllint").exists() and (tools / "detect-secrets").exists():
            y, ypeak, _ = timed("yamllint -f parsable .", [str(tools / "yamllint"), "-f", "parsable", "."], 1, small)
            d, dpeak, _ = timed("detect-secrets scan --all-files .",
                                [str(tools / "detect-secrets"), "scan", "--all-files", "."], 1, small)
            print(f"  ratios (wall): msv/yamllint {wall / y:.3f} (yamllint {y / wall:.1f}x slower), "
                  f"msv/detect-secrets {wall / d:.3f} (detect-secrets {d / wall:.1f}x slower)")
        elif not args.no_tools:
            print("  (no tools venv: run bench/setup-tools.sh to compare with yamllint and detect-secrets)")

        if git_init(small):
            gwall, gpeak, _ = timed("msv check . (in a git work tree)", check, args.runs, small)
            good = gwall <= SECONDS_LIMIT and gpeak < MIB_LIMIT
            ok &= good
            print(f"  target: <= {SECONDS_LIMIT:.0f} s and < {MIB_LIMIT:.0f} MiB -> {'OK' if good else 'MISSED'}")
            shutil.rmtree(small / ".git")

        empty.mkdir()
        zero, _, _ = timed("msv check . (an empty folder: start-up)", check, args.runs, empty)
        generate(empty, args.files, relevant=0.0)
        os.sync()
        ewall, _, _ = timed(f"msv check . ({args.files} files, none relevant)", check, args.runs, empty)
        shutil.rmtree(empty)
        print(f"  {(ewall - zero) / args.files * 1e6:.0f} µs per file walked, read and rejected unparsed")

        if args.scale > 1:
            n = args.files * args.scale
            generate(big, n)
            os.sync()   # the fresh tree's write-back must not run during the timed scans
            print(f"corpus: {n} files; {args.runs} paired runs ({args.files:,} files, then {n:,})")
            pairs = [(run(check, str(small)), run(check, str(big))) for _ in range(args.runs)]
            big_wall = statistics.median(b.wall for _, b in pairs)
            big_peak = max(b.peak_mib for _, b in pairs)
            ratio = statistics.median(b.wall / a.wall for a, b in pairs)
            good = ratio <= args.scale + 1
            ok &= good
            print(f"  msv check .: median {big_wall:.2f} s, peak {big_peak:.0f} MiB, {big_wall / n * 1e6:.0f} µs per file")
            print(f"  {args.scale}x the files took {ratio:.1f}x the time (median of paired ratios; target <= "
                  f"{args.scale + 1}x) -> {'OK' if good else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
