"""Resource limits: hostile files are refused within bounded memory, never hang, and never stop the walk.

Covers, for every reader of a structured format: YAML alias bombs, deep nesting, pathological
long lines; files over the size limit (``--max-file-size``, ``Options.max_file_size``, the
settings file) become an *info* ``file-too-large`` finding; binary, UTF-16 and non-UTF-8 files are
``unreadable-file``; symbolic-link loops, links to devices, FIFOs, folders named like files,
folders that cannot be listed, files that vanish or grow while being read do not stop the walk.
(``tests/sources/walk/test_bad_input.py`` checks the basic cases at the ``collect()`` level; these
go through every reader and through the command line, with memory measured.) Time is never
asserted here: a hang fails the test (``hang_guard``, a subprocess timeout), and how msv's cost
grows with hostile input is measured by ``bench/hostile.py``, pair by pair in one run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable

import pytest

from hangguard import hang_guard
from hardkit import check_read_result, msv
from validator.sources.base import Document
from validator.sources.registry import by_name

GOOD_ENV = "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nOPENAI_MODEL=Qwen-Plus\n"
MiB = 1024 * 1024


def read_bounded(reader: str, display: str, text: str, *, peak_mib: float = 256):
    """Run one reader on ``text``: no exception, no hang, within ``peak_mib`` of Python
    allocations (tracemalloc; it slows the code down several times: a loaded machine has taken
    20 s over deep JavaScript, still far from the hang guard)."""
    doc = Document(Path("/hostile") / display, display, text, committed=None)
    r = by_name(reader)
    assert r is not None, reader
    tracemalloc.start()
    try:
        with hang_guard(f"{reader} on hostile {display}"):
            result = r.read(doc)
        peak = tracemalloc.get_traced_memory()[1] / MiB
    finally:
        tracemalloc.stop()
    assert peak < peak_mib, f"{reader}: {peak:.0f} MiB peak"
    return result


# --------------------------------------------------------------------------- YAML alias bombs

YAML_HOMES = {
    "modelstudio": "modelstudio.yaml",
    "compose": "docker-compose.yml",
    "actions": ".github/workflows/ci.yml",
    "continue-config": ".continue/config.yaml",
    "aider-config": ".aider.conf.yml",
    "spring-config": "application.yml",
    "litellm-config": "litellm_config.yaml",
}


def laughs(levels: int = 10, width: int = 9) -> str:
    """The billion laughs: ``width**levels`` nodes from a few hundred bytes."""
    lines = ["a0: &a0 [" + ", ".join(["dashscope"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + f"\nbase_url: *a{levels - 1}\n"


def merge_bomb(levels: int = 12) -> str:
    """Mappings merged into mappings (``<<: [*a, *a]``): doubling per level, through merge keys."""
    lines = ["m0: &m0 {base_url: https://dashscope.aliyuncs.com, k0: v}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{<<: [*m{i - 1}], k{i}: [*m{i - 1}, *m{i - 1}]}}")
    return "\n".join(lines) + f"\nservices: {{app: {{environment: *m{levels - 1}}}}}\n"


def quadratic(n: int = 3000) -> str:
    """One anchored list of n items referenced n times: n*n nodes."""
    return ("big: &b [" + ", ".join(["qwen"] * n) + "]\nrefs: [" + ", ".join(["*b"] * n) + "]\n")


@pytest.mark.parametrize("reader, display", sorted(YAML_HOMES.items()))
@pytest.mark.parametrize("bomb", [laughs, merge_bomb, quadratic], ids=["laughs", "merge", "quadratic"])
def test_alias_bombs_are_refused_by_every_yaml_reader(reader: str, display: str, bomb: Callable[[], str]) -> None:
    result = read_bounded(reader, display, bomb(), peak_mib=128)
    assert result.problems, f"{reader} accepted an alias bomb"
    assert all(p.rule == "parse-error" and p.loc.path == display for p in result.problems)
    assert any("too large" in p.message or "nodes" in p.message for p in result.problems), result.problems


# --------------------------------------------------------------------------- deep nesting

DEEP = 50_000
NESTED: list[tuple[str, str, str]] = [
    # YAML: flow and block nesting
    *[(r, d, "base_url: " + "[" * DEEP + "]" * DEEP + "\n") for r, d in sorted(YAML_HOMES.items())],
    *[(r, d, "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "dashscope: 1\n")
      for r, d in sorted(YAML_HOMES.items())],
    # JSON/JSONC readers
    ("claude-code-settings", ".claude/settings.json", '{"env": ' + "[" * DEEP + "]" * DEEP + "}"),
    ("qwen-code-settings", ".qwen/settings.json", '{"modelProviders": ' + '{"a":' * DEEP + "1" + "}" * DEEP + "}"),
    ("claude-code-router-config", ".claude-code-router/config.json", '{"Providers": ' + "[" * DEEP),
    ("crush-config", "crush.json", '{"providers": ' + "[{" * DEEP),
    ("opencode-config", "opencode.jsonc", '{"provider": /* x */ ' + "[" * DEEP + "]" * DEEP + "}"),
    ("continue-config", ".continue/config.json", "[" * DEEP),
    # TOML
    ("codex-config", ".codex/config.toml", 'model_provider = "bailian"\nx = ' + "[" * DEEP + "]" * DEEP + "\n"),
    ("codex-config", ".codex/config.toml", 'model_provider = "bailian"\nx = ' + "{a = " * 5000 + "1" + "}" * 5000),
    # code
    ("python", "app.py", "import openai\nx = " + "(" * DEEP + ")" * DEEP + "\n"),
    ("python", "app.py", "import openai\nx = " + "-" * (4 * DEEP) + "1\n"),
    ("python", "app.py", "import openai\nx = " + "[" * 150 + "]" * 150 + "\n" + "if x:\n" * 99 + " pass\n"),
    ("python", "app.py", "import openai\nx = " + "1 + " * 50_000 + "1\n"),
    ("javascript", "app.js", "import OpenAI from 'openai';\nconst x = " + "{a:" * DEEP + "1" + "}" * DEEP + ";\n"),
    ("javascript", "app.ts", "import OpenAI from 'openai';\nconst x = " + "(" * DEEP + "`${" * 1000 + "\n"),
    ("javascript", "app.js", "new OpenAI({baseURL: " + "f(" * DEEP + "'https://dashscope.aliyuncs.com'" + ")" * DEEP + "})"),
    # environment formats
    ("shell", "run.sh", "export OPENAI_BASE_URL=" + "$(" * DEEP + ")" * DEEP + "\n"),
    ("shell", "run.sh", "export OPENAI_BASE_URL=" + "${A:-" * DEEP + "x" + "}" * DEEP + "\n"),
    ("dotenv", ".env", "OPENAI_BASE_URL=" + "${A:-" * DEEP + "x" + "}" * DEEP + "\n"),
    ("dotenv", ".env", "DASHSCOPE_API_KEY=\"" + "\\\"" * DEEP + "\n"),
]


@pytest.mark.parametrize("reader, display, text", NESTED,
                         ids=[f"{r}-{i}" for i, (r, _d, _t) in enumerate(NESTED)])
def test_deep_nesting_is_refused_or_read_within_bounds(reader: str, display: str, text: str) -> None:
    """Nesting beyond the parsers' depth limits is a parse-error problem; nothing recurses into a
    RecursionError, hangs or takes unbounded memory."""
    result = read_bounded(reader, display, text, peak_mib=256)
    check_read_result(result, display, text)


def test_the_hostile_tree_through_the_cli_is_bounded_in_memory(tmp_path: Path) -> None:
    """Every bomb at once in one tree, checked by a real ``msv check`` process: it ends (the
    subprocess timeout is the hang guard), within bounded peak memory, reports each hostile file,
    and still reports the good file."""
    root = tmp_path / "tree"
    files = {
        "good/.env": GOOD_ENV,
        "modelstudio.yaml": laughs(),
        "docker-compose.yml": merge_bomb(),
        ".github/workflows/ci.yml": quadratic(),
        ".claude/settings.json": '{"env": {"ANTHROPIC_BASE_URL": ' + "[" * DEEP + "]" * DEEP + "}}",
        ".codex/config.toml": 'model_provider = "bailian"\nx = ' + "[" * DEEP + "]" * DEEP + "\n",
        "app.py": "import openai\nx = " + "(" * DEEP + ")" * DEEP + "\n",
        "web/app.js": "import OpenAI from 'openai';\nconst x = " + "{a:" * DEEP + "1" + "}" * DEEP + ";\n",
        "run.sh": "export MY_DASHSCOPE_REGION=" + "$(" * DEEP + ")" * DEEP + "\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    peak, code, out, _err = run_measured(["check", str(root), "--isolated", "--format", "json"], cwd=tmp_path)
    assert peak < 400, f"{peak:.0f} MiB"
    doc = json.loads(out)
    by_file: dict[str, set[str]] = {}
    for f in doc["findings"]:
        by_file.setdefault(Path(f["path"]).as_posix(), set()).add(f["rule"])
    for rel in ("modelstudio.yaml", "docker-compose.yml", ".github/workflows/ci.yml", ".claude/settings.json",
                ".codex/config.toml", "app.py"):
        assert any(p.endswith(rel) and "parse-error" in rules for p, rules in by_file.items()), (rel, by_file)
    assert any(p.endswith("good/.env") and "unknown-model" in rules for p, rules in by_file.items()), by_file
    assert code == 1


_PEAK_WRAPPER = """
import atexit, os, runpy, sys

