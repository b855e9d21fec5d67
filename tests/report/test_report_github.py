"""GitHub workflow commands: the syntax the runner parses, and its escaping."""

from __future__ import annotations

import re

from validator.engine import Report
from validator.model import Finding, Fix, Location, Severity
from validator.report import render
from validator.report.github import escape_data, escape_property

# ::<command> key=value,key=value::message — properties may not hold a raw ',' ':' CR or LF,
# and the message may not hold a raw CR or LF (the runner reads one command per line).
COMMAND = re.compile(r"^::(error|warning|notice)(?: ([A-Za-z]+=[^,:\r\n]*(?:,[A-Za-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$")
ALLOWED = {"file", "line", "col", "endLine", "endColumn", "title"}


def unescape(text: str) -> str:
    """What the runner does with a value (actions/runner ActionCommand.Unescape)."""
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in out.splitlines():
        if not line.startswith("::"):
            continue
        m = COMMAND.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
        assert set(props) <= ALLOWED
        parsed.append((m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))))
    return parsed


def test_every_line_is_a_valid_command_or_the_summary(sample) -> None:
    out = render("github", sample.report, sample.rules)
    lines = out.splitlines()
    parsed = commands(out)
    assert len(parsed) == len(sample.report.findings)
    assert not lines[-1].startswith("::") and lines[-1].startswith("Found 10 findings")


def test_properties_and_severity(sample) -> None:
    parsed = commands(render("github", sample.report, sample.rules))
    cmd, props, message = next(p for p in parsed if p[1].get("title") == "MS301 unknown-model"
                               and p[1].get("file") == ".env")
    assert cmd == "warning"
    assert props == {"file": ".env", "line": "4", "col": "7", "endLine": "4", "endColumn": "24",
                     "title": "MS301 unknown-model"}
    assert message.splitlines()[1] == "fix: Use qwen-plus-latest"
    env = next(p for p in parsed if p[1]["title"] == "MS207 missing-key")
    assert "file" not in env[1] and env[2].startswith("<environment>: ")


def test_info_is_a_notice_and_whole_file_has_no_line() -> None:
    f = Finding("r", "MS1", Severity.INFO, "note", Location("a.yaml"))
    (parsed,) = commands(render("github", Report([f], [], 1, "v", "d"), {}))
    assert parsed[0] == "notice" and parsed[1] == {"file": "a.yaml", "title": "MS1 r"}


def test_end_column_only_on_a_single_line_span() -> None:
    f = Finding("r", "MS1", Severity.ERROR, "multi", Location("a.yaml", 2, 5, 4, 3))
    (parsed,) = commands(render("github", Report([f], [], 1, "v", "d"), {}))
    assert parsed[1]["endLine"] == "4" and "endColumn" not in parsed[1]


def test_hostile_text_is_escaped_and_round_trips() -> None:
    msg = "100% wrong\r\n::error file=x::injected, really: yes"
    f = Finding("r", "MS1", Severity.ERROR, msg, Location("dir,with:odd%/f.env", 1, 2, 1, 3),
                Fix("fix it\nnow"))
    out = render("github", Report([f], [], 1, "v", "d"), {})
    assert out.count("\n") == 2  # one command + the summary: nothing injected a new line
    ((cmd, props, message),) = commands(out)
    assert props["file"] == "dir,with:odd%/f.env"
    assert message == msg + "\nfix: fix it\nnow"


def test_terminal_escapes_are_neutralised_in_message_fix_and_properties() -> None:
    """CR and LF are the runner's to escape; ESC, BEL and C1 controls would reach the Actions log."""
    f = Finding("r", "MS1", Severity.ERROR, "model \x1b]0;pwned\x07\x1b[1A\x1b[2Kqwen\x9b2J",
                Location("evil\x1b[2J.env", 1, 2, 1, 3), Fix("use \x1b[31mqwen-plus\x07"))
    out = render("github", Report([f], [], 1, "v", "d"), {})
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), repr(out)
    ((_cmd, props, message),) = commands(out)
    assert message == "model \ufffd]0;pwned\ufffd\ufffd[1A\ufffd[2Kqwen\ufffd2J\nfix: use \ufffd[31mqwen-plus\ufffd"
    assert props["file"] == "evil\ufffd[2J.env"


def test_escape_functions() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
