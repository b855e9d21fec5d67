"""``validator.regex_cache``: msv's patterns kept between runs are the patterns ``re.compile`` makes.

Equality of two compiled patterns compares their flags, their source and their compiled code, so
``cached == re.compile(...)`` says the cache hands back exactly what ``re`` would have built.
"""

from __future__ import annotations

import marshal
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import validator
from validator import regex_cache
from validator.lazyre import LazyPattern, lazy

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache in the test's folder, writable as if bytecode could be written."""
    path = tmp_path / "pycache" / "msv-regex.test.marshal"
    monkeypatch.setattr(regex_cache, "cache_file", lambda: str(path))
    monkeypatch.setattr(regex_cache, "_entries", None)
    monkeypatch.setattr(regex_cache, "_libraries", {})
    monkeypatch.setattr(regex_cache, "_fresh", False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    re.purge()   # re's own cache would answer a pattern compiled before without building it
    return path


def _reload() -> None:
    """What the next process sees: nothing in memory, the file on disk."""
    regex_cache._entries = None
    regex_cache._libraries.clear()
    regex_cache._fresh = False


def _compiler_module() -> object:
    """The module whose ``_sre.compile`` call builds patterns (``re._compiler``; 3.10: ``sre_compile``)."""
    return getattr(re, "_compiler", None) or sys.modules["sre_compile"]


def _msv_patterns() -> list[tuple[object, int]]:
    """Every module-level lazy pattern in msv's source (all modules imported)."""
    for info in pkgutil.walk_packages(validator.__path__, "validator."):
        if info.name.endswith("__main__"):
            continue
        __import__(info.name)
    found = []
    for name, module in list(sys.modules.items()):
        if name == "validator" or name.startswith("validator."):
            for value in vars(module).values():
                if isinstance(value, LazyPattern):
                    found.append(value._args)
    return sorted(set(found), key=repr)


def test_every_pattern_msv_defines_is_what_re_compile_makes_fresh_and_from_the_file(cache: Path) -> None:
    patterns = _msv_patterns()
    assert len(patterns) > 100   # the readers' grammars, the rules', the probe's
    fresh = [regex_cache.compile(p, f) for p, f in patterns]
    assert regex_cache.save() and cache.exists()
    _reload()
    again = [regex_cache.compile(p, f) for p, f in patterns]
    assert regex_cache._fresh is False   # every one came from the file
    for (p, f), a, b in zip(patterns, fresh, again, strict=True):
        ref = re.compile(p, f)
        assert a == ref and b == ref, p
        assert (b.flags, b.groups, b.groupindex, b.pattern) == (ref.flags, ref.groups, ref.groupindex, ref.pattern)


def test_a_cached_pattern_matches_like_re(cache: Path) -> None:
    source = r"\$\{(?P<name>[A-Za-z_]\w*)(?::-(?P<arg>[^}]*))?\}"
    regex_cache.compile(source, re.IGNORECASE)
    regex_cache.save()
    _reload()
    got, ref = regex_cache.compile(source, re.IGNORECASE), re.compile(source, re.IGNORECASE)
    text = "url=${BASE_URL:-https://x} key=${key}"
    assert [m.groupdict() for m in got.finditer(text)] == [m.groupdict() for m in ref.finditer(text)]
    assert got.sub("-", text) == ref.sub("-", text)


def test_bytes_patterns_and_flags_are_kept_apart(cache: Path) -> None:
    a = regex_cache.compile(rb"ab+", 0)
    b = regex_cache.compile(r"ab+", re.IGNORECASE)
    c = regex_cache.compile(r"ab+", 0)
    regex_cache.save()
    _reload()
    assert regex_cache.compile(rb"ab+", 0) == a == re.compile(rb"ab+")
    assert regex_cache.compile(r"ab+", re.IGNORECASE) == b == re.compile(r"ab+", re.I)
    assert regex_cache.compile(r"ab+", 0) == c == re.compile(r"ab+")
    assert regex_cache.compile(r"ab+", re.IGNORECASE).match("ABB") and not regex_cache.compile(r"ab+").match("ABB")


def test_an_invalid_pattern_raises_what_re_raises(cache: Path) -> None:
    with pytest.raises(re.error) as ours:
        regex_cache.compile(r"(unclosed", 0)
    with pytest.raises(re.error) as theirs:
        re.compile(r"(unclosed")
    assert str(ours.value) == str(theirs.value)
    assert regex_cache._entries == {}


@pytest.mark.parametrize("content", [b"", b"not marshal", marshal.dumps(("msv-regex-0", {})),
                                     marshal.dumps((("msv-regex-1", 0, 0, 0), {})), marshal.dumps([1, 2, 3]),
                                     marshal.dumps(((regex_cache.FORMAT,), {("x", 0): "junk"}, {})),
                                     marshal.dumps((regex_cache._header(), {}, [])),
                                     marshal.dumps((regex_cache._header(), {}))])
def test_a_damaged_or_foreign_file_is_ignored(cache: Path, content: bytes) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(content)
    assert regex_cache.compile(r"a(b)c", 0) == re.compile(r"a(b)c")
    assert regex_cache._fresh   # compiled here, so written again at exit
    assert regex_cache.save()
    _reload()
    regex_cache.compile(r"a(b)c", 0)
    assert not regex_cache._fresh   # the rewritten file is read


def test_a_bad_entry_is_compiled_again_not_trusted(cache: Path) -> None:
    regex_cache.compile(r"xy+", 0)
    regex_cache.save()
    _reload()
    entries = regex_cache._load()
    flags, code, groups, gi, ig = entries[(r"xy+", 0)]
    entries[(r"xy+", 0)] = (flags, [999, *code], groups, gi, ig)   # code _sre refuses
    got = regex_cache.compile(r"xy+", 0)
    assert got == re.compile(r"xy+") and got.match("xyy")


def test_an_entry_is_what_re_handed_to_sre_for_its_own_answer(cache: Path) -> None:
    """What is kept is the argument list of the ``_sre.compile`` call that built the object
    ``re.compile`` returned: a pattern re had in its own cache (no call) is not kept, and the
    compiler module gets its real ``_sre`` back."""
    _compiler = _compiler_module()
    real = _compiler._sre
    first = regex_cache.compile(r"kept-(\d+)", 0)
    flags, code, groups, groupindex, indexgroup = regex_cache._entries[(r"kept-(\d+)", 0)]
    assert (flags, groups, groupindex) == (first.flags, first.groups, first.groupindex)
    assert all(type(c) is int for c in code) and indexgroup == (None, None)
    assert _compiler._sre is real
    re.compile(r"in-re-already")
    regex_cache.compile(r"in-re-already", 0)
    assert (r"in-re-already", 0) not in regex_cache._entries


def test_a_call_made_for_another_pattern_meanwhile_is_not_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another thread may compile while ours runs: only the call that made our answer counts."""
    mine = re.compile(r"mine")   # re answers from its own cache: no call for it
    real_compile = re.compile

    def busy(pattern: str, flags: int = 0) -> re.Pattern[str]:
        real_compile(r"someone-else's", 0)   # a call the recorder sees, for another pattern
        return real_compile(pattern, flags)

    monkeypatch.setattr(re, "compile", busy)
    assert regex_cache.compile(r"mine", 0) is mine
    assert (r"mine", 0) not in regex_cache._entries


def test_recorded_arguments_are_plain_data() -> None:
    """re's opcodes are int subclasses marshal refuses: kept as ints; strings are never read as numbers."""
    op = _compiler_module().LITERAL   # re._constants' (3.10: sre_constants'), imported by the compiler
    assert type(op) is not int
    got = regex_cache._plain((32, [op, 7, op], 1, {"name": 1}, (None, "name")))
    assert got == (32, [int(op), 7, int(op)], 1, {"name": 1}, (None, "name"))
    assert all(type(c) is int for c in got[1])
    assert regex_cache._plain(["12", 3]) == ["12", 3]   # a list that is not code: element by element
    marshal.dumps(got)


def test_a_recorder_stays_out_of_an_active_ones_way(cache: Path) -> None:
    _compiler = _compiler_module()
    real = _compiler._sre
    outer = regex_cache._Recorder()
    with outer as calls:
        inner = regex_cache._Recorder()   # made while the outer one stands in: records nothing
        with inner as inner_calls:
            re.compile(r"nested-(a|b)+")
        assert _compiler._sre is outer
    assert _compiler._sre is real and inner_calls == [] and len(calls) == 1


def test_nothing_is_written_where_python_writes_no_bytecode(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert regex_cache.compile(r"q+", 0) == re.compile(r"q+")
    assert regex_cache.save() is False and not cache.parent.exists()


def test_an_unwritable_folder_is_not_an_error(cache: Path) -> None:
    cache.parent.parent.mkdir(exist_ok=True)
    cache.parent.write_text("a file where the folder should be", encoding="utf-8")
    regex_cache.compile(r"w+", 0)
    assert regex_cache.save() is False
    assert [p.name for p in cache.parent.parent.iterdir()] == ["pycache"]   # no temp file left


def test_the_file_is_bounded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 3)
    for i in range(6):
        assert regex_cache.compile(f"a{{{i}}}", 0) == re.compile(f"a{{{i}}}")
    assert len(regex_cache._entries) == 3
    long = "x" * (regex_cache.MAX_PATTERN + 1)
    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 10)
    regex_cache.compile(long, 0)
    assert (long, 0) not in regex_cache._entries


