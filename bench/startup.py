"""Target 1 of the speed issues: `msv check` on small files, as a pre-commit hook runs it.

    python bench/startup.py [--runs 21] [--venv PATH ...]

Every figure is a ratio to a reference command run by the same interpreter, measured pair by
pair in the same run (A B A B …; the median of the per-pair ratios), so the drift of a shared
machine cancels out. The references are what msv cannot avoid paying:

* ``python -c pass``: bare Python (goal: `msv check .env` <= 3x);
* ``python -c "import click"``: the CLI library (``msv check FILE…`` no longer imports it);
* ``python -c "import yaml, click"``: both third-party imports of the slowest path (target:
  `msv check .env` <= 1.0x, 20 staged files in a git repository <= 1.1x).

Also measured: other typical single files (Java, Go, C#, PHP and a curl script too: target
`msv check` on one Java or Go file <= 1.25x "import yaml, click"; ``--only FILE`` measures a few), a repository with ``[tool.msv]`` settings, and
``msv --version`` / ``msv explain`` (click's own floor). ``--venv`` (repeatable) names the
environments to measure; default: the one running this script. Measure a regular install too
(``python -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install .``): an editable install adds
an import-finder cost users never pay. Bytecode is cached in a temporary ``PYTHONPYCACHEPREFIX``
(as a real install has it), even when the environment sets ``PYTHONDONTWRITEBYTECODE``, and so is
msv's compiled-pattern cache (``validator/regex_cache.py``: written beside the bytecode by the
first run); the 20 staged files are measured once more with that cache removed before every run
(a fresh install's first run).
Exit status 1 when a target is missed.
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
from typing import Callable

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
}
# The other languages the Model Studio docs show and a raw curl request (issue 13), measured alone
# (not part of the 20 staged files): target `msv check` on one Java or Go file <= 1.25x "import yaml, click".
LANGUAGE_FILES = {
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
PEAK = 40.0
REFERENCES = {"pass": "pass", "click": "import click", "yaml+click": "import yaml, click"}
# (case, reference, target ratio or None)
TARGETS = {(".env", "yaml+click"): 1.0, (".env", "pass"): 3.0, ("20 staged files", "yaml+click"): 1.1,
           ("Main.java", "yaml+click"): 1.25, ("main.go", "yaml+click"): 1.25}
GOALS = {(".env", "pass")}   # reported, not failed on


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


def _staged(folder: Path) -> list[str] | None:
    """20 mixed files (the FILES above, in five folders) staged in a fresh git repository."""
    names = []
    for i in range(4):
        for name, text in FILES.items():
            rel = f"pkg{i}/{name}"
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
            names.append(rel)
    return names if _git_repo(folder) else None


def bench_venv(venv: Path, runs: int, tmp: Path, env: dict[str, str],
               only: list[str] | None = None) -> list[tuple[str, Paired, bool]]:
    py = venv / "bin" / "python"
    msv = str(venv / "bin" / "msv")
    refs = {key: [str(py), "-c", code] for key, code in REFERENCES.items()}
    print(f"== {venv} ({_install_kind(py)})")
    results: list[tuple[str, Paired, bool]] = []

    def measure(label: str, case: str, cmd: list[str], ref: str, cwd: Path,
                before: Callable[[], object] | None = None) -> None:
        res = paired(label, cmd, refs[ref], runs=runs, cwd=str(cwd), env=env, before=before)
        target = TARGETS.get((case, ref))
        verdict = ""
        if target is not None:
            ok = res.ratio <= target and res.max_peak_mib < PEAK
            kind = "goal" if (case, ref) in GOALS else "target"
            verdict = f" -> {kind} <= {target}x: {'OK' if ok else 'MISSED'}"
            if kind == "target":
                results.append((label, res, ok))
        print(res.line(f"`python -c \"{REFERENCES[ref]}\"`") + verdict)

    base = tmp / venv.name
    cases = [(name, text, "") for name, text in FILES.items()] + [(".env", FILES[".env"], "git"),
                                                                   (".env", FILES[".env"], "settings")]
    cases += [(name, text, "") for name, text in LANGUAGE_FILES.items()]
    if only:
        cases = [c for c in cases if c[0] in only and not c[2]]
    for name, text, extra in cases:
        folder = base / (name.replace(".", "_").replace("/", "_") + extra)
        (folder / name).parent.mkdir(parents=True)
        (folder / name).write_text(text, encoding="utf-8")
        if extra == "settings":
            (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
        label = f"msv check {name}" + {"git": " (in a git repo)", "settings": " ([tool.msv] in pyproject.toml)",
                                       "": ""}[extra]
        if extra == "git" and not _git_repo(folder):
            print(f"{label}: skipped (git unavailable)")
            continue
        cmd = [msv, "check", name, "--no-color"]
        for ref in (REFERENCES if (name, extra) == (".env", "") else ["yaml+click"]):
            measure(label, name if not extra else f"{name} {extra}", cmd, ref, folder)
    staged_dir = base / "staged"
    with_staged = not only or "staged" in only
    staged = _staged(staged_dir) if with_staged else None
    if not with_staged:
        pass
    elif staged is None:
        print("msv check F1..F20: skipped (git unavailable)")
    else:
        measure("msv check F1..F20 (20 staged files)", "20 staged files", [msv, "check", *staged], "yaml+click",
                staged_dir)
        # The same run where no pattern cache exists yet (the first run of a fresh install, or
        # where bytecode is not written): informational, no target.
        prefix = Path(env["PYTHONPYCACHEPREFIX"])
        measure("msv check F1..F20, first run (no pattern cache)", "first run", [msv, "check", *staged],
                "yaml+click", staged_dir, before=lambda: [p.unlink() for p in prefix.rglob("msv-regex.*")])
    for cmd in ([] if only else (["--version"], ["explain", "malformed-base-url"])):
        res = paired("msv " + " ".join(cmd), [msv, *cmd], refs["pass"], runs=runs, env=env)
        print(res.line("`python -c pass`"))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--only", action="append", default=None, metavar="FILE",
                    help="measure only these files (repeatable), e.g. --only Main.java --only main.go; "
                         "--only staged: the 20 staged files")
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
                missed = [label for label, _, ok in results if not ok]
                peak = max(r[1].max_peak_mib for r in results)
                print(f"summary: targets median ratio {med:.2f}x, worst {worst[1].ratio:.2f}x ({worst[0]}); "
                      f"peak {peak:.1f} MiB (< {PEAK:.0f}: {'OK' if peak < PEAK else 'MISSED'}); "
                      f"{len(results) - len(missed)} of {len(results)} targets met"
                      + (f", missed: {', '.join(missed)}" if missed else "") + "\n")
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
