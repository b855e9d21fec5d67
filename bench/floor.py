"""The walk-read-regex floor: what any Python tool pays to look at every file of a tree.

    python bench/floor.py [FOLDER]

Recursive ``os.scandir`` (skipping the folders msv skips by name), every regular file read with
``os.read``, lower-cased and searched once with one regex of msv's marker words (the same
trie-shaped pattern msv uses, built here from the same word list so this script imports nothing
of msv). It prints the number of files read and of files holding a marker word. No parsing, no
rules, no report: ``bench/scan.py`` reports msv's time as a multiple of this one's.
"""

from __future__ import annotations

import os
import re
import sys

# validator.sources.markers.MARKER_WORDS (tests/bench/test_floor.py keeps the two equal)
MARKER_WORDS = (
    "dashscope", "aliyuncs", "bailian", "qwen", "modelstudio", "model_studio", "model-studio",
    "tongyi", "alibaba", "aliyun", "maas", "sk-", "anthropic", "openai", "model_provider",
    "litellm", "api_key_env", "envkey", "env_key", "apikey", "api_key", "base_url", "baseurl",
    "api_base",
)
SKIP = {".git", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", ".pytest_cache",
        "build", "dist"}
LIMIT = 2 * 1024 * 1024


def pattern() -> re.Pattern[bytes]:
    words = sorted({w.lower() for w in MARKER_WORDS}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in words).encode())


def scan(top: str, marker: re.Pattern[bytes]) -> tuple[int, int]:
    files = hits = 0
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                if e.name not in SKIP:
                    stack.append(e.path)
            elif e.is_file(follow_symlinks=False):
                try:
                    fd = os.open(e.path, os.O_RDONLY)
                    try:
                        data = os.read(fd, LIMIT)
                    finally:
                        os.close(fd)
                except OSError:
                    continue
                files += 1
                if marker.search(data.lower()) is not None:
                    hits += 1
    return files, hits


def main() -> None:
    files, hits = scan(sys.argv[1] if len(sys.argv) > 1 else ".", pattern())
    print(f"{files} files read, {hits} with a marker word")


if __name__ == "__main__":
    main()
