"""The reader registry: lazy entries that behave exactly like the readers they stand for."""

from __future__ import annotations

import importlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.sources import registry, shell
from validator.sources.registry import READERS
from validator.sources.walk import TEXT_NAMES, TEXT_SUFFIXES


def real(entry: registry.LazyReader):
    if isinstance(entry, registry.SettingsFiles):
        return entry.reader
    return importlib.import_module(entry.module, "validator.sources").READER


FORMATS = [e for e in READERS if not isinstance(e, registry.ClientFiles)]   # readers that know their files


def test_each_entry_names_its_reader() -> None:
    assert [real(e).name for e in READERS] == [e.name for e in READERS]
    assert len({e.name for e in READERS}) == len(READERS)


def test_client_readers_come_from_the_records(catalogue) -> None:
    """Every record that names files names a reader the registry has, and every client reader
    in the registry is named by a record: the files a client reads are written only there."""
    named = {c.reader for c in catalogue.clients() if c.files}
    assert named <= set(registry.CLIENT_READERS) | {registry.SETTINGS}
    assert set(registry.CLIENT_READERS) <= named
    entries = [e for e in READERS if isinstance(e, registry.ClientFiles)]
    grouped = [c.id for e in entries for c in getattr(e, "clients", [e.client])]
    assert sorted(grouped) == sorted(c.id for c in catalogue.clients() if c.files)
    for e in entries:
        assert not hasattr(real(e), "matches"), e.name       # the record decides, not the reader


WHO_READS = {   # path -> the reader the walk picks (the records' patterns, in the records' order)
    ".claude/settings.json": "claude-code-settings", ".claude/settings.local.json": "claude-code-settings",
    "etc/managed-settings.json": "claude-code-settings", ".claude/other.json": None,
    ".qwen/settings.json": "qwen-code-settings", "etc/qwen-code/system-defaults.json": "qwen-code-settings",
    ".codex/config.toml": "codex-config", "work.config.toml": "codex-config", "pyproject.toml": None,
    ".claude-code-router/config.json": "claude-code-router-config",
    ".continue/config.yaml": "continue-config", ".continue/models/qwen.yaml": "continue-config",
    "config.yaml": "litellm-config", "deploy/litellm_proxy.yml": "litellm-config",
    "crush.json": "crush-config", ".config/opencode/opencode.jsonc": "opencode-config",
    ".aider.conf.yml": "aider-config", "src/main/resources/application-prod.yml": "spring-config",
    "docker-compose.yml": "compose", ".env": "dotenv", "app.py": "python", "x/settings.json": None,
}


def test_the_walk_picks_the_reader_the_records_name() -> None:
    for rel, name in WHO_READS.items():
        path = Path("/repo") / rel
        got = next((e.name for e in READERS if e.matches(path)), None)
        assert got == name, rel


FOLDERS = ["", "x", ".claude", ".qwen", "qwen-code", ".codex", "codex", ".continue", ".continue/assistants",
           ".github/workflows", ".claude-code-router", "opencode", "etc/qwen-code", "deploy/k8s"]
STEMS = ["x", "config", "settings", "settings.local", "managed-settings", "system-defaults", "application",
         "application-prod", "bootstrap", "docker-compose", "docker-compose.prod", "compose", "compose-dev",
         "litellm", "litellm_config", "proxy_config", "router_config", "modelstudio", ".modelstudio", "opencode",
         ".opencode", "crush", ".crush", ".aider.conf", "prod", "app.config", ".env", "a.env", "Microsoft.PowerShell_profile",
         "profile", "CONFIG", "Settings", "README"]
SUFFIXES = sorted(TEXT_SUFFIXES | set(registry._SHELL) | {"", ".pyw", ".json5", ".jsonc", ".properties", ".YAML", ".Py",
                                                        ".env", ".local", ".example", ".d.ts", ".min.js", ".psm1"})
NAMES = ([stem + suffix for stem, suffix in itertools.product(STEMS, SUFFIXES)]
         + sorted(shell.POSIX_NAMES) + sorted(TEXT_NAMES)
         + [".env", ".env.local", ".env.example", ".env.production.local", "prod.env", ".envrc", "environment",
            "profile.ps1", "Microsoft.PowerShell_profile.ps1", "crush.json", "opencode.jsonc"])


def test_could_match_is_never_narrower_than_matches() -> None:
    checked = 0
    for entry in FORMATS:
        reader = real(entry)
        for folder, name in itertools.product(FOLDERS, NAMES):
            path = Path("/repo") / folder / name
            if reader.matches(path):
                checked += 1
                assert entry.could_match(path), (entry.name, str(path))
    assert checked > 150   # the sample really exercises every reader's names


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FOLDERS), st.text(alphabet="aceilnmoprstxy._-", min_size=1, max_size=14),
       st.sampled_from(SUFFIXES))
def test_could_match_on_random_names(folder: str, stem: str, suffix: str) -> None:
    path = Path("/repo") / folder / (stem + suffix)
    for entry in FORMATS:
        if real(entry).matches(path):
            assert entry.could_match(path), (entry.name, str(path))


def test_lazy_entries_answer_like_their_readers() -> None:
    for entry in FORMATS:
        for name in ("settings.json", "x.py", ".env", "config.toml", "docker-compose.yml"):
            path = Path("/repo/.claude") / name
            assert entry.matches(path) == real(entry).matches(path)
        assert entry.relevant("DASHSCOPE_API_KEY=x") == real(entry).relevant("DASHSCOPE_API_KEY=x")


def test_checking_one_python_file_imports_only_its_reader(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text('from openai import OpenAI\nc = OpenAI(base_url="https://dashscope.aliyuncs.com'
                                        '/compatible-mode/v1")\n', encoding="utf-8")
    code = ("import sys\nfrom validator.cli import main\ntry:\n    main(['check', 'client.py', '--no-color'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('validator.sources.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "HOME": str(tmp_path)})
    loaded = set(eval(out.stdout.strip().splitlines()[-1]))  # noqa: S307 - our own printed list
    others = {e.module.lstrip(".") for e in READERS} - {"python_code", "dotenv"}   # the walk uses dotenv's name test
    assert "python_code" in loaded and not loaded & others, (loaded, out.stderr[-400:])


def test_the_walks_dispatch_table_answers_like_asking_every_reader() -> None:
    from validator.sources.walk import Dispatch, pick_reader

    dispatch = Dispatch(READERS)
    names = NAMES + ["a.", ".bashrc", "x.conf.yml", "LICENSE", "Makefile", "README.MD", "x.D.TS", ".Env.Local"]
    for folder, name in itertools.product(FOLDERS + ["/abs/opencode-x", "qwen/.claude"], names):
        path = Path("/repo") / folder / name
        assert dispatch.pick(name, str(path.parent), str(path)) == pick_reader(path, READERS), str(path)


def test_a_reader_without_a_name_pattern_is_still_asked() -> None:
    from validator.sources.walk import Dispatch

    class Odd:
        name = "odd"

        def matches(self, path: Path) -> bool:
            return path.name == "odd.cfg"

    dispatch = Dispatch([*READERS, Odd()])
    assert dispatch.pick("odd.cfg", "/repo", "/repo/odd.cfg") == "odd"
    assert dispatch.pick("x.py", "/repo", "/repo/x.py") == "python"