def test_a_lazy_pattern_goes_through_the_cache(cache: Path) -> None:
    p = lazy(r"lazy-(\d+)")
    assert p.match("lazy-12").group(1) == "12"
    assert (r"lazy-(\d+)", 0) in regex_cache._entries


def test_the_file_sits_beside_this_modules_bytecode() -> None:
    path = regex_cache.cache_file()
    assert path is not None
    assert os.path.dirname(path) == os.path.dirname(regex_cache.__cached__)
    assert sys.implementation.cache_tag in os.path.basename(path)


def test_a_second_run_compiles_nothing_and_rewrites_nothing(tmp_path: Path) -> None:
    """Two real ``msv check`` runs with bytecode written under a prefix: the first writes the
    cache; the second finds every pattern there (the file is not written again) and reports the same."""
    (tmp_path / "a.env").write_text("OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"
                                    "OPENAI_API_KEY=${DASHSCOPE_API_KEY}\nOPENAI_MODEL=qwen-plus\n", encoding="utf-8")
    (tmp_path / "c.json").write_text('{"env": {"ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic"}}\n',
                                     encoding="utf-8")
    prefix = tmp_path / "prefix"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(prefix), MSV_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    cmd = [sys.executable, "-m", "validator", "check", "a.env", "c.json"]

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)

    first = run()
    files = list(prefix.rglob("msv-regex.*.marshal"))
    assert len(files) == 1, first.stderr
    stamp = files[0].stat().st_mtime_ns, files[0].stat().st_ino
    second = run()
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert (files[0].stat().st_mtime_ns, files[0].stat().st_ino) == stamp
    assert not [p for p in prefix.rglob("*.tmp")]




