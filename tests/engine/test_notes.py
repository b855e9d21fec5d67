"""The reader→rule channel is typed: one table of note kinds, checked where notes are made and read."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

import validator
from validator.model import Location, Target, TargetKind
from validator.notes import KINDS, Note, parts
from validator.rules import all_rules, get

RULES_DIR = Path(validator.__file__).parent.parent / "rules"


def test_every_consuming_rule_exists_and_every_asked_kind_is_listed() -> None:
    for kind in KINDS.values():
        for name in kind.rules:
            assert get(name) is not None, (kind.name, name)
    asked: set[str] = set()
    for path in RULES_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        asked |= set(re.findall(r'notes_of\(target, "([a-z-]+)"\)', text))
        for group in re.findall(r"for kind in \(([^)]*)\):", text):   # notes_of(target, kind) over a tuple
            asked |= set(re.findall(r'"([a-z-]+)"', group))
    assert asked and asked <= set(KINDS)
    assert {k for k in KINDS if KINDS[k].rules} <= asked


def test_a_note_is_its_text_and_its_parts() -> None:
    n = Note("ignored-key", "env.OPENAI_API_BASE")
    assert n == "ignored-key: env.OPENAI_API_BASE" and (n.kind, n.detail) == ("ignored-key", "env.OPENAI_API_BASE")
    assert n.setting == "ignored-key:env.OPENAI_API_BASE"
    back = pickle.loads(pickle.dumps(n))
    assert back == n and back.kind == "ignored-key"
    assert parts("followed A -> B") is None and parts("jsonc: x") == ("jsonc", "x")


def test_an_unknown_kind_fails_where_it_is_written() -> None:
    with pytest.raises(ValueError, match="unknown note kind"):
        Note("ignored-keys", "x")
    from validator.rules._common import notes_of

    t = Target(name="t", client="unknown", origin=Location("f", 1, 1), kind=TargetKind.CONFIG)
    with pytest.raises(ValueError, match="unknown note kind"):
        notes_of(t, "ignored-keys")
    assert all_rules()
