"""bench/probe_concurrency.py probes its loopback hosts for real (tiny delays: no figure asserted)."""

from __future__ import annotations

import re


def test_every_host_is_probed_and_the_hanging_one_is_a_timeout(bench) -> None:  # type: ignore[no-untyped-def]
    pc = bench("probe_concurrency")
    (wall, obs), = pc.scenario([0.01] * 3, {"timeout": 5, "total": 30}, 1)
    assert len(obs) == 3 and all(o.outcome == "accepted" for o in obs), obs
    (wall, obs), = pc.scenario([0.01, 0.01, pc.HANG], {"timeout": 0.5, "total": 30}, 1)
    assert [o.meaning for o in obs if o.outcome != "accepted"] == ["timeout"], obs
    assert sum(o.outcome == "accepted" for o in obs) == 2


def test_main_prints_both_scenarios_with_their_limits(bench, capsys) -> None:  # type: ignore[no-untyped-def]
    code = bench("probe_concurrency").main(["--hosts", "3", "--delay", "0.05", "--runs", "1", "--timeout", "0.5"])
    out = capsys.readouterr().out
    assert re.search(r"^1\. 3 hosts, each answering after 50 ms$", out, re.M), out
    assert re.search(r"best wall time \d+ ms = [\d.]+x one host's delay; limit 100 ms: (OK|TOO SLOW)", out), out
    assert re.search(r"2 answered, 1 timed out", out), out
    assert code in (0, 1)
