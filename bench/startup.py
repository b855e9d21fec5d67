"""Target 1 of the speed issue: `msv check` on one small config file.

    python bench/startup.py [--runs 21] [--venv PATH ...]

Prints the median wall time and peak memory of `msv check FILE` for a few typical small
files, each as a ratio to `python -c "import pydantic, yaml, click"` run by the same
interpreter and measured pair by pair in the same run (target: at most 1.25x, goal 1.0x;
peak under 40 MiB), plus `msv --version` and `msv explain` as the floor of the CLI itself.

``--venv`` (repeatable) names the environments to measure; the default is the one running
this script. Measure a regular install too (``python -m venv /tmp/benchvenv &&
/tmp/benchvenv/bin/pip install .``): an editable install adds an import-finder cost that
users never pay. Bytecode is cached in a temporary ``PYTHONPYCACHEPREFIX`` (as a real
install has it), even when the environment sets ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Paired, paired  # noqa: E402

FILES = {
    ".env": "DASHSCOPE_API_KEY=${DASHSCOPE_API_KEY}\n"
            "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
            "OPENAI_MODEL=qwen-plus\n",
    ".claude/settings.json": '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic",\n'
                     '    "ANTHROPIC_MODEL": "qwen3-coder-plus"\n  }\n}\n',
    "client.py": 'import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"),\n'
                 '                base_url="https://dashscope-intl.aliyuncs.com/compatible-mode/v1")\n'
                 'resp = client.chat.completions.create(model="qwen-plus", messages=[])\n',
    "litellm_config.yaml": "model_list:\n  - model_name: qwen-plus\n    litellm_params:\n"
                           "      model: dashscope/qwen-plus\n"
                           "      api_base: https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
                           "      api_key: os.environ/DASHSCOPE_API_KEY\n",
    "modelstudio.yaml": "version: 1\ntargets:\n  - name: api\n    client: openai-compatible\n"
                        "    base_url: https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                        "    api_key_env: DASHSCOPE_API_KEY\n    model: qwen-plus\n",
    # the other languages the Model Studio docs show, and a raw curl request (issue 13)
    "Main.java": 'import com.openai.client.okhttp.OpenAIOkHttpClient;\n\npublic class Main {\n'
                 '  public static void main(String[] args) {\n    var client = OpenAIOkHttpClient.builder()\n'
                 '        .apiKey(System.getenv("DASHSCOPE_API_KEY"))\n'
                 '        .baseUrl("https://dashscope-intl.aliyuncs.com/compatible-mode/v1")\n        .build();\n  }\n}\n',
    "main.go": 'package main\n\nimport (\n\t"os"\n\n\t"github.com/openai/openai-go"\n\t"github.com/openai/openai-go/option"\n)\n\n'
               'func main() {\n\tclient := openai.NewClient(\n\t\toption.WithAPIKey(os.Getenv("DASHSCOPE_API_KEY")),\n'
               '\t\toption.WithBaseURL("https://dashscope-intl.aliyuncs.com/compatible-mode/v1"),\n\t)\n\t_ = client\n}\n',
    "Program.cs": 'using OpenAI;\nvar options = new OpenAIClientOptions {\n'
                  '    Endpoint = new Uri("https://dashscope-intl.aliyuncs.com/compatible-mode/v1") };\n'
                  'var key = Environment.GetEnvironmentVariable("DASHSCOPE_API_KEY");\n',
    "index.php": "<?php\n$ch = curl_init('https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions');\n"
                 "curl_setopt($ch, CURLOPT_HTTPHEADER, ['Authorization: Bearer ' . getenv('DASHSCOPE_API_KEY')]);\n",
    "call.sh": '#!/bin/sh\ncurl https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions \\\n'
               '  -H "Authorization: Bearer $DASHSCOPE_API_KEY" \\\n  -d \'{"model": "qwen-plus", "messages": []}\'\n',
}
# A repository that configures msv: the settings are read (and validated) on every run.
PYPROJECT = ('[project]\nname = "app"\nversion = "1.0"\n\n[tool.msv]\nexclude = ["tests/"]\nfail-on = "warning"\n'
             '\n[tool.msv.per-path-ignores]\n"docs/*" = ["unknown-host"]\n')
TARGET, PEAK = 1.25, 40.0


def _install_kind(python: Path) -> str:
    code = "import validator; print(validator.__file__)"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir())
    inside = Path(out.stdout.strip()).resolve().is_relative_to(python.parent.parent.resolve())
    return "regular install" if inside else f"editable install of {Path(out.stdout.strip()).parent.parent}"


def _git_repo(folder: Path) -> bool:
    """Make ``folder`` a git work tree with its file committed (what a pre-commit hook sees)."""
    if shutil.which("git") is None:
        return False
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b",
           "GIT_COMMITTER_EMAIL": "b@b"}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        if subprocess.run(["git", *cmd], cwd=folder, env=env, capture_output=True).returncode != 0:
            return False
    return True


def bench_venv(venv: Path, runs: int, tmp: Path, env: dict[str, str],
               only: list[str] | None = None) -> list[tuple[str, Paired, bool]]:
    py = venv / "bin" / "python"
    msv = str(venv / "bin" / "msv")
    ref = [str(py), "-c", "import pydantic, yaml, click"]
    print(f"== {venv} ({_install_kind(py)})\nreference: python -c \"import pydantic, yaml, click\"")
    results: list[tuple[str, Paired, bool]] = []
    cases = [(name, text, "") for name, text in FILES.items()] + [(".env", FILES[".env"], "git"),
                                                                   (".env", FILES[".env"], "settings")]
    if only:
        cases = [c for c in cases if c[0] in only and not c[2]]
    for name, text, extra in cases:
        folder = tmp / venv.name / (name.replace(".", "_").replace("/", "_") + extra)
        (folder / name).parent.mkdir(parents=True)
        (folder / name).write_text(text, encoding="utf-8")
        if extra == "settings":
            (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
        in_git = extra == "git"
        label = f"msv check {name}" + {"git": " (in a git repo)", "settings": " ([tool.msv] in pyproject.toml)",
                                       "": ""}[extra]
        if in_git and not _git_repo(folder):
            print(f"{label}: skipped (git unavailable)")
            continue
        res = paired(label, [msv, "check", name, "--no-color"], ref, runs=runs, cwd=str(folder), env=env)
        ok = res.ratio <= TARGET and res.max_peak_mib < PEAK
        results.append((label, res, ok))
        print(res.line("ref"), "->", "OK" if ok else "MISSED")
    for cmd in (["--version"], ["explain", "malformed-base-url"]):
        res = paired("msv " + " ".join(cmd), [msv, *cmd], ref, runs=runs, env=env)
        print(res.line("ref"))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--only", action="append", default=None, metavar="FILE",
                    help="measure only these files of FILES (repeatable), e.g. --only Main.java")
    ap.add_argument("--venv", type=Path, action="append", default=None,
                    help="environment to measure (repeatable; default: the one running this script)")
    args = ap.parse_args()
    venvs = args.venv or [Path(sys.prefix)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        for venv in venvs:
            results = bench_venv(venv.resolve(), args.runs, Path(tmp), env, only=args.only)
            if results:
                worst = max(results, key=lambda r: r[1].ratio)
                med = statistics.median(r[1].ratio for r in results)
                verdicts.append(all(ok for _, _, ok in results))
                print(f"summary: median ratio {med:.2f}x, worst {worst[1].ratio:.2f}x ({worst[0]}); "
                      f"target <= {TARGET}x and < {PEAK:.0f} MiB -> {'OK' if verdicts[-1] else 'MISSED'}\n")
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