def _peak():
    # VmHWM belongs to this process image (ru_maxrss would include the forking parent's memory)
    with open("/proc/self/status") as fh:
        kib = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    with open(os.environ["MSV_PEAK_FILE"], "w") as out:
        out.write(str(kib))

atexit.register(_peak)
sys.argv = ["msv", *sys.argv[1:]]
runpy.run_module("validator", run_name="__main__")
"""


def run_measured(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 180) -> tuple[float, int, str, str]:
    """Run ``msv ARGS`` in a child process: peak resident memory (MiB), exit code, stdout,
    stderr. ``timeout`` is a hang guard (a child still running then fails the test), not a
    speed target: no loaded machine comes near it."""
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        proc = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *args], cwd=cwd, capture_output=True,
                              env={**os.environ, **(env or {}), "MSV_PEAK_FILE": str(peak_file)},
                              stdin=subprocess.DEVNULL, timeout=timeout)
        peak = int(peak_file.read_text()) / 1024.0 if peak_file.exists() else float("nan")
    return (peak, proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


# --------------------------------------------------------------------------- long lines, many lines

PATHOLOGICAL = {
    "many-references": "A=${B}\n",
    "many-urls": "U=https://dashscope.aliyuncs.com/compatible-mode/v1\n",
    "many-keys": "K=sk-0123456789abcdef0123456789abcdef\n",
    "quotes": "'\"`",
    "dollars": "${$(",
    "dashes": "- ",
    "anchors": "&a *a ",
}
HOMES = {
    "dotenv": ".env", "shell": "run.sh", "python": "app.py", "javascript": "app.js", "compose": "docker-compose.yml",
    "claude-code-settings": ".claude/settings.json", "codex-config": ".codex/config.toml",
    "spring-config": "application.properties",
}
PATHO_BYTES = 64 * 1024


@pytest.mark.parametrize("pattern", sorted(PATHOLOGICAL))
@pytest.mark.parametrize("reader", sorted(HOMES))
def test_repetitive_input_is_read(reader: str, pattern: str) -> None:
    """Input built to trigger quadratic behaviour (one location lookup per line, backtracking
    regular expressions) is read and scanned: a well-formed result, no traceback, no hang. How
    the cost grows with the input is ``bench/hostile.py`` (the ``reader:`` cases, same inputs)."""
    from validator.sources.literals import scan

    unit = PATHOLOGICAL[pattern]
    text = "DASHSCOPE_API_KEY=x qwen openai\n" + unit * (PATHO_BYTES // len(unit))
    display = HOMES[reader]
    doc = Document(Path("/hostile") / display, display, text)
    with hang_guard(f"{reader} on {pattern}"):
        result = by_name(reader).read(doc)
        scan(doc, result.targets, result.bindings)
    check_read_result(result, display, text)


def test_a_two_megabyte_env_file_of_references_is_checked(tmp_path: Path) -> None:
    """The size limit's worst case for the line-oriented formats: 2 MiB, 290,000 lines, each one a
    binding to place (file:line:column). The run ends with a report, in bounded memory; on a slow
    or loaded machine the file may be skipped by the per-file time limit (``file-too-slow``, info),
    which is the limit doing its job. The growth ratio is ``bench/hostile.py`` file:dotenv-references."""
    (tmp_path / ".env").write_text("DASHSCOPE_API_KEY=x\n" + "A=${B}\n" * (2 * MiB // 7 - 10), encoding="utf-8")
    peak, code, out, err = run_measured(["check", ".", "--isolated", "--format", "json"], cwd=tmp_path)
    assert code in (0, 1), err[-500:]
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert not rules & {"file-too-large", "parse-error", "unreadable-file"}, rules
    assert peak < 400, f"{peak:.0f} MiB"


# --------------------------------------------------------------------------- size limit


def _json(r) -> dict:
    assert r.exc is None, r.exc
    return json.loads(r.stdout)


def _tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def test_max_file_size_flag_skips_large_files_with_an_info_finding(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", {
        "big/.env": "DASHSCOPE_API_KEY=" + "x" * 5000 + "\n",
        ".claude/settings.json": '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic", '
                                 '"X": "' + "y" * 5000 + '"}}',
        "small/.env": GOOD_ENV,
    })
    r = msv(["check", str(root), "--isolated", "--format", "json", "--max-file-size", "1000"])
    doc = _json(r)
    too_large = [f for f in doc["findings"] if f["rule"] == "file-too-large"]
    assert sorted(Path(f["path"]).name for f in too_large) == [".env", "settings.json"]
    assert all(f["severity"] == "info" and "1,000" in f["message"] for f in too_large)
    assert any(f["rule"] == "unknown-model" and f["path"].endswith("small/.env") for f in doc["findings"])
    # info does not fail the run; --fail-on info does
    only_big = ["check", str(root / "big"), "--isolated", "--format", "json", "--max-file-size", "1000"]
    assert msv(only_big).code == 0
    assert msv([*only_big, "--fail-on", "info"]).code == 1


def test_max_file_size_from_the_settings_file_and_the_api(tmp_path: Path) -> None:
    from validator.api import run_check

    root = _tree(tmp_path / "p", {".env": "DASHSCOPE_API_KEY=" + "x" * 3000 + "\n", ".msv.toml": "max-file-size = 2048\n"})
    doc = _json(msv(["check", str(root), "--format", "json"]))
    assert [f["rule"] for f in doc["findings"]] == ["file-too-large"]
    report = run_check([str(root / ".env")], isolated=True, max_file_size=100)
    assert [f.rule for f in report.findings] == ["file-too-large"]
    assert [f.rule for f in run_check([str(root / ".env")], isolated=True, max_file_size=10_000).findings] != [
        "file-too-large"]


def test_the_default_limit_never_reads_a_huge_file(tmp_path: Path) -> None:
    """A 64 MiB (sparse) ``.env`` is skipped on its size alone: the check stays small and fast."""
    big = tmp_path / ".env"
    with open(big, "wb") as fh:
        fh.write(b"DASHSCOPE_API_KEY=sk-0123456789abcdef0123456789abcdef\n")
        fh.truncate(64 * MiB)
    peak, code, out, err = run_measured(["check", ".", "--isolated", "--format", "json"], cwd=tmp_path)
    doc = json.loads(out)
    assert [f["rule"] for f in doc["findings"]] == ["file-too-large"], doc["findings"]
    assert "2,097,152-byte limit" in doc["findings"][0]["message"]
    assert peak < 120, f"{peak:.0f} MiB: the file was read"
    assert code == 0


def test_a_file_that_grows_after_stat_is_still_cut_at_the_limit(tmp_path: Path, monkeypatch) -> None:
    from validator.sources import walk

    (tmp_path / ".env").write_text("DASHSCOPE_API_KEY=" + "x" * 50_000 + "\n")
    real_stat = os.stat

    def small_stat(path, *args, **kwargs):
        st = real_stat(path, *args, **kwargs)
        if str(path).endswith(".env"):
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10,
                                   st.st_atime, st.st_mtime, st.st_ctime))
        return st

    monkeypatch.setattr(walk.os, "stat", small_stat)
    from validator.api import run_check

    report = run_check([str(tmp_path)], isolated=True, max_file_size=4096)
    assert [f.rule for f in report.findings] == ["file-too-large"]


# --------------------------------------------------------------------------- encodings and binary content

def test_binary_utf16_and_non_utf8_config_files_are_unreadable_findings(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", {
        "bin/.claude/settings.json": b'{"env": {"ANTHROPIC_BASE_URL": "\x00\x01\x02dashscope"}}',
        "wide/.codex/config.toml": 'model_provider = "bailian"\n'.encode("utf-16"),
        "latin/.env": "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nNAME=café\n".encode("latin-1"),
        "gbk/docker-compose.yml": "services:\n  a:\n    environment:\n      DASHSCOPE_API_KEY: 百炼\n".encode("gbk"),
        "bom/.env": b"\xef\xbb\xbf" + GOOD_ENV.encode(),
        "readme/README.md": "通义千问 https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n".encode("gbk"),
    })
    doc = _json(msv(["check", str(root), "--isolated", "--format", "json"]))
    by_path: dict[str, list[dict]] = {}
    for f in doc["findings"]:
        by_path.setdefault(f["path"].split("/p/", 1)[-1], []).append(f)
    assert [f["rule"] for f in by_path["bin/.claude/settings.json"]] == ["unreadable-file"]
    assert "binary" in by_path["bin/.claude/settings.json"][0]["message"]
    assert "UTF-16" in by_path["wide/.codex/config.toml"][0]["message"]
    latin = by_path["latin/.env"][0]
    assert latin["rule"] == "unreadable-file" and (latin["line"], latin["column"]) == (2, 9)
    assert by_path["gbk/docker-compose.yml"][0]["rule"] == "unreadable-file"
    assert all(f["severity"] == "warning" for p in by_path if p != "bom/.env" and p != "readme/README.md"
               for f in by_path[p] if f["rule"] == "unreadable-file")
    # a BOM is not a problem: the file is read and its mistakes reported
    assert "unknown-model" in {f["rule"] for f in by_path["bom/.env"]}
    # a GBK README is scanned for loose URLs without complaint
    assert "unreadable-file" not in {f["rule"] for f in by_path.get("readme/README.md", [])}


# --------------------------------------------------------------------------- the walk goes on

@pytest.mark.skipif(os.name == "nt", reason="symbolic links, FIFOs and devices")
def test_links_loops_devices_fifos_and_folders_named_like_files_do_not_stop_the_walk(tmp_path: Path) -> None:
    root = _tree(tmp_path / "p", {"ok/.env": GOOD_ENV})
    os.symlink(root / "b.env", root / "a.env")                    # a two-link loop
    os.symlink(root / "a.env", root / "b.env")
    os.symlink("self.env", root / "self.env")                      # a link to itself
    os.symlink(root, root / "ok" / "up")                           # a folder loop
    os.symlink("/dev/zero", root / "zero.env")                     # a device, outside the tree
    os.symlink("/dev/urandom", root / "ok" / "docker-compose.yml")
    os.mkfifo(root / "pipe.env")                                   # opening it would block forever
    os.symlink(root / "pipe.env", root / "ok" / "linked-pipe.env")  # a link to it, inside the tree
    (root / ".claude" / "settings.json").mkdir(parents=True)       # a folder named like a config file
    (root / "dir.env").mkdir()
    with hang_guard("msv check on a tree of traps"):
        r = msv(["check", str(root), "--isolated", "--format", "json"])
    doc = _json(r)
    assert any(f["rule"] == "unknown-model" and f["path"].endswith("ok/.env") for f in doc["findings"])
    loops = {Path(f["path"]).name for f in doc["findings"] if f["rule"] == "unreadable-file"}
    assert {"a.env", "b.env", "self.env"} <= loops, doc["findings"]
    # explicit paths: a device and a FIFO are refused, never opened
    for special in (root / "pipe.env", Path("/dev/zero")):
        with hang_guard(f"msv check {special}"):
            d = _json(msv(["check", str(special), "--isolated", "--format", "json"]))
        assert [f["rule"] for f in d["findings"]] == ["unreadable-file"], d
        assert "regular file" in d["findings"][0]["message"]


def test_an_unlistable_folder_and_an_unreadable_file_do_not_stop_the_walk(tmp_path: Path, monkeypatch) -> None:
    """Tests run as root, where chmod 000 does not deny anything: the denials are simulated."""
    from validator.sources import walk

    root = _tree(tmp_path / "p", {"ok/.env": GOOD_ENV, "locked/.env": GOOD_ENV, "secret/x/.env": GOOD_ENV,
                                  "gone/.env": GOOD_ENV})
    real_scandir, real_open, real_stat = os.scandir, open, os.stat

    def scandir(path):
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    real_os_open = os.open

    def denied(path: object) -> bool:
        return str(path).endswith(os.path.join("locked", ".env"))

    def opener(path, *args, **kwargs):
        if denied(path):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def os_opener(path, *args, **kwargs):
        if denied(path):
            raise PermissionError(13, "Permission denied")
        return real_os_open(path, *args, **kwargs)

    def stat(path, *args, **kwargs):
        if str(path).endswith(os.path.join("gone", ".env")):
            raise FileNotFoundError(2, "No such file or directory")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    monkeypatch.setattr(walk, "open", opener, raising=False)   # however the walk opens files
    monkeypatch.setattr(walk.os, "open", os_opener)
    monkeypatch.setattr(walk.os, "stat", stat)
    doc = _json(msv(["check", str(root), "--isolated", "--format", "json"]))
    got = {(f["path"].split("/p/", 1)[-1], f["rule"]) for f in doc["findings"]}
    assert ("ok/.env", "unknown-model") in got
    assert ("locked/.env", "unreadable-file") in got
    assert ("secret", "unreadable-file") in got
    assert ("gone/.env", "unreadable-file") in got
    msgs = {f["path"].split("/p/", 1)[-1]: f["message"] for f in doc["findings"] if f["rule"] == "unreadable-file"}
    assert "permission denied" in msgs["locked/.env"].lower()
    assert "listed" in msgs["secret"]
    assert "disappeared" in msgs["gone/.env"]


def test_redefining_one_variable_many_times_keeps_every_loser_in_order() -> None:
    """The last definition wins; every earlier one is kept, first-seen first. (Losers were once
    kept with ``insert(0, …)``, quadratic in the redefinitions: the growth ratio is
    ``bench/hostile.py`` collapse.)"""
    from validator.model import Binding, Location
    from validator.sources.base import EnvBlock
    from validator.sources.envgroup import collapse

    n = 20_000
    block = EnvBlock(None, Location(".env"),
                     [Binding("A", str(i), Location(".env", i + 1, 1), "dotenv") for i in range(n)])
    defined = collapse(block)
    assert defined["A"].binding.loc.line == n
    assert [b.loc.line for b in defined["A"].losers] == list(range(1, n))


def test_a_file_over_the_time_limit_becomes_file_too_slow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last bound: a reader still running when the file's time is up is abandoned; the
    file is an info finding and the rest of the tree is checked. (The reader never ends: if the
    limit failed, the hang guard would end the test.)"""
    from validator import limits
    from validator.catalogue import load
    from validator.engine import Options, check
    from validator.sources import registry

    reader = registry.by_name("dotenv")
    monkeypatch.setattr(limits, "FILE_SECONDS", 1.5)

    def stuck(doc):  # type: ignore[no-untyped-def]
        while True:   # a reader that never ends (a case the linear-time work missed)
            time.sleep(0.01)

    real_read = type(reader).read   # readers are LazyReader instances of one class: patch only this one
    monkeypatch.setattr(type(reader), "read",
                        lambda self, doc: stuck(doc) if self is reader else real_read(self, doc))
    (tmp_path / ".env").write_text("DASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n")
    (tmp_path / "app.py").write_text("from openai import OpenAI\n"
                                     "OpenAI(base_url='https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions')\n")
    with hang_guard("a check with a reader that never ends"):
        report = check([str(tmp_path)], Options(jobs=1), load())
    slow = [f for f in report.findings if f.rule == "file-too-slow"]
    assert len(slow) == 1 and slow[0].loc.path.endswith(".env") and str(slow[0].severity) == "info", [f.loc for f in slow]
    assert any(f.loc.path.endswith("app.py") for f in report.findings), "the rest of the tree is still checked"


