"""Helpers for rule tests: build targets directly (no readers) and run one rule on them."""

from __future__ import annotations

from typing import Any

from validator.engine import Options, to_finding
from validator.model import Finding, Location, Origin, Secret, Target, TargetKind, Value
from validator.rules import get

# Key-shaped values made up for tests (never real keys).
PAYG_KEY = "sk-" + "0123456789abcdef" * 2
PLAN_KEY = "sk-sp-" + "A1b2C3d4E5f6G7h8J9k0"
OPENAI_KEY = "sk-proj-" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2"


def lit(value: Any, path: str = "cfg/.env", line: int = 1, col: int = 1, raw: str | None = None,
        origin: Origin = Origin.LITERAL, variable: str | None = None, **kw: Any) -> Value:
    text = value.reveal() if isinstance(value, Secret) else value
    raw = raw if raw is not None else (str(text) if text is not None else None)
    end = col + (len(raw) if raw else 0)
    return Value(value, Location(path, line, col, line, end), origin, variable, raw, **kw)


def target(client: str = "openai-sdk", *, base_url: str | Value | None = None, key: str | Value | None = None,
           models: list[str | Value] | None = None, path: str = "cfg/.env", kind: TargetKind = TargetKind.CONFIG,
           **fields: Any) -> Target:
    def as_value(v: Any, line: int) -> Value | None:
        if v is None or isinstance(v, Value):
            return v
        return lit(v, path, line)

    t = Target(name=f"{client} in {path}", client=client, origin=Location(path, 1), kind=kind)
    t.base_url = as_value(base_url, 1)
    if isinstance(key, str):
        t.key = lit(Secret(key), path, 2, raw=key)
    else:
        t.key = key
    t.models = [as_value(m, 3 + i) for i, m in enumerate(models or [])]  # type: ignore[misc]
    for name, value in fields.items():
        if name in ("usage", "residency", "key_region", "key_plan", "key_workspace") and isinstance(value, str):
            value = Value(value, Location("<cli>"), Origin.DECLARED)
        setattr(t, name, value)
    return t


def run(rule_name: str, t: Target, cat) -> list[Finding]:
    rule = get(rule_name)
    assert rule is not None and rule.check is not None
    return [to_finding(rule, hit, t, Options()) for hit in rule.check(t, cat)]
