"""The secrets canary: one key, unique to this test run, planted everywhere; it must come out nowhere.

The key (``sk-`` + 32 random hex) sits in every source format msv reads (see
``hardkit.canary_files``: .env, shell and PowerShell exports, compose, Actions, Claude Code,
Qwen Code, Codex ``env_key`` mistake, LiteLLM, OpenCode, claude-code-router, Crush, Continue,
Aider, Spring, Python and TypeScript literals, a ``modelstudio.yaml`` ``api_key_env`` mistake, a
README ``curl``), in broken files right where the parser stops, in the environment, in the
user-level configs ``diagnose`` reads, and in pasted error text. Every command and output format
runs on it; stdout, stderr and every file msv writes (reports, baselines, ``init`` output, the
probe's cache) are searched for the key, its secret part, any 10 characters of it, and masked
forms that show some of its characters (``hardkit.leaks``).

Each run also proves the key was *seen* (its fingerprint appears), so a format msv silently
skipped cannot pass as "no leak".
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hardkit import FINGERPRINT, canary_files, files_text, leaks, msv, write_tree

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def _git_tree(root: Path) -> None:
    """Make ``root`` a git work tree with every file staged (committed-key rules then apply)."""
    if shutil.which("git") is None:
        return
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)


def _home(base: Path, key: str, host: str = "https://dashscope.aliyuncs.com") -> Path:
    """User-level configs of known tools (what ``diagnose`` reads), each holding the key."""
    home = base / "home"
    files = {
        ".claude/settings.json": json.dumps({"env": {"ANTHROPIC_BASE_URL": f"{host}/apps/anthropic",
                                                     "ANTHROPIC_AUTH_TOKEN": key}}),
        ".codex/config.toml": 'model_provider = "b"\n[model_providers.b]\n'
                              f'base_url = "{host}/compatible-mode/v1"\n'
                              f'env_key = "{key}"\n',
        ".qwen/.env": f"DASHSCOPE_API_KEY={key}\n",
    }
    write_tree(home, files)
    return home


def _environment(key: str, home: Path, host: str = "https://dashscope.aliyuncs.com") -> dict[str, str]:
    return {"HOME": str(home), "DASHSCOPE_API_KEY": key, "OPENAI_API_KEY": f"Bearer {key}",
            "ANTHROPIC_AUTH_TOKEN": key, "OPENAI_BASE_URL": f"{host}/compatible-mode/v1", "NO_COLOR": "1"}


def _pasted(key: str) -> str:
    return (f"openai.AuthenticationError: Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: "
            f"{key}. You can find your API key at https://bailian.console.aliyun.com', 'type': "
            f"'invalid_request_error', 'code': 'invalid_api_key'}}}}\nAuthorization: Bearer {key}")


def _assert_clean(label: str, text: str, key: str) -> None:
    found = leaks(text, key)
    assert not found, f"{label} leaks the key: {found}"


def test_no_command_or_format_leaks_the_key(tmp_path: Path, canary_key: str, monkeypatch) -> None:
    from validator.model import fingerprint

    key = canary_key
    tree = write_tree(tmp_path / "tree", canary_files(key))
    _git_tree(tree)
    fixcopy = tmp_path / "fixcopy"
    shutil.copytree(tree, fixcopy, ignore=shutil.ignore_patterns(".git"))
    out = tmp_path / "out"
    out.mkdir()
    home = _home(tmp_path, key)
    env = _environment(key, home)
    monkeypatch.chdir(tmp_path)
    fp = fingerprint(key)

    check = ["check", str(tree), "--isolated"]
    runs: list[tuple[list[str], bool]] = []          # (argv, must show the fingerprint)
    for fmt in FORMATS:
        runs.append(([*check, "--format", fmt], fmt in ("text", "json")))
        runs.append(([*check, "--format", fmt, "--output", str(out / f"report.{fmt}")], False))
    runs += [
        ([*check, "--list-targets"], True),
        ([*check, "--list-targets", "--format", "json"], True),
        ([*check, "--fix", "--diff"], False),
        ([*check, "--fix", "--diff", "--unsafe-fixes"], False),
        (["check", str(fixcopy), "--isolated", "--fix", "--unsafe-fixes", "--format", "json"], False),
        ([*check, "--write-baseline", str(out / "baseline.json")], False),
        ([*check, "--baseline", str(out / "baseline.json"), "--format", "json"], False),
        ([*check, "--select", "ALL", "--fail-on", "info", "--format", "text"], True),
        (["diagnose", str(tree), "--no-probe"], True),
        (["diagnose", str(tree), "--no-probe", "--format", "json", "--error", _pasted(key)], True),
        (["diagnose", str(tree), "--no-probe", "--error", _pasted(key)], True),
        (["init", str(tree), "--output", str(out / "modelstudio.yaml"), "--settings", "--force"], False),
        (["catalogue", "resolve", f"https://dashscope.aliyuncs.com/compatible-mode/v1?api_key={key}"], False),
        (["catalogue", "resolve", f"https://dashscope.aliyuncs.com/compatible-mode/v1?api_key={key}",
          "--format", "json"], False),
    ]
    before_fix = {p.relative_to(fixcopy) for p in fixcopy.rglob("*")}
    for argv, must_see in runs:
        r = msv(argv, env=env, input=None)
        label = "msv " + " ".join(a if key not in a else "<argument with the key>" for a in argv)
        assert r.exc is None, f"{label}: raised {r.exc!r}"
        assert r.code in (0, 1), f"{label}: exit {r.code}: {r.stderr[-500:]}"
        _assert_clean(label, r.everything, key)
        if must_see:
            assert fp in r.everything, f"{label}: the key was not seen (no fingerprint {fp})"

    for path, text in files_text(tmp_path, skip=(tree, fixcopy, home)).items():
        _assert_clean(f"the file msv wrote at {path}", text, key)
    assert (out / "baseline.json").is_file() and (out / "modelstudio.yaml").is_file()
    assert all((out / f"report.{fmt}").is_file() for fmt in FORMATS)
    # --fix left no temporary file behind, and did not copy the key anywhere new
    assert {p.relative_to(fixcopy) for p in fixcopy.rglob("*")} == before_fix


# --------------------------------------------------------------------------- internal errors, tracebacks

INJECT = r'''
import sys
import validator.engine as engine

KEY = sys.argv[1]

def broken(*args, **kwargs):
    # the classic leak: an exception message quoting the value that could not be handled
    raise ValueError(f"invalid literal for int() with base 10: {KEY!r}")

engine.run_rules = broken
from validator.cli import main
main(sys.argv[2:])
'''


def _run_injected(key: str, args: list[str], cwd: Path, env: dict[str, str] | None = None):
    full = {**os.environ, **(env or {})}
    full.pop("MSV_DEBUG", None)
    full.update(env or {})
    return subprocess.run([sys.executable, "-c", INJECT, key, *args], capture_output=True, text=True, cwd=cwd,
                          env=full, timeout=120)


def test_an_internal_error_quoting_the_key_is_one_redacted_line(tmp_path: Path, canary_key: str) -> None:
    write_tree(tmp_path, {".env": f"DASHSCOPE_API_KEY={canary_key}\n"})
    p = _run_injected(canary_key, ["check", ".", "--isolated"], tmp_path)
    assert p.returncode == 2
    assert "internal error" in p.stderr and "Traceback" not in p.stderr
    _assert_clean("the internal-error line", p.stdout + p.stderr, canary_key)


@pytest.mark.parametrize("how", ["--debug", "MSV_DEBUG=1"])
def test_debug_tracebacks_do_not_show_the_key(tmp_path: Path, canary_key: str, how: str) -> None:
    write_tree(tmp_path, {".env": f"DASHSCOPE_API_KEY={canary_key}\n"})
    args = ["check", ".", "--isolated"] + (["--debug"] if how == "--debug" else [])
    p = _run_injected(canary_key, args, tmp_path, env={"MSV_DEBUG": "1"} if how != "--debug" else None)
    assert p.returncode == 2
    assert "Traceback" in p.stderr            # the traceback is shown (that is what --debug is for)…
    _assert_clean(f"the {how} traceback", p.stdout + p.stderr, canary_key)   # …without the key


# --------------------------------------------------------------------------- the live probe

def test_the_probe_and_diagnose_probe_never_leak_the_key(tmp_path: Path, canary_key: str, fake, private_cache,
                                                          monkeypatch) -> None:
    """Probe the canary tree against fake hosts on loopback: one echoes the key back in its error
    body, one accepts it. Text and JSON, ``--regions``, ``diagnose --probe`` with a pasted error,
    and the verdict cache: the key appears in none of them — yet the fake hosts did receive it."""
    from fakems import catalogue_extension

    from validator.model import fingerprint

    key = canary_key
    echo = fake(fault="echo-key")
    accept = fake(keys={key})
    ext = tmp_path / "fake-catalogue.yaml"
    ext.write_text(catalogue_extension({"fake-bj": (echo, "cn-beijing"), "fake-sg": (accept, "ap-southeast-1")}),
                   encoding="utf-8")
    files = canary_files(key, host=echo.url(""))
    # DASHSCOPE_API_KEY alone means the DashScope SDK with its default (real) host: keep every
    # target on the fake hosts, so nothing here may reach the internet
    files[".env"] = f"OPENAI_BASE_URL={echo.url('/compatible-mode/v1')}\nOPENAI_API_KEY={key}\nOPENAI_MODEL=qwen-plus\n"
    tree = write_tree(tmp_path / "tree", files)
    home = _home(tmp_path, key, host=echo.url(""))
    (home / ".qwen" / ".env").unlink()
    env = _environment(key, home, host=echo.url(""))
    del env["DASHSCOPE_API_KEY"]
    monkeypatch.chdir(tmp_path)
    common = ["--catalogue", str(ext), "--candidate-host", "127.0.0.1:*", "--timeout", "2", "--total-timeout", "20"]
    runs = [
        ["probe", str(tree), *common],
        ["probe", str(tree), *common, "--format", "json"],
        ["probe", str(tree), *common, "--regions"],
        ["probe", "--base-url", echo.url("/compatible-mode/v1"), "--key-env", "ANTHROPIC_AUTH_TOKEN", *common,
         "--model", "qwen-plus", "--format", "json"],
        ["diagnose", str(tree), "--probe", *common, "--error", _pasted(key)],
        ["diagnose", str(tree), "--probe", *common, "--format", "json", "--error", _pasted(key)],
    ]
    for argv in runs:
        r = msv(argv, env=env)
        label = "msv " + " ".join(a if key not in a else "<argument with the key>" for a in argv[:3])
        assert r.exc is None, f"{label}: raised {r.exc!r}"
        assert r.code in (0, 1, 3), f"{label}: exit {r.code}: {r.everything[-800:]}"
        _assert_clean(label, r.everything, key)
        assert fingerprint(key) in r.everything, f"{label}: the key was not seen"
    sent = [q.credential for h in (echo, accept) for q in h.requests]
    assert key in sent, "the probe never sent the key: this test would prove nothing"
    for path, text in files_text(private_cache).items():
        _assert_clean(f"the probe cache {path}", text, key)


# --------------------------------------------------------------------------- fingerprints


@pytest.mark.parametrize("prefix", ["sk-", "sk-sp-", "sk-ws-", ""])
def test_a_key_fingerprint_is_its_documented_prefix_and_eight_hex_of_sha256(canary_key: str, prefix: str) -> None:
    from validator.model import Secret, fingerprint

    key = prefix + canary_key[3:]
    fp = fingerprint(key)
    assert fp == prefix + "…" + hashlib.sha256(key.encode()).hexdigest()[:8]
    assert FINGERPRINT.match(fp) and not leaks(fp, "sk-" + canary_key[3:])
    s = Secret(key)
    assert str(s) == repr(s).removeprefix("Secret(").removesuffix(")") == f"{s}" == fp
    assert key not in f"{s!r} {s!s} {s:>60} {[s]} {({'k': s})}"


def test_finding_fingerprints_are_stable_across_runs_and_checkouts(tmp_path: Path, canary_key: str) -> None:
    """The same tree in two places, checked from inside each: every format's output is identical
    (fingerprints included), and so is the baseline, so baselines survive a fresh clone."""
    files = canary_files(canary_key)
    outputs: list[dict[str, str]] = []
    for where in ("one", "two/deeper"):
        root = write_tree(tmp_path / where / "repo", files)
        got: dict[str, str] = {}
        for fmt in FORMATS:
            p = subprocess.run([sys.executable, "-m", "validator", "check", ".", "--isolated", "--format", fmt,
                                "--no-color"], cwd=root, capture_output=True, text=True, timeout=120,
                               env={**os.environ, "NO_COLOR": "1"})
            got[fmt] = p.stdout
        subprocess.run([sys.executable, "-m", "validator", "check", ".", "--isolated", "--write-baseline",
                        "baseline.json"], cwd=root, capture_output=True, timeout=120)
        got["baseline"] = (root / "baseline.json").read_text(encoding="utf-8")
        outputs.append(got)
    for fmt in outputs[0]:
        assert outputs[0][fmt] == outputs[1][fmt], f"{fmt} output differs between two checkouts"
    findings = json.loads(outputs[0]["json"])["findings"]
    prints = [f["fingerprint"] for f in findings]
    assert prints and all(len(p) >= 8 and not leaks(p, canary_key) for p in prints)


def test_every_secret_in_the_target_listing_is_a_fingerprint(tmp_path: Path, canary_key: str) -> None:
    tree = write_tree(tmp_path / "tree", canary_files(canary_key))
    r = msv(["check", str(tree), "--isolated", "--list-targets", "--format", "json"])
    doc = json.loads(r.stdout)
    secrets = [f for t in doc["targets"] for f in t["fields"] if f.get("secret")]
    assert len(secrets) >= len([p for p in canary_files(canary_key) if not p.startswith("broken/")]) - 3
    for f in secrets:
        assert f["value"] is None or FINGERPRINT.match(f["value"]), f
