"""The pydantic-free fast path for modelstudio.yaml: never laxer than the model, used when it can be.

``_plainly_valid`` lets a plainly valid file skip pydantic (~60 ms of a one-file check). It must
only ever accept what ``ModelStudioConfig`` accepts; everything else goes to pydantic, which also
writes the messages, so the reader's output cannot change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from validator.schemas.config import KeyContext, ModelStudioConfig, TargetConfig
from validator.sources import modelstudio
from validator.sources.modelstudio import _plainly_valid

FIXTURES = Path(__file__).parent / "fixtures"


def accepted_by_model(data: object) -> bool:
    try:
        ModelStudioConfig.model_validate(data)
    except ValidationError:
        return False
    return True


def test_fast_path_knows_exactly_the_model_fields() -> None:
    # a field removed from the model must be removed here too (a field added is merely slower)
    assert set(TargetConfig.model_fields) == set(modelstudio._TARGET_FIELDS)
    assert set(KeyContext.model_fields) == set(modelstudio._KEY_FIELDS)
    assert set(ModelStudioConfig.model_fields) == {"version", "targets"}


GOOD = {"version": 1, "targets": [
    {"name": "api", "client": "openai-compatible", "base_url": "https://dashscope.aliyuncs.com/compatible-mode/v1",
     "api_key_env": "DASHSCOPE_API_KEY", "model": "qwen-plus", "parameters": {"temperature": 0.7},
     "features": ["batch-inference"], "usage": "backend", "residency": "intl",
     "key": {"region": "ap-southeast-1", "plan": "payg", "workspace": None}},
    {"name": "laptop", "client": "claude-code", "models": ["qwen3-coder-plus"], "key": {"plan": "coding-plan"}},
]}


def test_plain_files_take_the_fast_path() -> None:
    assert _plainly_valid(GOOD) and accepted_by_model(GOOD)
    assert _plainly_valid({"version": 1}) and _plainly_valid({"version": 1, "targets": []})


@pytest.mark.parametrize("bad", [
    {"version": True, "targets": []},                        # bool is not the int 1 here
    {"version": "1"}, {"version": 2}, {"targets": []}, {"version": 1, "extra": 1},
    {"version": 1, "targets": [{"name": "", "client": "x"}]},
    {"version": 1, "targets": [{"name": "a", "client": "X"}]},
    {"version": 1, "targets": [{"name": "a", "client": "x\n"}]},
    {"version": 1, "targets": [{"name": "a", "client": "x", "model": "m", "models": ["m"]}]},
    {"version": 1, "targets": [{"name": "a", "client": "x", "base_ulr": "u"}]},
    {"version": 1, "targets": [{"name": "a", "client": "x", "usage": "Backend"}]},
    {"version": 1, "targets": [{"name": "a", "client": "x", "key": {"plan": "free"}}]},
    {"version": 1, "targets": [{"name": "a", "client": "x", "parameters": {1: 2}}]},
    {"version": 1, "targets": None},
])
def test_anything_doubtful_goes_to_pydantic(bad: dict) -> None:
    assert not _plainly_valid(bad)


def test_reader_output_is_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.sources.base import Document

    for path in sorted(FIXTURES.rglob("*modelstudio.y*ml")):
        doc = Document(path, path.name, path.read_text(encoding="utf-8"))
        fast = modelstudio.READER.read(doc)
        monkeypatch.setattr(modelstudio, "_plainly_valid", lambda data: False)
        slow = modelstudio.READER.read(doc)
        monkeypatch.undo()
        assert fast == slow, path


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 3), st.floats(allow_nan=False, width=16),
    st.sampled_from(["", "a", "1", "x y", "openai-compatible", "Claude", "a\n", "-x", "payg", "coding-plan",
                     "free", "backend", "interactive", "intl", "cn", "EU", "qwen-plus", "b.c_d-e"]),
    st.text(max_size=6),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.sampled_from(["region", "plan", "workspace", "temperature", "x"]),
                              st.integers(0, 2)), inner, max_size=3)), max_leaves=6)
TARGET_KEYS = sorted(modelstudio._TARGET_FIELDS) + ["base_ulr", "extra"]
# per field: values the model accepts, mixed with anything at all
FIELD_VALUES = {
    "base_url": st.one_of(st.none(), st.text(max_size=4)), "api_key_env": st.one_of(st.none(), st.text(max_size=4)),
    "model": st.one_of(st.none(), st.text(max_size=4)), "models": st.one_of(st.none(), st.lists(st.text(max_size=3))),
    "parameters": st.dictionaries(st.text(max_size=3), VALUES, max_size=2), "features": st.lists(st.text(max_size=3)),
    "usage": st.sampled_from([None, "backend", "interactive", "Backend", ""]),
    "residency": st.sampled_from([None, "cn", "intl", "us", "eu", "jp", "hk", "EU", "sg"]),
    "key": st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "region": st.one_of(st.none(), st.text(max_size=3), SCALARS),
        "plan": st.sampled_from([None, "payg", "coding-plan", "token-plan", "free", 1]),
        "workspace": st.one_of(st.none(), SCALARS), "x": SCALARS})),
}
TARGETS = st.one_of(
    st.dictionaries(st.sampled_from(TARGET_KEYS), VALUES, max_size=8),
    st.fixed_dictionaries(
        {"name": st.sampled_from(["a", "", "api", 1]), "client": st.sampled_from(["x", "X", "a-b", "", "a\n", "0.x_"])},
        optional={k: st.one_of(FIELD_VALUES.get(k, VALUES), VALUES) for k in TARGET_KEYS if k not in ("name", "client")}),
    VALUES,
)
DOCS = st.one_of(
    st.fixed_dictionaries({"version": st.one_of(st.just(1), SCALARS)},
                          optional={"targets": st.one_of(st.lists(TARGETS, max_size=3), VALUES),
                                    "extra": VALUES}),
    VALUES,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCS)
def test_fast_path_never_accepts_what_the_model_rejects(data: object) -> None:
    if _plainly_valid(data):
        event("accepted by the fast path")
        assert accepted_by_model(data), data


NEAR_VALID = st.fixed_dictionaries({"version": st.sampled_from([1, 1, 1, True, 1.0, "1"])}, optional={"targets": st.lists(
    st.fixed_dictionaries({"name": st.sampled_from(["a", "api", "", 0]),
                           "client": st.sampled_from(["openai-compatible", "claude-code", "a.b_c-d", "9x", "X", "-a"])},
                          optional={k: v for k, v in FIELD_VALUES.items()}), max_size=3)})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEAR_VALID)
def test_fast_path_on_nearly_valid_files(data: dict) -> None:
    fast = _plainly_valid(data)
    event(f"fast path {'accepts' if fast else 'defers'}")
    if fast:
        assert accepted_by_model(data), data

