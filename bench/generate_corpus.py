"""Generate a deterministic monorepo-like tree for the scan benchmarks.

    python bench/generate_corpus.py OUT_DIR --files 10000 [--seed 7] [--relevant 0.05] [--python-only]

The mix imitates a real monorepo: Python and TypeScript sources, JSON, YAML and TOML configs,
``.env`` files, Markdown and a few binaries, spread over nested packages. About ``--relevant``
of the files touch Model Studio (a base URL, a key variable, a Claude Code settings file, a
Codex provider, a LiteLLM model list…), some correct and some broken, so the scan does real
work on them while everything else must be rejected cheaply. The same seed gives the same
tree byte for byte.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

HOSTS = [
    "https://dashscope.aliyuncs.com/compatible-mode/v1",
    "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
    "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions",
    "https://dashscope.aliyun.com/compatible-mode/v1",
    "https://dashscope-intl.aliyuncs.com/apps/anthropic",
    "https://coding.dashscope.aliyuncs.com/v1",
    "http://dashscope.aliyuncs.com/api/v1",
]
MODELS = ["qwen-plus", "qwen-max", "qwen3-coder-plus", "qwen-plus-lastest", "qwen3.5-plus", "Qwen-Max"]


def _fake_key(rng: random.Random) -> str:
    return "sk-" + "".join(rng.choice("0123456789abcdef") for _ in range(32))


def _relevant(rng: random.Random, i: int) -> tuple[str, str]:
    host, model = rng.choice(HOSTS), rng.choice(MODELS)
    kind = i % 6
    if kind == 0:
        return ".env", f"DASHSCOPE_API_KEY={_fake_key(rng)}\nOPENAI_BASE_URL={host}\nOPENAI_MODEL={model}\n"
    if kind == 1:
        return "client.py", (
            "import os\nfrom openai import OpenAI\n\n"
            f'client = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"), base_url="{host}")\n'
            f'resp = client.chat.completions.create(model="{model}", messages=[], temperature=0.7)\n'
        )
    if kind == 2:
        return "settings.json", (
            '{\n  "env": {\n'
            f'    "ANTHROPIC_BASE_URL": "{host}",\n'
            '    "ANTHROPIC_AUTH_TOKEN": "${DASHSCOPE_API_KEY}",\n'
            f'    "ANTHROPIC_MODEL": "{model}"\n  }}\n}}\n'
        )
    if kind == 3:
        return "config.toml", (
            f'model = "{model}"\nmodel_provider = "bailian"\n\n[model_providers.bailian]\n'
            f'name = "Bailian"\nbase_url = "{host}"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "responses"\n'
        )
    if kind == 4:
        return "litellm_config.yaml", (
            f"model_list:\n  - model_name: {model}\n    litellm_params:\n"
            f"      model: dashscope/{model}\n      api_base: {host}\n"
            "      api_key: os.environ/DASHSCOPE_API_KEY\n"
        )
    return "llm.ts", (
        'import OpenAI from "openai";\n'
        f'export const client = new OpenAI({{ apiKey: process.env.DASHSCOPE_API_KEY, baseURL: "{host}" }});\n'
    )


def _filler(rng: random.Random, i: int) -> tuple[str, str | bytes]:
    kind = i % 9
    n = rng.randint(5, 60)
    if kind == 0:
        body = "\n".join(f"def f{j}(x):\n    return x * {j}\n" for j in range(n))
        return f"mod_{i}.py", "import math\n\n" + body
    if kind == 1:
        body = "\n".join(f"export function f{j}(x: number): number {{ return x * {j}; }}" for j in range(n))
        return f"mod_{i}.ts", body + "\n"
    if kind == 2:
        items = ",\n".join(f'  "key{j}": {{"value": {j}, "name": "item {j}"}}' for j in range(n))
        return f"data_{i}.json", "{\n" + items + "\n}\n"
    if kind == 3:
        return f"conf_{i}.yaml", "".join(f"key{j}:\n  value: {j}\n  name: item {j}\n" for j in range(n))
    if kind == 4:
        return f"conf_{i}.toml", "".join(f"[section{j}]\nvalue = {j}\nname = \"item {j}\"\n" for j in range(n))
    if kind == 5:
        return f"README_{i}.md", "".join(f"## Section {j}\n\nSome prose about item {j}.\n\n" for j in range(n))
    if kind == 6:
        return f".env.sample{i}", "".join(f"APP_SETTING_{j}=value{j}\n" for j in range(min(n, 12)))
    if kind == 7:
        return f"blob_{i}.bin", bytes(rng.getrandbits(8) for _ in range(512)) + b"\0"
    return f"notes_{i}.txt", "plain text " * n + "\n"


def generate(out: Path, files: int, seed: int = 7, relevant: float = 0.05) -> int:
    """Write ``files`` files under ``out`` (wiped first); return how many touch Model Studio."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    touched = 0
    for i in range(files):
        pkg = out / f"pkg{i // 250:03d}" / f"sub{(i // 25) % 10}"
        pkg.mkdir(parents=True, exist_ok=True)
        if rng.random() < relevant:
            name, content = _relevant(rng, i)
            folder = pkg / f"svc{i}"
            if name == "settings.json":
                folder = folder / ".claude"
            folder.mkdir(parents=True, exist_ok=True)
            path, touched = folder / name, touched + 1
        else:
            name, content = _filler(rng, i)
            path = pkg / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return touched


def generate_python(out: Path, files: int, seed: int = 7, relevant: float = 0.05) -> int:
    """A Python-only tree (for the comparison with ruff): the same packages, every file a module;
    about ``relevant`` of them are OpenAI/DashScope clients."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    touched = 0
    for i in range(files):
        pkg = out / f"pkg{i // 250:03d}" / f"sub{(i // 25) % 10}"
        pkg.mkdir(parents=True, exist_ok=True)
        if rng.random() < relevant:
            _, content = _relevant(rng, 1)
            name, touched = f"client_{i}.py", touched + 1
        else:
            _, content = _filler(rng, 0)
            name = f"mod_{i}.py"
        (pkg / name).write_text(str(content), encoding="utf-8")
    return touched


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--relevant", type=float, default=0.05)
    ap.add_argument("--python-only", action="store_true", help="every file a Python module (for ruff)")
    args = ap.parse_args()
    touched = (generate_python if args.python_only else generate)(args.out, args.files, args.seed, args.relevant)
    print(f"wrote {args.files} files under {args.out} ({touched} touch Model Studio)")


if __name__ == "__main__":
    main()
