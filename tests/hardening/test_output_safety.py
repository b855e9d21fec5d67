"""What a hostile repository writes into a value must not take over the terminal or the CI log.

msv echoes values from files (a model name, a URL) and from servers (an error message) in its
output. A value holding terminal escape sequences (``ESC [1A ESC [2K`` erases the line above and
can hide a finding; ``ESC ]0;…BEL`` retitles the terminal; OSC 52 writes the clipboard on some
terminals) or, in the GitHub format, a line break followed by a workflow command
(``::add-path::``), must come out inert: no raw control character but newline and tab, and in the
GitHub format exactly one workflow command per finding.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hardkit import Scripted, msv, write_tree

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")   # C0 (but \t and \n), DEL, and the 8-bit CSI
HOSTILE = "qwen-plux\\n::add-path::/tmp/evil\\n\x1b]0;pwned\x07\x1b[1A\x1b[2K\x1b]52;c;ZXZpbA==\x07\rRED"
ENV = ('OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\n'
       f'OPENAI_MODEL="{HOSTILE}"\n')


def _tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "repo", {".env": ENV})


def _controls(text: str) -> list[str]:
    return sorted({repr(c) for c in CONTROL.findall(text)})


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "gitlab", "github"])
def test_reports_carry_no_control_characters(tmp_path: Path, fmt: str) -> None:
    r = msv(["check", str(_tree(tmp_path)), "--isolated", "--format", fmt, "--no-color"], env={"NO_COLOR": "1"})
    assert r.exc is None and r.code in (0, 1), r
    assert "unknown-model" in r.stdout or "MS301" in r.stdout    # the hostile value was reported…
    out = r.stdout.replace("\r", "") if fmt == "junit" else r.stdout   # CR is legal XML text (parsers drop it)
    assert _controls(out) == [], f"{fmt}: raw control characters in the report"   # …inertly


def test_github_format_cannot_be_made_to_emit_a_workflow_command(tmp_path: Path) -> None:
    r = msv(["check", str(_tree(tmp_path)), "--isolated", "--format", "github"])
    commands = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert all(re.match(r"^::(error|warning|notice) ", line) for line in commands), commands
    n_findings = len(json.loads(msv(["check", str(_tree(tmp_path)), "--isolated", "--format", "json"]).stdout)
                     ["findings"])
    assert len(commands) == n_findings
    assert "::add-path::" not in "\n".join(line.split("::", 2)[1] for line in commands)


@pytest.mark.parametrize("args", [
    pytest.param(["check", "{tree}", "--isolated", "--list-targets"], id="list-targets"),
    pytest.param(["check", "{tree}", "--isolated", "--list-targets", "--format", "json"], id="list-targets-json"),
    pytest.param(["diagnose", "{tree}", "--no-probe", "--no-user-configs"], id="diagnose"),
    pytest.param(["diagnose", "{tree}", "--no-probe", "--no-user-configs", "--format", "json"], id="diagnose-json"),
    pytest.param(["diagnose", "{tree}", "--no-probe", "--no-user-configs", "--error",
                  "Error code: 401 \x1b]0;pwned\x07 - {'error': {'message': 'bad \x1b[2J key'}}"],
                 id="diagnose-pasted"),
])
def test_other_text_outputs_carry_no_control_characters(tmp_path: Path, args: list[str]) -> None:
    tree = _tree(tmp_path)
    r = msv([a.replace("{tree}", str(tree)) for a in args], env={"NO_COLOR": "1", "HOME": str(tmp_path)})
    assert r.exc is None and r.code in (0, 1), r
    assert _controls(r.stdout) == [] and _controls(r.stderr) == []


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_server_s_error_message_cannot_reach_the_terminal(tmp_path: Path, canary_key: str, fmt: str) -> None:
    """The probe prints what a server said; a server (or a proxy) is not trusted either."""
    from fakems import catalogue_extension

    body = {"error": {"message": "Incorrect API key \x1b]0;pwned\x07\x1b[2J provided", "code": "invalid_api_key"}}
    host = Scripted(lambda req: {"status": 401, "body": body})
    try:
        ext = tmp_path / "ext.yaml"
        ext.write_text(catalogue_extension({"h": (host, "cn-beijing")}), encoding="utf-8")
        r = msv(["probe", "--base-url", host.url("/compatible-mode/v1"), "--key-env", "K", "--catalogue", str(ext),
                 "--candidate-host", "127.0.0.1:*", "--format", fmt, "--no-cache"], env={"K": canary_key})
        assert r.exc is None, r.exc
        assert host.requests
        assert "provided" in r.stdout                      # the message was shown…
        assert _controls(r.stdout) == [] and _controls(r.stderr) == [], r   # …inertly
    finally:
        host.close()