# --------------------------------------------------------------------------- the documented limits

def _actual(where: str):
    import importlib
    import inspect

    module_name, _, attr = where.partition(":")
    module = importlib.import_module(module_name)
    if " --" in attr:                                   # a click option's default
        command, option = attr.split(" ", 1)
        cmd = getattr(module, command)
        return next(p.default for p in cmd.params if option in getattr(p, "opts", ()))
    if attr.endswith(")"):                              # a function parameter's default
        func, param = attr[:-1].split("(")
        return inspect.signature(getattr(module, func)).parameters[param].default
    obj = module
    for part in attr.split("."):
        obj = getattr(obj, part)
    if hasattr(obj, "default"):                         # a dataclass field (slots): its default
        return obj.default
    return obj


def test_the_documented_limits_are_the_limits_in_the_code() -> None:
    import dataclasses

    from validator.limits import LIMITS

    for limit in LIMITS:
        module_name, _, attr = limit.where.partition(":")
        if "." in attr and "(" not in attr and " " not in attr:
            cls_name, field_name = attr.split(".", 1)
            import importlib

            cls = getattr(importlib.import_module(module_name), cls_name)
            actual = next(f.default for f in dataclasses.fields(cls) if f.name == field_name)
        else:
            actual = _actual(limit.where)
        assert actual == limit.value, (limit.name, limit.where, actual)


