"""The cost of loading the catalogue: ``load()`` vs ``python -c pass``, measured pair by pair.

    python bench/catalogue_load.py [--runs 21]

Prints, for separate processes (ratios against ``python -c pass`` in the same run, see
harness.py):

* ``import validator.catalogue; load()`` plus one query of each kind (what every ``msv`` run pays);
* the same with one user extension (pays for pydantic and YAML, on purpose);
* ``python -m validator.catalogue.compile --check`` (the full YAML validation the runtime skips).

and, in this process, the milliseconds of ``json.load`` + index construction versus a full
validating compile. Bytecode is cached in a temporary ``PYTHONPYCACHEPREFIX`` as in a real
install, even when the environment sets ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import paired  # noqa: E402

QUERY = (
    "from validator.catalogue import load; c = load(%s); "
    "c.resolve('https://dashscope-intl.aliyuncs.com/compatible-mode/v1'); c.model('qwen-plus'); "
    "c.key_shape('sk-x'); c.client('litellm'); c.match_error(401, '{}')"
)
EXTENSION = """\
models:
  - {name: qwen9-plus, family: qwen-plus, scopes: [international], protocols: [openai], plans: [payg],
     source: "https://example.com/release", confidence: official}
"""


def in_process(repeat: int) -> None:
    import json

    from validator.catalogue import compile as compiler
    from validator.catalogue.index import COMPILED, Catalogue

    loads, builds = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        with COMPILED.open("rb") as fh:
            Catalogue(json.load(fh))
        loads.append(time.perf_counter() - t0)
    for _ in range(max(3, repeat // 5)):
        t0 = time.perf_counter()
        compiler.build()
        builds.append(time.perf_counter() - t0)
    print(f"in process: json.load + index {statistics.median(loads) * 1000:.2f} ms; "
          f"validating compile of the YAML {statistics.median(builds) * 1000:.1f} ms "
          f"({statistics.median(builds) / statistics.median(loads):.0f}x)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    py = sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        ext = Path(tmp) / "ext.yaml"
        ext.write_text(EXTENSION, encoding="utf-8")
        ref = [py, "-c", "pass"]
        print(f"python: {py}\nreference: python -c pass\n")
        cases = [
            ("load() + queries", [py, "-c", QUERY % ""]),
            ("load([extension]) + queries", [py, "-c", QUERY % repr([str(ext)])]),
            ("compile --check (full validation)", [py, "-m", "validator.catalogue.compile", "--check"]),
        ]
        for name, cmd in cases:
            print(paired(name, cmd, ref, runs=args.runs, env=env).line("python -c pass"))
    in_process(max(5, args.runs))


if __name__ == "__main__":
    main()
