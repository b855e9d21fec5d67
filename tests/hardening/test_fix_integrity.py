"""``--fix`` never corrupts a file (extends tests/engine/test_fix.py, which covers one CRLF+BOM
rewrite, a file changed before the fix started, non-UTF-8 refusal and symlinks).

Through the real command line: the bytes outside each fixed span stay byte-identical across
formats (BOM, CRLF, mixed line endings, no final newline, tabs, CJK and astral characters before
the span on the same line); permission bits are kept; a second ``--fix`` changes nothing;
``--diff`` writes nothing. Through the API, with the read→write window forced open: a file
changed while msv was fixing it is left to the other writer; a failure at any point of the
atomic write (write, fsync, rename, an interrupt) leaves the original intact and no temporary
file behind.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hardkit import msv, write_tree

WRONG_HOST, RIGHT_HOST = b"dashscope.aliyun.com", b"dashscope.aliyuncs.com"

# (path, original bytes, mode). Every file holds the same two safe fixes: the near-miss host and
# the model's capitalisation; what surrounds them is the hard part.
FILES: list[tuple[str, bytes, int]] = [
    ("bom-crlf/.env",
     b"\xef\xbb\xbf# \xe7\x99\xbe\xe7\x82\xbc config\r\nOPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\r\n"
     b"OPENAI_MODEL=Qwen-Plus\r\nOTHER=1", 0o600),
    ("mixed/.env",
     b"OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\nA=1\r\nOPENAI_MODEL=Qwen-Plus\r\nB=2\n", 0o640),
    ("scripts/start.sh",
     b"#!/bin/sh\r\n\texport OPENAI_BASE_URL='https://dashscope.aliyun.com/compatible-mode/v1'\r\n"
     b"\texport OPENAI_MODEL=\"Qwen-Plus\"  # \xe6\xa8\xa1\xe5\x9e\x8b\r\nexec python app.py\r\n", 0o755),
    (".claude/settings.json",
     '{\r\n\t"note": "\U0001F600 \u767e\u70bc", "env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyun.com/apps/anthropic",'
     ' "ANTHROPIC_MODEL": "Qwen3-Coder-Plus"}\r\n}'.encode(), 0o644),
    ("app/client.py",
     'from openai import OpenAI\nx = "\U0001F600\u767e"; c = OpenAI(base_url="https://dashscope.aliyun.com/compatible-mode/v1")\n'
     'c.chat.completions.create(model="Qwen-Plus", messages=[])\n'.encode(), 0o444),
]
MODEL_FIXES = {b"Qwen-Plus": b"qwen-plus", b"Qwen3-Coder-Plus": b"qwen3-coder-plus"}


def _expected(data: bytes) -> bytes:
    out = data.replace(WRONG_HOST, RIGHT_HOST)
    for wrong, right in MODEL_FIXES.items():
        out = out.replace(wrong, right)
    return out


def _tree(root: Path) -> Path:
    for rel, data, mode in FILES:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        os.chmod(p, mode)
    return root


def _snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_fix_changes_only_the_fixed_spans_in_every_format(tmp_path: Path, monkeypatch) -> None:
    root = _tree(tmp_path / "p")
    monkeypatch.chdir(root)
    r = msv(["check", ".", "--isolated", "--fix"])
    assert r.exc is None and r.code in (0, 1), r
    after = _snapshot(root)
    assert sorted(after) == sorted(rel for rel, _d, _m in FILES), "a temporary or extra file was left behind"
    for rel, data, mode in FILES:
        got, got_mode, _ = after[rel]
        assert got == _expected(data), f"{rel}:\nwant {_expected(data)!r}\ngot  {got!r}"
        assert got_mode == mode, f"{rel}: mode {oct(got_mode)} != {oct(mode)}"


def test_a_second_fix_and_a_diff_change_nothing(tmp_path: Path, monkeypatch) -> None:
    root = _tree(tmp_path / "p")
    monkeypatch.chdir(root)
    diff = msv(["check", ".", "--isolated", "--fix", "--diff"])
    before = _snapshot(root)
    assert diff.code == 1 and "+OPENAI_MODEL=qwen-plus" in diff.stdout, diff
    assert _snapshot(root) == before                       # --diff wrote nothing (bytes, modes, mtimes)
    msv(["check", ".", "--isolated", "--fix"])
    once = _snapshot(root)
    again = msv(["check", ".", "--isolated", "--fix"])
    assert again.exc is None
    assert {k: v[:2] for k, v in _snapshot(root).items()} == {k: v[:2] for k, v in once.items()}
    assert "fixed 0 finding" in again.stderr, again.stderr


# --------------------------------------------------------------------------- the read→write window


def _one_fix(tmp_path: Path):
    from validator.model import Finding, Fix, Location, Severity

    p = tmp_path / ".env"
    original = b"A=1\r\nOPENAI_MODEL=Qwen-Plus\r\n"
    p.write_bytes(original)
    os.chmod(p, 0o640)
    loc = Location(str(p), 2, 14, 2, 23)
    finding = Finding("unknown-model", "MS301", Severity.ERROR, "m", loc, Fix("d", "qwen-plus", loc, True))
    return p, original, finding, {str(p): original.decode().replace("\r\n", "\n")}


def _leftovers(folder: Path) -> list[str]:
    return sorted(f.name for f in folder.iterdir() if f.name != ".env")


def test_a_file_changed_while_msv_was_fixing_it_is_left_to_the_other_writer(tmp_path: Path, monkeypatch) -> None:
    import validator.fix as fix

    p, _original, finding, seen = _one_fix(tmp_path)
    theirs = b"A=2\r\nOPENAI_MODEL=Qwen-Max\r\n"
    real_apply = fix.apply_edits

    def apply_then_someone_writes(body, edits):   # the window between msv's read and its write
        p.write_bytes(theirs)
        return real_apply(body, edits)

    monkeypatch.setattr(fix, "apply_edits", apply_then_someone_writes)
    [result] = fix.fix_files([finding], seen, write=True)
    assert not result.written and "changed while" in (result.error or "")
    assert p.read_bytes() == theirs
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("failure", ["write", "fsync", "chmod", "replace", "interrupt"])
def test_a_failed_write_leaves_the_original_intact_and_no_temporary_file(tmp_path: Path, monkeypatch,
                                                                         failure: str) -> None:
    import validator.fix as fix

    p, original, finding, seen = _one_fix(tmp_path)
    real_fdopen, real_fsync, real_chmod, real_replace = os.fdopen, os.fsync, os.chmod, os.replace

    class FullDisk:
        def __init__(self, fh) -> None:   # type: ignore[no-untyped-def]
            self.fh = fh

        def __enter__(self):   # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc) -> None:   # type: ignore[no-untyped-def]
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])         # half of it landed, then the disk filled up
            raise OSError(28, "No space left on device")

    def fail(*args, **kwargs):   # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")

    def interrupt(*args, **kwargs):   # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    if failure == "write":
        monkeypatch.setattr(fix.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    elif failure == "fsync":
        monkeypatch.setattr(fix.os, "fsync", fail)
    elif failure == "chmod":
        monkeypatch.setattr(fix.os, "chmod", fail)
    elif failure == "replace":
        monkeypatch.setattr(fix.os, "replace", fail)
    else:
        monkeypatch.setattr(fix.os, "replace", interrupt)

    if failure == "interrupt":
        with pytest.raises(KeyboardInterrupt):
            fix.fix_files([finding], seen, write=True)
    else:
        [result] = fix.fix_files([finding], seen, write=True)
        assert not result.written and "cannot write" in (result.error or ""), result
    monkeypatch.setattr(fix.os, "fdopen", real_fdopen)
    monkeypatch.setattr(fix.os, "fsync", real_fsync)
    monkeypatch.setattr(fix.os, "chmod", real_chmod)
    monkeypatch.setattr(fix.os, "replace", real_replace)
    assert p.read_bytes() == original
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == [], "a temporary file was left behind"


def test_no_room_for_a_temporary_file_refuses_the_fix(tmp_path: Path) -> None:
    """A folder msv cannot create a temporary file in: the fix is refused with one line and the
    file is unchanged (the atomic rename needs the folder; msv never falls back to rewriting in place)."""
    import tempfile

    import validator.fix as fix

    p, original, finding, seen = _one_fix(tmp_path)
    real_mkstemp = tempfile.mkstemp

    def no_room(*args, **kwargs):   # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    tempfile.mkstemp = no_room  # type: ignore[assignment]   # fix imports it when writing
    try:
        [result] = fix.fix_files([finding], seen, write=True)
    finally:
        tempfile.mkstemp = real_mkstemp  # type: ignore[assignment]
    assert not result.written and "cannot write" in (result.error or "")
    assert p.read_bytes() == original


def test_the_cli_reports_a_refused_fix_and_keeps_going(tmp_path: Path, monkeypatch) -> None:
    """One file cannot be written: its error is one line on stderr, the other files are fixed."""
    import validator.fix as fix

    env = "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nOPENAI_MODEL=Qwen-Plus\n"
    root = write_tree(tmp_path / "p", {"a/.env": env, "b/.env": env})
    monkeypatch.chdir(root)
    real = fix.atomic_write

    def refuse_a(path: Path, data: bytes) -> None:
        if path.parent.name == "a":
            raise OSError(30, "Read-only file system")
        real(path, data)

    monkeypatch.setattr(fix, "atomic_write", refuse_a)
    r = msv(["check", ".", "--isolated", "--fix"])
    assert r.exc is None and r.code in (0, 1), r
    assert "a/.env" in r.stderr and "Read-only file system" in r.stderr
    assert (root / "a" / ".env").read_text() == env
    assert (root / "b" / ".env").read_text() == env.replace("Qwen-Plus", "qwen-plus")
