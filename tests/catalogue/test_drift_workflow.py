"""The weekly catalogue drift check exists, runs the catalogue tests and regenerates the
generated files it watches (the files must be the ones the compiler writes)."""

from __future__ import annotations

from pathlib import Path

import yaml

from validator.catalogue import compile as compiler

ROOT = Path(__file__).parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "catalogue-drift.yml"


def test_the_drift_workflow_is_weekly_and_watches_the_generated_files() -> None:
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = doc[True] if True in doc else doc["on"]      # YAML 1.1 reads the key `on` as True
    [cron] = [c["cron"] for c in triggers["schedule"]]
    minute, hour, dom, month, dow = cron.split()
    assert dom == "*" and month == "*" and dow.isdigit()   # once a week
    steps = doc["jobs"]["check"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "pytest -q tests/catalogue" in runs and "python -m validator.catalogue.compile" in runs
    watched = {str(p.relative_to(ROOT)) for p in (compiler.COMPILED, compiler.COMPILED.with_name("compiled.json.sha256"),
                                                  compiler.schema_path())}
    for path in watched:
        assert path in runs, path
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("peter-evans/create-pull-request") for u in uses) and "gh issue create" in runs


def test_the_published_hash_matches_compiled_json() -> None:
    import hashlib

    digest = compiler.COMPILED.with_name("compiled.json.sha256").read_text(encoding="utf-8").split()[0]
    assert digest == hashlib.sha256(compiler.COMPILED.read_bytes()).hexdigest()
