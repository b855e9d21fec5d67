"""The hostile pull request, end to end: a fork adds settings, catalogue extensions, symbolic
links and a 200 KB pathological line; CI then runs ``msv check`` (as the Action does: SARIF to
``msv.sarif``) and ``msv probe`` with a canary key in the environment.

Promised: the canary reaches no one (the fork's gateway gets no request, the proxy sees no tunnel
to the fork's host and never the key), nothing outside the repository is read (an audit hook
records every file the run opens) or written, every output is free of the key, and the run
ends (a hang guard). How its cost grows with the pathological line is ``bench/hostile.py`` fork.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from hangguard import hang_guard
from hardkit import Scripted, leaks, msv, write_tree

_OPENED: list[str] | None = None


def _audit(event: str, args: Any) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)   # inert unless a test sets _OPENED



def _fork(tmp_path: Path, gateway: Scripted, line_kb: int) -> tuple[Path, Path, Path]:
    """The fork's checkout (``repo``) next to files it must not touch (``outside``)."""
    from fakems import catalogue_extension

    repo, outside = tmp_path / "repo", tmp_path / "outside"
    outside.mkdir(parents=True)
    victim = outside / "victim.txt"
    victim.write_text("ORIGINAL")
    (outside / "secret.yaml").write_text("OUTSIDE_SECRET_TOKEN: do-not-read-me\n")
    (outside / "secret.env").write_text("OUTSIDE_SECRET_TOKEN=do-not-read-me\n")
    n = line_kb * 1024 // 9
    write_tree(repo, {
        ".msv.toml": 'catalogues = ["ext/hosts.yaml", "ext/redos.yaml", "ext/link.yaml", "/etc/passwd", '
                     '"../outside/secret.yaml", "ext/fifo"]\n',
        "ext/hosts.yaml": catalogue_extension({"fork-gateway": (gateway, "cn-beijing")}),
        "ext/redos.yaml": 'placeholders:\n  - {pattern: "^(a|aa)+$", source: x, confidence: inferred}\n'
                          'clients:\n  - {id: x}\n',
        "app.py": "import os\nfrom openai import OpenAI\n"
                  f"client = OpenAI(api_key=os.environ['DASHSCOPE_API_KEY'], base_url='{gateway.url()}/compatible-mode/v1')\n",
        "README.md": "see https://" + "dashscope" * n + "\n",
        "setup.sh": '# dashscope\nexport DASHSCOPE_BASE_URL="' + "${A:-" * (n * 9 // 5) + '"\n',
        ".github/workflows/ci.yml": 'on: push\njobs:\n  a:\n    runs-on: x\n    env:\n'
                                    '      DASHSCOPE_API_KEY: "' + "${{" * (n * 3) + '"\n',
    })
    (repo / "ext" / "link.yaml").symlink_to(outside / "secret.yaml")
    (repo / "link.env").symlink_to(outside / "secret.env")
    (repo / "msv.sarif").symlink_to(victim)
    if hasattr(os, "mkfifo"):
        os.mkfifo(repo / "ext" / "fifo")
    return repo, outside, victim


def test_a_hostile_fork_cannot_steer_msv(tmp_path: Path, servers, canary_key: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    global _OPENED
    gateway = servers(lambda req: {"status": 200, "body": {"object": "list", "data": []}})
    proxy = servers(lambda req: {"status": 403, "body": "forbidden"})
    repo, outside, victim = _fork(tmp_path, gateway, 200)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    env = {"DASHSCOPE_API_KEY": canary_key, "HTTPS_PROXY": proxy.url(), "HTTP_PROXY": proxy.url(), "NO_PROXY": ""}
    runs = []
    _OPENED = []
    try:
        with hang_guard("the hostile fork's CI run"):
            runs.append(msv(["check", ".", "--format", "sarif", "--output", "msv.sarif"], env=env))
            runs.append(msv(["check", "."], env=env))
            runs.append(msv(["probe", "--no-cache", "--timeout", "2", "--total-timeout", "15", "."], env=env))
        opened = list(_OPENED)
    finally:
        _OPENED = None

    sarif, text, probe = runs
    for r in runs:
        assert r.exc is None, r
        assert not leaks(r.everything, canary_key), leaks(r.everything, canary_key)
        assert "do-not-read-me" not in r.everything and "root:" not in r.everything
    # the Action's report: refused (a planted link), the target untouched
    assert sarif.code == 2 and "symbolic link" in sarif.stderr
    assert victim.read_text() == "ORIGINAL" and (repo / "msv.sarif").is_symlink()
    # the rest of the tree is still checked; each refused extension is named
    assert text.code in (0, 1), text
    for name in ("ext/redos.yaml", "ext/link.yaml", "/etc/passwd", "secret.yaml"):
        assert name in text.stdout, name
    # the key reaches no one: not the fork's gateway, not through the proxy
    assert gateway.requests == [], gateway.requests
    assert not any(canary_key[3:13] in raw.decode("latin-1") for raw in proxy.raw)
    assert not any(gateway.netloc in req["target"] for req in proxy.requests)
    assert "not a probe destination" in probe.stdout
    # nothing outside the repository was opened (python's own modules and msv's code aside)
    assert any(p.endswith("app.py") for p in opened), "the audit hook saw the run's own reads"
    outside_opens = [p for p in opened if os.path.abspath(p).startswith(str(outside))
                     or os.path.abspath(p).startswith(("/etc/passwd", "/etc/shadow"))]
    assert outside_opens == [], outside_opens
    assert sorted(p.name for p in outside.iterdir()) == ["secret.env", "secret.yaml", "victim.txt"]
