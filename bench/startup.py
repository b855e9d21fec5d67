"""Target 1 of the speed issue: `msv check` on one small config file.

    python bench/startup.py [--runs 21]

Prints the median wall time and peak memory of `msv check FILE` for a few typical small
configs, each as a ratio to `python -c "import pydantic, yaml, click"` measured pair by pair
in the same run (target: at most 1.25x, goal 1.0x; peak under 40 MiB), plus `msv --version`
and `msv explain` as the floor of the CLI itself.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import paired  # noqa: E402

FILES = {
    ".env": "DASHSCOPE_API_KEY=${DASHSCOPE_API_KEY}\n"
            "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
            "OPENAI_MODEL=qwen-plus\n",
    "settings.json": '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic",\n'
                     '    "ANTHROPIC_MODEL": "qwen3-coder-plus"\n  }\n}\n',
    "modelstudio.yaml": "version: 1\ntargets:\n  - name: api\n    client: openai-compatible\n"
                        "    base_url: https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                        "    api_key_env: DASHSCOPE_API_KEY\n    model: qwen-plus\n",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    py = sys.executable
    msv = str(Path(py).with_name("msv"))
    ref = [py, "-c", "import pydantic, yaml, click"]
    print(f"python: {py}\nreference: {' '.join(ref[1:])}\n")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in FILES.items():
            folder = Path(tmp) / name.replace(".", "_")
            folder.mkdir()
            (folder / name).write_text(text, encoding="utf-8")
            res = paired(f"msv check {name}", [msv, "check", name, "--no-color"], ref, runs=args.runs,
                         cwd=str(folder))
            verdict = "OK" if res.ratio <= 1.25 and res.max_peak_mib < 40 else "MISSED"
            print(res.line("ref"), "->", verdict)
        for cmd in (["--version"], ["explain", "malformed-base-url"]):
            res = paired("msv " + " ".join(cmd), [msv, *cmd], ref, runs=args.runs)
            print(res.line("ref"))


if __name__ == "__main__":
    main()
