"""Fuzzing every reader: random and mutated-realistic input never makes a reader raise.

The contract (validator/sources/base.py): ``Reader.read`` never raises for bad input; a
malformed file is a ``parse-error`` problem with file and line. The walk catches a crashing
reader as a safety net ("msv could not read this file … please report it"), so these tests call
the readers *directly* — a raised exception here is a reader bug, not hidden by the net.

Drives every entry of ``validator.sources.registry.READERS`` with in-memory documents, the
loose-literal scanner, and the real ``collect()`` + engine + every reporter on a temporary tree.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from hangguard import hang_guard
from hardkit import check_read_result, fuzz, known_bug, mutated, seeds, tick
from validator.sources.base import Document
from validator.sources.registry import READERS, by_name
from validator.sources.walk import pick_reader

READER_NAMES = [r.name for r in READERS]


@functools.cache
def _home_path(reader_name: str) -> str:
    """A display path the reader matches (taken from the corpus), so ``read`` sees a file of its own."""
    for display, _text in seeds():
        if pick_reader(Path(display), READERS) == reader_name:
            return display
    raise AssertionError(f"no seed in the corpus for reader {reader_name}: add one to hardkit.INLINE_SEEDS")


def test_every_reader_has_a_seed() -> None:
    """The corpus covers every registered reader (a new reader without a seed would go unfuzzed)."""
    for name in READER_NAMES:
        assert pick_reader(Path(_home_path(name)), READERS) == name


def _read(reader_name: str, display: str, text: str) -> None:
    reader = by_name(reader_name)
    assert reader is not None
    doc = Document(Path("/fuzz") / display, display, text, committed=None)
    with hang_guard(f"{reader_name} on {display}"):
        relevant = reader.relevant(text)
        assert isinstance(relevant, bool)
        result = reader.read(doc)
    check_read_result(result, display, text)


@fuzz()
@given(data=st.data())
def test_readers_on_mutated_realistic_files(data: st.DataObject) -> None:
    """Each reader gets a realistic file of its own format, edited a few times."""
    tick("readers/mutated-own")
    name = data.draw(st.sampled_from(READER_NAMES), label="reader")
    own = [(d, t) for d, t in seeds() if pick_reader(Path(d), READERS) == name]
    display, text = data.draw(st.sampled_from(own), label="seed")
    _read(name, display, data.draw(mutated(text), label="text"))


@fuzz()
@given(data=st.data())
def test_readers_on_other_formats(data: st.DataObject) -> None:
    """A reader fed another format's file (a JSON reader given YAML, a shell reader given Python…),
    as happens when a file is misnamed."""
    tick("readers/cross-format")
    name = data.draw(st.sampled_from(READER_NAMES), label="reader")
    _display, text = data.draw(st.sampled_from(seeds()), label="seed")
    _read(name, _home_path(name), data.draw(st.one_of(st.just(text), mutated(text, 3)), label="text"))


@fuzz()
@given(name=st.sampled_from(READER_NAMES),
       text=st.one_of(st.text(max_size=400),
                      st.text(alphabet="[]{}():,=\"'`\\#/*$&!|>-\n\r\t .<>%@?~0123456789abcxyzAPIKEY_", max_size=300)))
def test_readers_on_random_text(name: str, text: str) -> None:
    tick("readers/random")
    _read(name, _home_path(name), text)


@fuzz()
@given(data=st.data())
def test_literal_scanner_on_mutated_files(data: st.DataObject) -> None:
    """The loose-literal scan runs on every relevant file, whatever reader read it."""
    from validator.sources.literals import scan

    tick("literals/mutated")
    display, text = data.draw(st.sampled_from(seeds()), label="seed")
    text = data.draw(mutated(text), label="text")
    doc = Document(Path("/fuzz") / display, display, text, committed=True)
    name = pick_reader(Path(display), READERS)
    with hang_guard(f"literal scan of {display}"):
        result = by_name(name).read(doc) if name else None
        found = scan(doc, result.targets if result else (), result.bindings if result else ())
    for t in found:
        assert t.origin.path == display and t.origin.line >= 1


# --------------------------------------------------------------------------- the real pipeline


def _write(root: Path, display: str, content: str | bytes) -> None:
    path = root / display
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")


@fuzz(0.4)
@given(data=st.data())
def test_collect_engine_and_every_reporter_on_a_mutated_tree(data: st.DataObject) -> None:
    """Write 1-3 mutated files (plus, sometimes, raw bytes) to a temporary tree; the real walk,
    readers, linker, rules and all six reporters handle it: every input problem is a finding of
    an input rule on the file it concerns, and nothing raises."""
    from validator.api import run_check
    from validator.report import FORMATS, render
    from validator.rules.registry import all_rules

    tick("pipeline/tree")
    picks = data.draw(st.lists(st.sampled_from(seeds()), min_size=1, max_size=3, unique_by=lambda s: s[0]),
                      label="files")
    with tempfile.TemporaryDirectory(prefix="msv-fuzz-") as tmp:
        root = Path(tmp)
        written: list[str] = []
        for display, text in picks:
            if data.draw(st.booleans(), label="bytes?"):
                raw = data.draw(mutated(text), label="text").encode("utf-8")
                at = data.draw(st.integers(0, len(raw)), label="at")
                content: str | bytes = raw[:at] + data.draw(st.binary(min_size=1, max_size=8), label="junk") + raw[at:]
            else:
                content = data.draw(mutated(text), label="text")
            _write(root, display, content)
            written.append(display)
        with hang_guard("check of a fuzzed tree"):
            try:
                report = run_check([str(root)], isolated=True)
            except Exception as exc:  # noqa: BLE001
                bug = known_bug(f"{type(exc).__name__}: {exc}")
                if bug is None:
                    raise
                tick(f"known-bug:{bug}")   # pinned by an xfail test in test_fuzz_rules.py
                return
            rules = {r.name: r for r in all_rules()}
            for fmt in sorted(FORMATS):
                out = render(fmt, report, rules, color=False, root=str(root))
                assert isinstance(out, str)
        input_rules = {"parse-error", "unreadable-file", "file-too-large"}
        for f in report.findings:
            if f.rule in input_rules:
                assert any(f.loc.path.endswith(w) for w in written), f


@fuzz(0.4)
@given(data=st.data())
def test_cli_check_never_tracebacks(data: st.DataObject) -> None:
    """``msv check`` on a fuzzed tree exits 0 or 1 with a report, never 2 with an internal error."""
    from hardkit import msv

    tick("pipeline/cli")
    display, text = data.draw(st.sampled_from(seeds()), label="seed")
    fmt = data.draw(st.sampled_from(["text", "json", "sarif", "github", "junit", "gitlab"]), label="format")
    with tempfile.TemporaryDirectory(prefix="msv-fuzz-") as tmp:
        _write(Path(tmp), display, data.draw(mutated(text), label="text"))
        with hang_guard("msv check"):
            r = msv(["check", tmp, "--isolated", "--format", fmt, "--no-color"])
    assert r.exc is None, r.exc
    if r.code == 2 and known_bug(r.stderr):
        tick(f"known-bug:{known_bug(r.stderr)}")   # pinned by an xfail test in test_fuzz_rules.py
        return
    assert r.code in (0, 1), r
    assert "internal error" not in r.stderr and "Traceback" not in r.everything
