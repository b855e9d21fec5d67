"""Static commands never touch the network and never import httpx.

Every static command runs in one child process whose ``sitecustomize`` (first on PYTHONPATH)
replaces ``socket.socket``, ``socket.create_connection``, ``getaddrinfo`` and the other resolver
entry points with functions that *record* the attempt and raise. After each command the child
writes the attempts and whether ``httpx``/``httpcore`` got imported. The tree holds a key in every
source format and the environment holds keys and base URLs, so a command that wanted to "just
check" a key live would have every reason to.

The guard proves itself first: a deliberate connection attempt must be recorded, or the test
fails (a guard that is not installed would let every command pass).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hardkit import canary_files, write_tree

SITECUSTOMIZE = r'''
"""Installed by tests/hardening/test_no_network.py: no socket can be created, every try is recorded."""
import json
import os
import socket

_LOG = os.environ["MSV_NET_LOG"]


def _record(what):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(what) + "\n")


class _NoNetwork(OSError):
    pass


_Real = socket.socket


class _GuardedSocket(_Real):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family != getattr(socket, "AF_UNIX", object()):
            _record(["socket", int(family)])
            raise _NoNetwork("network disabled by the no-network test")
        super().__init__(family, type, proto, fileno)


def _refuse(name):
    def refused(*args, **kwargs):
        _record([name, repr(args[:2])])
        raise _NoNetwork(f"network disabled by the no-network test ({name})")
    return refused


socket.socket = _GuardedSocket
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
              "getnameinfo", "create_server"):
    setattr(socket, _name, _refuse(_name))
'''

RUNNER = r'''
import io, json, os, sys
from contextlib import redirect_stderr, redirect_stdout

from validator.cli import main

log = os.environ["MSV_NET_LOG"]
results = []
commands = json.loads(sys.argv[1])

def attempts():
    try:
        with open(log, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        return []

# the guard proves itself: this attempt must be recorded
import socket
try:
    socket.create_connection(("127.0.0.1", 9), timeout=0.1)
except OSError:
    pass
results.append({"argv": ["<self-test>"], "attempts": attempts(), "code": None, "httpx": False})
open(log, "w").close()

for argv in commands:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except BaseException as exc:
            code = f"raised {type(exc).__name__}: {exc}"
    results.append({"argv": argv, "attempts": attempts(), "code": code,
                    "httpx": any(m in sys.modules for m in ("httpx", "httpcore", "anyio", "h11")),
                    "stderr": err.getvalue()[-400:]})
    open(log, "w").close()
print(json.dumps(results))
'''


def static_commands(root: Path, work: Path) -> list[list[str]]:
    tree = str(root)
    fixcopy = str(work / "fixcopy")
    out = str(work / "out")
    check = ["check", tree, "--isolated"]
    commands = [[*check, "--format", fmt] for fmt in ("text", "json", "sarif", "github", "junit", "gitlab")]
    commands += [
        [*check, "--list-targets"],
        [*check, "--list-targets", "--format", "json"],
        [*check, "--fix", "--diff"],
        ["check", fixcopy, "--isolated", "--fix", "--unsafe-fixes"],
        [*check, "--format", "sarif", "--output", f"{out}/report.sarif"],
        [*check, "--write-baseline", f"{out}/baseline.json"],
        [*check, "--baseline", f"{out}/baseline.json", "--format", "json"],
        [*check, "--key-region", "cn-beijing", "--key-plan", "payg", "--usage", "backend", "--residency", "cn"],
        ["check", f"{tree}/.env", "--isolated"],
        ["rules"],
        ["rules", "--format", "json"],
        ["explain", "unknown-model"],
        ["rule", "MS101"],
        ["catalogue", "regions"],
        ["catalogue", "hosts"],
        ["catalogue", "models", "--region", "cn-beijing"],
        ["catalogue", "features"],
        ["catalogue", "errors"],
        ["catalogue", "clients"],
        ["catalogue", "resolve", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"],
        ["catalogue", "resolve", "https://dashscope.aliyun.com/v1", "--format", "json"],
        ["init", tree, "--output", f"{out}/modelstudio.yaml", "--settings"],
        ["diagnose", tree, "--no-probe"],
        ["diagnose", tree, "--no-probe", "--format", "json", "--error",
         "Error code: 401 - {'error': {'message': 'Incorrect API key provided.', 'code': 'invalid_api_key'}}"],
        ["diagnose", tree],                       # no flag, not a terminal: never probes
        ["diagnose", tree, "--no-user-configs", "--error", "HTTP/1.1 429 Too Many Requests"],
        ["--version"],
        ["--help"],
        ["check", "--help"],
    ]
    return commands


@pytest.mark.skipif(os.name == "nt", reason="sitecustomize socket guard is POSIX-tested")
def test_static_commands_open_no_socket_and_never_import_httpx(tmp_path: Path, canary_key: str) -> None:
    root = write_tree(tmp_path / "tree", canary_files(canary_key))
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    shutil.copytree(root, work / "fixcopy")
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    home = tmp_path / "home"
    (home / ".codex").mkdir(parents=True)
    (home / ".codex" / "config.toml").write_text(
        'model_provider = "b"\n[model_providers.b]\nbase_url = "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"\n'
        'env_key = "DASHSCOPE_API_KEY"\n', encoding="utf-8")
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join([str(guard), *filter(None, [os.environ.get("PYTHONPATH")])]),
           "MSV_NET_LOG": str(tmp_path / "net.log"), "HOME": str(home), "MSV_CACHE_DIR": str(tmp_path / "cache"),
           "DASHSCOPE_API_KEY": canary_key, "OPENAI_API_KEY": canary_key,
           "OPENAI_BASE_URL": "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
           "HTTPS_PROXY": "http://127.0.0.1:9", "NO_COLOR": "1"}
    env.pop("MSV_DEBUG", None)
    commands = static_commands(root, work)
    proc = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(commands)], capture_output=True, text=True,
                          env=env, cwd=work, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout.strip().splitlines()[-1])

    selftest = results[0]
    assert selftest["attempts"], "the socket guard is not installed: this test would prove nothing"

    assert len(results) == len(commands) + 1
    for r in results[1:]:
        assert r["attempts"] == [], f"msv {' '.join(r['argv'])} tried the network: {r['attempts']}"
        assert not r["httpx"], f"msv {' '.join(r['argv'])} imported httpx"
        assert r["code"] in (0, 1, 3), f"msv {' '.join(r['argv'])}: exit {r['code']}: {r['stderr']}"
    # the commands really ran: outputs were written where asked
    assert (work / "out" / "report.sarif").is_file() and (work / "out" / "baseline.json").is_file()
    assert (work / "out" / "modelstudio.yaml").is_file()
