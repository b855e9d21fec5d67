"""Run every shell command block of the README as written, against the bundled examples.

    python .ci/readme_commands.py [README.md] [--msv-bin DIR]

Each line of each ```sh block (comments stripped, ``\\`` continuations joined) runs with bash
in a scratch folder holding a copy of ``examples/`` (so ``msv check examples/``, ``--fix`` and
``msv init`` touch nothing real), with msv's ``bin`` folder first on PATH, a scratch HOME, no
Model Studio key in the environment and every proxy pointed at a closed loopback port (a
command that tried the internet would fail, not leak). A line passes when it exits 0 or 1 (1:
findings, or "not known" for ``msv catalogue resolve``) without "command not found", a usage
error or a traceback. A block right after ``<!-- readme-runner: skip: REASON -->`` is skipped
(the set-up and development blocks, which CI runs itself in ``.ci/run``).
Exit status: the number of failing lines (0: all ran as written).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"(?P<skip><!--\s*readme-runner:\s*skip[^>]*-->\s*\n)?^```(?:sh|bash|shell)\b[^\n]*\n(?P<body>.*?)^```",
                   re.M | re.S)
FAKE_KEY = "sk-" + "0123456789abcdef" * 2
UNDECIDED = 3      # `msv probe` / `diagnose --probe`: could not decide (here: no network, by design)
BAD_OUTPUT = ("command not found", "Traceback (most recent call last)", "No such option", "Error: ")


def blocks(markdown: str) -> list[list[tuple[int, str]]]:
    """The runnable lines ``(line number, command)`` of every shell block, block by block."""
    out = []
    for m in BLOCK.finditer(markdown):
        if m.group("skip"):
            continue
        out.append(_lines(markdown, m))
    return out


def _lines(markdown: str, m: re.Match[str]) -> list[tuple[int, str]]:
    out = []
    if True:
        start = markdown.count("\n", 0, m.start("body")) + 1
        pending, first = "", 0
        for offset, raw in enumerate(m.group("body").splitlines()):
            line = raw.rstrip()
            if not pending:
                first = start + offset
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            cmd = strip_comment(pending + line).strip()
            pending = ""
            if cmd:
                out.append((first, cmd))
    return out


def strip_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a ``#`` inside quotes is kept)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def environment(home: Path, bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith(("DASHSCOPE", "OPENAI", "ANTHROPIC", "QWEN", "MSV_", "GITHUB_")) or k == "PRE_COMMIT")}
    env["DASHSCOPE_API_KEY"] = FAKE_KEY     # what a reader has set; it can only reach the dead proxy
    dead = "http://127.0.0.1:9"
    env.update({"HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1",
                "HTTPS_PROXY": dead, "HTTP_PROXY": dead, "ALL_PROXY": dead, "https_proxy": dead,
                "http_proxy": dead, "NO_PROXY": "", "no_proxy": ""})
    return env


def run_all(readme: Path, bin_dir: Path) -> list[str]:
    """Run the blocks, each in its own scratch folder (lines of one block share it, in order)."""
    failures = []
    for block in blocks(readme.read_text(encoding="utf-8")):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / "work"
            shutil.copytree(REPO / "examples", work / "examples")
            shutil.copytree(REPO / "examples" / "broken" / "dotenv", work, dirs_exist_ok=True)   # `.` has a config
            home = Path(tmp) / "home"
            home.mkdir()
            for number, cmd in block:
                result = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=work,
                                        env=environment(home, bin_dir), capture_output=True, text=True,
                                        timeout=300, stdin=subprocess.DEVNULL)
                text = result.stdout + result.stderr
                bad = [b for b in BAD_OUTPUT if b in text]
                allowed = (0, 1, UNDECIDED) if re.search(r"\bmsv (probe|diagnose)\b", cmd) else (0, 1)
                status = "ok" if result.returncode in allowed and not bad else "FAILED"
                print(f"README.md:{number}: [{status} exit {result.returncode}] {cmd}")
                if status != "ok":
                    failures.append(f"README.md:{number}: {cmd}\n{text[-2000:]}")
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("readme", nargs="?", default=str(REPO / "README.md"))
    ap.add_argument("--msv-bin", default=str(Path(sys.executable).parent), help="folder holding msv")
    args = ap.parse_args()
    failures = run_all(Path(args.readme), Path(args.msv_bin))
    for failure in failures:
        print("\n" + failure, file=sys.stderr)
    return len(failures)


if __name__ == "__main__":
    sys.exit(min(main(), 100))
