"""The walk-read-regex floor: what any Python tool pays to look at every file of a tree.

    python bench/floor.py [FOLDER] [--naive]

Recursive ``os.scandir`` (skipping the folders msv skips by name), every regular file read with
``os.read`` in one call sized by ``os.fstat``, lower-cased and searched once with one regex of
msv's marker words (the same trie-shaped pattern msv uses, built here from the same word list
by a copy of ``validator.wordtrie.trie_pattern``, so this script imports nothing of msv;
tests/bench/test_floor.py keeps the two equal). It prints the number of files read and of files
holding a marker word. No parsing, no rules, no report: ``bench/scan.py`` reports msv's time as
a multiple of this one's.

``--naive`` is the floor as first written (until December 2026), and the one the issue's
target is set against: a plain ``w1|w2|…`` alternation (msv's marker regex when the review
measured 0.39 s at 10,000 files, ../shared/reviews/perf.md §2) and ``os.read(fd, 2 MiB)``. It is
~2x slower than the default floor above, which is kept as a stricter reference.
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


def trie_pattern(words: list[str]) -> str:
    """``validator.wordtrie.trie_pattern``, copied (this script imports nothing of msv)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return (body if body.startswith("(?:") and len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(tree)


def pattern(naive: bool = False) -> re.Pattern[bytes]:
    words = sorted({w.lower() for w in MARKER_WORDS})
    if naive:
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))).encode())
    return re.compile(trie_pattern(words).encode())


def scan(top: str, marker: re.Pattern[bytes], naive: bool = False) -> tuple[int, int]:
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
                        data = os.read(fd, LIMIT if naive else min(os.fstat(fd).st_size, LIMIT) + 1)
                    finally:
                        os.close(fd)
                except OSError:
                    continue
                files += 1
                if marker.search(data.lower()) is not None:
                    hits += 1
    return files, hits


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--naive"]
    naive = "--naive" in sys.argv[1:]
    files, hits = scan(args[0] if args else ".", pattern(naive), naive)
    print(f"{files} files read, {hits} with a marker word")


if __name__ == "__main__":
    main()
