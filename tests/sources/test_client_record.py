"""A client is one record: a client added only in a catalogue file is seen by the walk,
``diagnose``'s user-level list and launcher detection, and read by its declarative reader."""

from __future__ import annotations

from pathlib import Path

from validator.catalogue import load
from validator.engine import Options, check
from validator.sources import registry
from validator.sources.walk import walk

RECORD = """\
clients:
  - id: acme-agent
    name: Acme Agent
    protocol: openai
    appends: /chat/completions
    base_vars: [ACME_BASE_URL]
    key_vars: [ACME_API_KEY]
    model_vars: []
    precedence: [process, shell]
    usage: interactive
    reader: json-settings
    files: [.acme/agent.json]
    user_files: [~/.acme/agent.json]
    home_var: ACME_HOME
    launchers: [acme]
    settings:
      each: [profiles.*]
      base_url: [endpoint]
      key: [token]
      model: [model]
    source: "https://example.invalid/acme"
    confidence: inferred
"""


def _catalogue(tmp_path: Path):
    ext = tmp_path / "acme.yaml"
    ext.write_text(RECORD, encoding="utf-8")
    return load([str(ext)])


def test_the_walk_reads_the_files_the_record_names(tmp_path: Path) -> None:
    cat = _catalogue(tmp_path)
    tree = tmp_path / "repo"
    (tree / ".acme").mkdir(parents=True)
    (tree / ".acme" / "agent.json").write_text(
        '{"profiles": {"main": {"endpoint": "https://dashscope-intl.aliyun.com/compatible-mode/v1",\n'
        '  "model": "qwen-plus"}}}\n', encoding="utf-8")
    walked = walk([str(tree)], registry.readers(cat))
    assert [(Path(c.display).name, c.reader) for c in walked.candidates] == [("agent.json", "acme-agent-settings")]
    assert registry.by_name("acme-agent-settings") is not None        # a worker finds it by name
    assert walk([str(tree)], registry.readers()).candidates[0].reader is None   # the bundled records do not
    report = check([str(tree)], Options(), cat)
    (target,) = report.targets
    assert target.client == "acme-agent" and "profile main" in target.name
    assert [f.rule for f in report.findings] == ["unknown-host"]


def test_diagnose_lists_the_record_user_files(tmp_path: Path) -> None:
    from validator.diagnose import user_config_paths

    cat = _catalogue(tmp_path)
    home = tmp_path / "home"
    (home / ".acme").mkdir(parents=True)
    (home / ".acme" / "agent.json").write_text("{}", encoding="utf-8")
    assert home / ".acme" / "agent.json" in user_config_paths(home, {"HOME": str(home)}, cat)
    assert home / ".acme" / "agent.json" not in user_config_paths(home, {"HOME": str(home)})
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (moved / "agent.json").write_text("{}", encoding="utf-8")
    found = user_config_paths(home, {"HOME": str(home), "ACME_HOME": str(moved)}, cat)
    assert moved / "agent.json" in found and home / ".acme" / "agent.json" not in found


def test_a_launcher_script_hints_the_record_client(tmp_path: Path) -> None:
    """An interactive tool is chosen for a script's variables only when the script starts it."""
    cat = _catalogue(tmp_path)
    exports = "#!/bin/sh\nexport ACME_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
    (tmp_path / "run-acme.sh").write_text(exports + "exec acme --yolo\n", encoding="utf-8")
    (tmp_path / "env-only.sh").write_text(exports + "exec other-tool\n", encoding="utf-8")
    hinted = {t.client for t in check([str(tmp_path / "run-acme.sh")], Options(), cat).targets}
    plain = {t.client for t in check([str(tmp_path / "env-only.sh")], Options(), cat).targets}
    assert "acme-agent" in hinted and "acme-agent" not in plain
