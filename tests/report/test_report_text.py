"""The text format: line format, carets, colour rules, resilience, summary."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path

import pytest

from validator.engine import Report
from validator.model import Finding, Fix, Location, Secret, Severity, Target, Value
from validator.redact import redact_text
from validator.report import render
from validator.report.text import should_color, snippet_lines, summary_line
from validator.report._common import Redactor

from report_sample import FAKE_KEY

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEAD = re.compile(r"^(?P<loc>[^ ]+?): (?P<severity>error|warning|info) (?P<code>MS\d+) \[(?P<name>[a-z0-9-]+)\] (?P<msg>.+)$")


def width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def block(out: str, head_prefix: str) -> list[str]:
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith(head_prefix))
    j = lines.index("", i)
    return lines[i:j]


def caret_target(shown: str, caret: str) -> str:
    """The characters of ``shown`` that sit above the carets, by terminal column."""
    start = len(caret) - len(caret.lstrip(" "))
    count = caret.count("^")
    out, col = [], 0
    for ch in shown:
        w = width(ch)
        if start <= col < start + count:
            out.append(ch)
        col += w
    return "".join(out)


def split_snippet(lines: list[str]) -> tuple[str, str]:
    src, car = lines[1], lines[2]
    bar = src.index("| ") + 2
    return src[bar:], car[bar:]


def test_finding_lines_follow_the_format(sample) -> None:
    out = render("text", sample.report, sample.rules, root=str(sample.root))
    heads = [line for line in out.splitlines() if HEAD.match(line)]
    assert len(heads) == len(sample.report.findings)
    m = HEAD.match(heads[1])
    assert m.group("loc") == ".env:2:17" and m.group("code") == "MS102" and m.group("name") == "malformed-base-url"
    # grouped by file: all findings of a file are consecutive
    paths = [HEAD.match(h).group("loc").split(":")[0] for h in heads]
    assert paths == sorted(paths)


def test_caret_sits_under_the_span(sample) -> None:
    out = render("text", sample.report, sample.rules, root=str(sample.root))
    lines = block(out, ".env:4:7:")
    shown, caret = split_snippet(lines)
    assert caret_target(shown, caret) == "qwen-plus-lastest"
    assert lines[3] == "  fix: Use qwen-plus-latest [unsafe fix]"


def test_caret_counts_wide_characters_and_tabs(sample) -> None:
    out = render("text", sample.report, sample.rules, root=str(sample.root))
    shown, caret = split_snippet(block(out, "app.py:2:33:"))
    assert "名称" in shown
    assert caret_target(shown, caret) == "http://dashscope.aliyuncs.com/compatible-mode/v1"
    shown, caret = split_snippet(block(out, "app.py:4:26:"))
    assert "\t" not in shown
    assert caret_target(shown, caret) == "https://dashscope.aliyun.com/compatible-mode/v1"


def test_secret_on_the_line_is_redacted_and_still_pointed_at(sample) -> None:
    out = render("text", sample.report, sample.rules, root=str(sample.root))
    assert FAKE_KEY not in out
    shown, caret = split_snippet(block(out, ".env:3:16: error MS209"))
    assert caret_target(shown, caret) == Secret(FAKE_KEY).fingerprint


def test_key_split_by_the_span_is_still_redacted() -> None:
    line = f"KEY={FAKE_KEY}"
    # a span that cuts the key in two: neither half looks like a key on its own
    loc = Location("x", 1, 5, 1, 10)
    shown, caret = snippet_lines(line, loc, Redactor())
    assert FAKE_KEY not in shown and FAKE_KEY[:12] not in shown
    assert shown == redact_text(line) and caret is None


def test_no_colour_unless_asked(sample) -> None:
    plain = render("text", sample.report, sample.rules, root=str(sample.root))
    assert not ANSI.search(plain)
    coloured = render("text", sample.report, sample.rules, root=str(sample.root), color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_should_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert should_color(FakeTTY()) is True
    assert should_color(io.StringIO()) is False          # piped / redirected
    assert should_color(object()) is False               # not a stream at all
    closed = io.TextIOWrapper(io.BytesIO())
    closed.close()                                       # isatty() raises ValueError
    assert should_color(closed) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert should_color(FakeTTY()) is False
    monkeypatch.setenv("NO_COLOR", "")
    assert should_color(FakeTTY()) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert should_color(FakeTTY()) is False


def test_missing_unreadable_and_binary_files_get_no_snippet(tmp_path: Path) -> None:
    (tmp_path / "bin.env").write_bytes(b"\x00\x01\x02KEY=1\n")
    (tmp_path / "adir").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.env")  # opening it for reading would block forever
    findings = [
        Finding("r", "MS1", Severity.ERROR, "gone", Location("gone.env", 1, 1, 1, 4)),
        Finding("r", "MS1", Severity.ERROR, "binary", Location("bin.env", 1, 1, 1, 4)),
        Finding("r", "MS1", Severity.ERROR, "dir", Location("adir", 1, 1, 1, 4)),
        Finding("r", "MS1", Severity.ERROR, "past the end", Location("bin.env", 99, 1)),
        Finding("r", "MS1", Severity.ERROR, "abs", Location(str(tmp_path / "nope" / "x.env"), 2, 1)),
        Finding("r", "MS1", Severity.ERROR, "fifo", Location("fifo.env", 1, 1)),
    ]
    out = render("text", Report(findings, [], 2, "v", "d"), {}, root=str(tmp_path))
    assert " | " not in out
    assert len([line for line in out.splitlines() if HEAD.match(line)]) == 6


def test_sources_mapping_is_used_instead_of_disk(tmp_path: Path) -> None:
    f = Finding("r", "MS1", Severity.ERROR, "m", Location("only-in-memory.env", 2, 5, 2, 8))
    out = render("text", Report([f], [], 1, "v", "d"), {}, root=str(tmp_path),
                 sources={"only-in-memory.env": "A=1\nKEY=abc\n"})
    shown, caret = split_snippet(block(out, "only-in-memory.env:2:5:"))
    assert shown == "KEY=abc" and caret_target(shown, caret) == "abc"


def test_printable_is_the_one_neutraliser() -> None:
    """Control characters (C0, DEL, C1), line/paragraph separators and format characters become
    U+FFFD unless ``keep`` names them; printable text, CJK and ordinary spaces pass unchanged."""
    from validator.redact import printable

    assert printable("qwen-plus 通义 ok") == "qwen-plus 通义 ok"
    for ch in ("\x1b", "\x07", "\r", "\n", "\t", "\x00", "\x7f", "\x9b", "\x85", "\u2028", "\u202e", "\u200b"):
        assert printable(f"a{ch}b") == "a\ufffdb", repr(ch)
    assert printable("a\r\n\x1bb", keep="\r\n") == "a\r\n\ufffdb"


def test_control_characters_cannot_reach_the_terminal() -> None:
    f = Finding("r", "MS1", Severity.ERROR, "evil \x1b[2J message", Location("a.env", 1, 5, 1, 8))
    out = render("text", Report([f], [], 1, "v", "d"), {}, sources={"a.env": "KEY=\x1b]0;pwned\x07x\n"})
    assert "\x1b" not in out and "\x07" not in out


def test_long_lines_are_cut_around_the_span() -> None:
    line = "X=" + "a" * 500 + "TARGET" + "b" * 500
    col = line.index("TARGET") + 1
    f = Finding("r", "MS1", Severity.ERROR, "m", Location("big.json", 1, col, 1, col + 6))
    out = render("text", Report([f], [], 1, "v", "d"), {}, sources={"big.json": line})
    shown, caret = split_snippet(block(out, "big.json:1:"))
    assert len(shown) < 200 and shown.startswith("...") and shown.endswith("...")
    assert caret_target(shown, caret) == "TARGET"


def test_multi_line_span_carets_to_end_of_first_line() -> None:
    f = Finding("r", "MS1", Severity.ERROR, "m", Location("a.yaml", 1, 4, 3, 2))
    out = render("text", Report([f], [], 1, "v", "d"), {}, sources={"a.yaml": "k: |\n  x\n  y\n"})
    shown, caret = split_snippet(block(out, "a.yaml:1:4:"))
    assert caret_target(shown, caret) == "|"


def test_known_secrets_of_odd_shape_are_redacted() -> None:
    odd = "Zq9-odd-shaped-secret-77"
    t = Target("t", "openai-sdk", Location("a.env", 1), key=Value(Secret(odd), Location("a.env", 1, 5)))
    f = Finding("r", "MS1", Severity.ERROR, f"value {odd} rejected", Location("a.env", 1, 5, 1, 5 + len(odd)),
                Fix(f"replace {odd}"))
    out = render("text", Report([f], [t], 1, "v", "d"), {}, sources={"a.env": f"KEY={odd}\n"})
    assert odd not in out
    assert Secret(odd).fingerprint in out


class TestSummary:
    def report(self, *sev: Severity, suppressed: int = 0) -> Report:
        findings = [Finding("r", "MS1", s, "m", Location(f"f{i % 2}.env", 1)) for i, s in enumerate(sev)]
        return Report(findings, [Target("t", "x", Location("f0.env"))], 12, "2026.11.1", "2026-11-22", suppressed)

    def test_counts(self) -> None:
        line = summary_line(self.report(Severity.ERROR, Severity.WARNING, Severity.WARNING, suppressed=2),
                            baselined=3)
        assert line == ("Found 3 findings (1 error, 2 warnings, 0 info) in 2 files. Checked 12 files, "
                        "1 target; 2 suppressed inline, 3 in baseline. Catalogue 2026.11.1 (as of 2026-11-22).")

    def test_clean(self) -> None:
        assert summary_line(self.report()) == (
            "No findings. Checked 12 files, 1 target. Catalogue 2026.11.1 (as of 2026-11-22).")

    def test_is_the_last_line_of_the_text_report(self) -> None:
        r = self.report(Severity.INFO)
        out = render("text", r, {})
        assert out.splitlines()[-1] == summary_line(r)
        assert "(0 errors, 0 warnings, 1 info) in 1 file." in out

    def test_colour(self) -> None:
        assert ANSI.search(summary_line(self.report(Severity.ERROR), color=True))
        assert not ANSI.search(summary_line(self.report(Severity.ERROR)))


def test_report_texts_are_used_before_disk(tmp_path: Path) -> None:
    (tmp_path / "a.env").write_text("ON_DISK=1\n")
    f = Finding("r", "MS1", Severity.ERROR, "m", Location("a.env", 1, 1, 1, 3))
    report = Report([f], [], 1, "v", "d")
    report.texts["a.env"] = "IN_MEMORY=1\n"
    out = render("text", report, {}, root=str(tmp_path))
    assert "IN_MEMORY=1" in out and "ON_DISK" not in out


def test_the_width_of_ascii_text_is_its_length_and_wide_characters_count_twice() -> None:
    from validator.report.text import _width

    assert _width("base_url = x\t") == 13
    assert _width("模型 x") == 6                 # two wide characters, a space, a letter
    assert _width("e\u0301") == 1                # a combining accent takes no column