# --------------------------------------------------------------------------- a library's own patterns


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package that compiles patterns at import, as PyYAML does (a str one with a flag, a bytes one)."""
    root = tmp_path / "site"
    (root / "msvfakepkg").mkdir(parents=True)
    (root / "msvfakepkg" / "__init__.py").write_text(
        '__version__ = "1"\nimport re\n'
        'A = re.compile(r"fake-(\\d+)", re.I)\nB = re.compile(rb"bytes+")\nC = re.compile("plain")\n',
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, "msvfakepkg", raising=False)
    yield root
    sys.modules.pop("msvfakepkg", None)


def _fresh_import() -> object:
    sys.modules.pop("msvfakepkg", None)
    re.purge()
    _reload()
    return regex_cache.import_with_patterns("msvfakepkg")


def test_a_librarys_patterns_are_recorded_under_the_key_it_asked_with(cache: Path, fake_package: Path) -> None:
    module = regex_cache.import_with_patterns("msvfakepkg")
    version, keys = regex_cache._libraries["msvfakepkg"]
    assert version == "1"
    assert set(keys) == {(r"fake-(\d+)", int(re.I)), (rb"bytes+", 0), ("plain", 0)}
    assert regex_cache.save()
    module = _fresh_import()   # the next process: seeded from the file
    assert not regex_cache._fresh   # nothing compiled, nothing new to write
    assert module.A == re.compile(r"fake-(\d+)", re.I) and module.A.match("FAKE-7").group(1) == "7"
    assert module.B == re.compile(rb"bytes+") and module.C == re.compile("plain")


def test_the_seeded_objects_are_the_ones_the_library_gets(cache: Path, fake_package: Path) -> None:
    regex_cache.import_with_patterns("msvfakepkg")
    regex_cache.save()
    sys.modules.pop("msvfakepkg")
    re.purge()
    _reload()
    regex_cache._load()
    seen: dict[int, object] = {}

    real_import = regex_cache.__builtins__["__import__"] if isinstance(regex_cache.__builtins__, dict) \
        else regex_cache.__builtins__.__import__

    def spying(name: str, *args: object, **kw: object) -> object:
        if name == "msvfakepkg":
            seen.update({id(p): p for p in re._cache.values()})
        return real_import(name, *args, **kw)

    import builtins

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builtins, "__import__", spying)
        module = regex_cache.import_with_patterns("msvfakepkg")
    assert {id(module.A), id(module.B), id(module.C)} <= set(seen)   # found in re's cache, not compiled


def test_a_new_version_of_the_library_is_recorded_afresh(cache: Path, fake_package: Path) -> None:
    regex_cache.import_with_patterns("msvfakepkg")
    regex_cache.save()
    (fake_package / "msvfakepkg" / "__init__.py").write_text(
        '__version__ = "2"\nimport re\nD = re.compile(r"other")\n', encoding="utf-8")
    sys.modules.pop("msvfakepkg")
    re.purge()
    _reload()
    import importlib

    importlib.invalidate_caches()
    regex_cache.import_with_patterns("msvfakepkg")
    assert regex_cache._libraries["msvfakepkg"] == ("2", (("other", 0),))


def test_an_imported_library_is_returned_as_is(cache: Path) -> None:
    import yaml

    assert regex_cache.import_with_patterns("yaml") is yaml
    assert "yaml" not in regex_cache._libraries


def test_pyyaml_seeded_from_the_file_reads_as_before(tmp_path: Path) -> None:
    """Two child processes: the first records PyYAML's patterns, the second gets all ten of them
    from the file (the objects PyYAML holds are the ones seeded into re's cache) and reads YAML as
    before: same trees, same scalar types (the resolvers' patterns decide ints, floats,
    booleans, dates, nulls)."""
    prefix = tmp_path / "prefix"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    code = ("import sys, re; assert 'yaml' not in sys.modules\n"
            "from validator import regex_cache as rc\n"
            "rc._load(); keys = rc._libraries.get('yaml', (None, ()))[1]\n"
            "from validator.parsing.yaml import parse_yaml, _import_yaml\n"
            "yaml = _import_yaml()\n"
            "held = {yaml.reader.Reader.NON_PRINTABLE, yaml.constructor.SafeConstructor.timestamp_regexp,\n"
            "        *(r for pairs in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for _, r in pairs)}\n"
            "from_file = sum(1 for p in held if (p.pattern, p.flags & ~32) in keys or (p.pattern, p.flags) in keys)\n"
            "doc = 'a: 1\\nb: 1.5\\nc: yes\\nd: 2026-12-04\\ne: ~\\nf: 0x1F\\nh: text\\n'\n"
            "print(len(held), from_file, yaml.safe_load(doc), parse_yaml(doc)[0].plain())\n")
    cmd = [sys.executable, "-c", code]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=REPO)
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    held1, known1, rest1 = first.stdout.split(" ", 2)
    held2, known2, rest2 = second.stdout.split(" ", 2)
    assert (held1, known1) == ("10", "0") and (held2, known2) == ("10", "10") and rest1 == rest2
    assert "datetime.date(2026, 12, 4)" in rest1 and "'c': True" in rest1 and "'f': 31" in rest1
