"""The pydantic-free path for settings tables gives exactly what the model gives, or defers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from validator import settings as msv_settings
from validator.schemas.settings import MsvSettings


def by_model(table: dict) -> dict | None:
    try:
        return MsvSettings.model_validate(table).model_dump(exclude_unset=True)
    except ValidationError:
        return None


def test_fast_path_knows_exactly_the_model_fields() -> None:
    fields = {name: (f.alias or name) for name, f in MsvSettings.model_fields.items()}
    assert fields == {name: key for name, key, _ in msv_settings._PLAIN}


def test_this_repository_settings_take_the_fast_path() -> None:
    root = Path(__file__).resolve().parents[2]
    table = msv_settings._read_toml(root / "pyproject.toml")["tool"]["msv"]
    assert msv_settings._plain(table) is not None
    assert msv_settings._plain(table) == by_model(table)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 5), st.floats(allow_nan=False, width=16),
                    st.sampled_from(["", "x", "MS1", "error", "warning", "info", "Error", "payg", "coding-plan", "free",
                                     "backend", "interactive", "intl", "cn", "EU", "1", "tests/"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a/*", "MS1", "x", "error"]), inner, max_size=2)),
    max_leaves=5)
GOOD = {
    "select": st.one_of(st.none(), st.lists(st.sampled_from(["MS1", "ALL", "x"]))),
    "severity": st.dictionaries(st.sampled_from(["MS1", "a"]), st.sampled_from(["error", "warning", "info", "bad"])),
    "per-path-ignores": st.dictionaries(st.sampled_from(["a/*", "b"]), st.lists(st.sampled_from(["MS1", "x"]))),
    "fail-on": st.sampled_from([None, "error", "info", "fatal"]), "include-ignored": st.sampled_from([None, True, 1]),
    "max-file-size": st.sampled_from([None, 1, 0, -3, 10**6, True, 2.0]),
    "key-plan": st.sampled_from([None, "payg", "token-plan", "x"]), "usage": st.sampled_from([None, "backend", "b"]),
    "residency": st.sampled_from([None, "us", "hk", "HK"]), "key-region": st.one_of(st.none(), st.text(max_size=4)),
}
KEYS = sorted(key for _, key, _ in msv_settings._PLAIN) + ["extend_select", "fail_on", "unknown"]
TABLES = st.one_of(
    st.fixed_dictionaries({}, optional={k: st.one_of(GOOD.get(k, st.lists(st.text(max_size=3))), VALUES)
                                        for k in KEYS}),
    st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5),
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_fast_path_equals_the_model_or_defers(table: dict) -> None:
    fast = msv_settings._plain(table)
    event("fast" if fast is not None else "deferred")
    if fast is not None:
        assert fast == by_model(table)