def test_python_over_the_analysis_limit_is_an_info_finding_and_still_scanned(tmp_path: Path) -> None:
    """Dense Python built to exhaust memory in ``ast`` is not parsed; its loose keys still are found."""
    from validator.limits import PYTHON_AST_MAX_BYTES

    key = "sk-" + "0f1e2d3c4b5a6978" * 2
    (tmp_path / "gen.py").write_text(
        f"import openai\nURL = 'https://dashscope.aliyun.com/compatible-mode/v1'  # {key}\nx = ["
        + "1," * (PYTHON_AST_MAX_BYTES // 2) + "]\n", encoding="utf-8")
    peak, code, out, err = run_measured(["check", ".", "--isolated", "--format", "json"], cwd=tmp_path)
    doc = json.loads(out)
    rules = {f["rule"]: f for f in doc["findings"]}
    assert rules["file-too-large"]["severity"] == "info" and "not checked" in rules["file-too-large"]["message"]
    assert any(f["line"] == 2 and f["rule"] == "unknown-host" for f in doc["findings"]), doc["findings"]
    assert key not in out + err
    assert peak < 200, f"{peak:.0f} MiB"


def test_location_lookups_agree_with_counting_newlines() -> None:
    """``span`` (file:line:column of every value) answers from a cached line table; it must give
    exactly what counting newlines gives, for any text and offsets."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from validator.sources.base import span

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="ab\n\r\u2028é", max_size=60), st.data())
    def prop(text: str, data) -> None:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        end_line = line + text.count("\n", start, end)
        end_col = end - (text.rfind("\n", 0, end) + 1) + 1
        loc = span("f", text, start, end)
        assert (loc.line, loc.column, loc.end_line, loc.end_column) == (line, col, end_line, end_col)
        other = text + "\nx"                               # a different text right after: no stale table
        assert span("f", other, start, end) == loc

    prop()
