"""The checks hold paths as strings (issue 18: ``msv check FILE…`` never imports pathlib).

Each string function answers what the ``Path`` code it replaced answered; the reference
implementations below are that code, verbatim.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path, PurePath, PurePosixPath

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from validator import settings as msv_settings
from validator.sources.base import Document
from validator.sources.link import _layered, _split
from validator.sources.walk import _given, as_path_str, display_path, is_absolute

PATHS = st.text(alphabet="ab./", max_size=12)


def _old_display_path(path: Path | str, cwd: Path | None = None) -> str:
    p = Path(path)
    base = cwd or Path.cwd()
    try:
        if not p.is_absolute():
            p = base / p
        rel = os.path.relpath(p, base)
    except ValueError:   # another drive (Windows)
        return p.as_posix()
    if rel == ".." or rel.startswith(".." + os.sep) or rel.startswith("../"):
        return Path(os.path.normpath(p)).as_posix()
    return PurePosixPath(*Path(rel).parts).as_posix() if rel != "." else "."


@settings(max_examples=500, deadline=None)
@example("")
@example(".")
@example("./")
@example("//a")
@example("///a")
@example("a/..")
@example("../a")
@example("a/./b/")
@example("a//b")
@given(PATHS)
def test_a_path_string_is_what_a_path_holds(text: str) -> None:
    assert as_path_str(text) == str(Path(text))
    assert as_path_str(Path(text)) == str(Path(text))
    assert is_absolute(text) is Path(text).is_absolute()


@settings(max_examples=500, deadline=None)
@example("a/b.env", "/x")
@example("/x/a/../b", "/x/y")
@example("..", "/x/y")
@example(".", "/x")
@example("/x", "/x/y/")
@example("//x/a", "/x")
@given(PATHS, st.sampled_from(["/x", "/x/y", "/x/a", "/", "/x/y/", "//x"]))
def test_display_paths_are_what_the_path_code_made(path: str, cwd: str) -> None:
    assert display_path(path, cwd) == _old_display_path(path, Path(cwd))
    assert display_path(path, Path(cwd)) == _old_display_path(path, Path(cwd))
    expected = str(Path(path)) if Path(path).is_absolute() else str(Path(cwd) / path)
    assert _given(path, cwd) == expected


def test_display_path_defaults_to_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for p in ("a/b.env", str(tmp_path / "c"), "..", str(tmp_path.parent / "z")):
        assert display_path(p) == _old_display_path(p)


DISPLAYS = st.lists(st.text(alphabet="ab.l", min_size=1, max_size=4).filter(lambda s: s not in (".", "..")),
                    min_size=1, max_size=3).map("/".join)


@settings(max_examples=400, deadline=None)
@example("settings.json", "settings.local.json")
@example("a/settings.json", "b/settings.local.json")
@example(".claude/settings.local.json", ".claude/settings.json")
@example("<environment>", "a")
@given(DISPLAYS | st.just("<environment>"), DISPLAYS)
def test_display_paths_split_as_purepath_splits(a: str, b: str) -> None:
    pa, pb = PurePath(a), PurePath(b)
    assert (_split(a)[0] == _split(b)[0]) is (pa.parent == pb.parent)
    assert _split(a)[1] == pa.name and _split(b)[1] == pb.name
    old_layered = pa.parent == pb.parent and pa.name.replace(".local", "") == pb.name.replace(".local", "") \
        and pa.name != pb.name
    assert _layered(a, b) is old_layered


@pytest.mark.parametrize("path", ["/r/.env", "/r/a.b/config", "/r/x.tar.gz", "/r/.env.local", "/r/a.", "/r/.qwen/.env"])
def test_a_documents_name_and_suffix_are_its_paths(path: str) -> None:
    for given_path in (path, Path(path)):
        doc = Document(given_path, "x", "")
        assert (doc.name, doc.suffix) == (Path(path).name, Path(path).suffix)


def _old_find(start: Path) -> Path | None:
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in msv_settings.CANDIDATES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and msv_settings.load(candidate) is None:
                    continue
                return candidate
    return None


@pytest.mark.parametrize("files", [
    {},
    {"msv.toml": "fail-on = 'warning'\n"},
    {"a/.msv.toml": "", "msv.toml": ""},
    {"a/pyproject.toml": "[project]\nname = 'x'\n", "msv.toml": ""},
    {"a/pyproject.toml": "[project]\nname = 'msv-user'\n", "pyproject.toml": "[tool.msv]\nexclude = []\n"},
    {"a/b/pyproject.toml": "[tool.msv]\n", "a/msv.toml": ""},
])
def test_settings_are_found_where_the_path_code_found_them(tmp_path: Path, files: dict[str, str]) -> None:
    root = tmp_path / "repo"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "f.env").write_text("", encoding="utf-8")
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    for start in (root / "a" / "b" / "f.env", root / "a" / "b", root / "a", root / "missing.txt"):
        old = _old_find(start)
        if old is not None and not str(old).startswith(str(root.resolve())):
            continue   # a settings file above the temporary folder: not this test's business
        assert msv_settings.find(start) == old
        assert msv_settings.find(str(start)) == old
    paths = [str(root / "a" / "b" / "f.env"), str(root / "a")]
    assert msv_settings.common_start(paths) == Path(os.path.commonpath([str(Path(p).resolve()) for p in paths]))


def test_a_pyproject_found_by_discovery_is_read_once(tmp_path: Path, monkeypatch) -> None:
    """Discovery parses the ``pyproject.toml`` it must read to tell whether it counts, and
    hands those settings on: the file is not parsed (and validated) a second time."""
    (tmp_path / "pyproject.toml").write_text("[tool.msv]\nfail-on = 'warning'\n", encoding="utf-8")
    reads: list[Path] = []
    real = msv_settings._read_toml
    monkeypatch.setattr(msv_settings, "_read_toml", lambda path: reads.append(path) or real(path))
    found = msv_settings.discover([str(tmp_path)])
    assert found.values == {"fail_on": "warning"} and found.path == (tmp_path / "pyproject.toml").resolve()
    assert found.root == found.path.parent and found.folder == str(found.path.parent)
    assert len(reads) == 1
    assert msv_settings.Settings().folder == os.getcwd() and msv_settings.Settings().root == Path.cwd()


def test_the_cache_and_config_folders_are_the_path_codes(monkeypatch, tmp_path: Path) -> None:
    from validator.trust import user_config_file, user_config_path
    from validator.userdirs import cache_folder, user_cache_dir

    for env in ({"MSV_CACHE_DIR": str(tmp_path / "c")}, {"XDG_CACHE_HOME": str(tmp_path / "x")},
                {"HOME": str(tmp_path / "h")}):
        for name in ("MSV_CACHE_DIR", "XDG_CACHE_HOME"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        old = (Path(os.environ["MSV_CACHE_DIR"]) if "MSV_CACHE_DIR" in os.environ else
               Path(os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")) / "msv")
        if sys.platform in ("win32", "darwin"):
            old = user_cache_dir()   # the platforms' own folders: compared on the platform's CI
        assert user_cache_dir() == old and Path(cache_folder()) == old
    for environ in ({"XDG_CONFIG_HOME": "/cfg"}, {"HOME": "/home/u"}, {"USERPROFILE": "/users/u"}):
        base = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME") or environ["USERPROFILE"]) / ".config")
        if sys.platform != "win32":
            assert user_config_path(environ) == Path(base) / "msv" / "config.toml"
            assert Path(user_config_file(environ)) == Path(base) / "msv" / "config.toml"


def test_home_folder_is_path_home(monkeypatch) -> None:
    from validator.userdirs import home_folder

    assert home_folder() == str(Path.home())
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)   # no home to be found
    # Path.home is os.path.expanduser("~") from 3.11 on (3.10 asks $HOME and pwd itself)
    for ask in (Path.home, home_folder) if sys.version_info >= (3, 11) else (home_folder,):
        with pytest.raises(RuntimeError):
            ask()


# --------------------------------------------------------------------------- no pathlib import

# pathlib and what it imports (urllib.parse, ipaddress), and importlib (with warnings): modules
# the checks do not need (issue 18: ~4 ms of a 20-file hook run)
UNNEEDED = ("pathlib", "urllib.parse", "ipaddress", "importlib")
STAGED = {
    ".env": "DASHSCOPE_API_KEY=${DASHSCOPE_API_KEY}\nOPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n",
    ".claude/settings.json": '{"env": {"ANTHROPIC_BASE_URL": "https://dashscope-intl.aliyuncs.com/apps/anthropic"}}\n',
    "client.py": 'from openai import OpenAI\nc = OpenAI(base_url="https://dashscope-intl.aliyuncs.com/compatible-mode/v1")\n',
    "litellm_config.yaml": "model_list:\n  - model_name: q\n    litellm_params:\n      model: dashscope/qwen-plus\n"
                           "      api_base: https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n",
    "modelstudio.yaml": "version: 1\ntargets:\n  - name: api\n    client: openai-compatible\n"
                        "    base_url: https://dashscope.aliyuncs.com/compatible-mode/v1\n    model: qwen-plus\n",
    "Main.java": 'var c = OpenAIOkHttpClient.builder().baseUrl("https://dashscope-intl.aliyuncs.com/compatible-mode/v1");\n',
    "main.go": 'package main\nfunc main() { _ = option.WithBaseURL("https://dashscope-intl.aliyuncs.com/compatible-mode/v1") }\n',
}


def _imports_again(cwd: Path, argv: list[str]) -> tuple[int, list[str], str]:
    """Which of :data:`UNNEEDED` a run imports. They are dropped from ``sys.modules`` first: an
    editable install's import finder imports pathlib and importlib before any code runs, a
    regular one does not. pathlib's submodules go too (3.13 makes it a package: a new
    ``pathlib`` over the old ``pathlib._local`` would hold another ``Path`` class)."""
    code = (f"import sys\nfor m in [*{UNNEEDED!r}, *(m for m in sys.modules if m.startswith('pathlib.'))]:\n"
            "    sys.modules.pop(m, None)\n"
            "from validator.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    rc = e.code\n"
            f"sys.stderr.write(repr([rc, [m for m in {UNNEEDED!r} if m in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "HOME": str(cwd), "PYTHONIOENCODING": "utf-8"})
    rc, modules = ast.literal_eval(out.stderr.strip().splitlines()[-1])
    return rc, modules, out.stdout


@pytest.mark.parametrize("name", [*STAGED, "all"])
def test_a_hook_run_imports_neither_pathlib_nor_importlib(tmp_path: Path, name: str) -> None:
    """A pre-commit run builds no ``Path`` (pathlib, urllib.parse and ipaddress: ~3 ms) and
    loads its readers without ``importlib`` (:mod:`validator.imports`)."""
    names = list(STAGED) if name == "all" else [name]
    for i, each in enumerate(names):
        folder = tmp_path / f"pkg{i}"
        (folder / each).parent.mkdir(parents=True, exist_ok=True)
        (folder / each).write_text(STAGED[each], encoding="utf-8")
    argv = ["check", *(f"pkg{i}/{each}" for i, each in enumerate(names)), "--no-color"]
    rc, modules, out = _imports_again(tmp_path, argv)
    assert rc in (0, 1) and "Checked" in out, out
    assert modules == []


def test_a_reader_that_wants_a_path_still_gets_one(tmp_path: Path) -> None:
    """An Actions workflow's reader tests a ``Path`` (its folder): the run imports pathlib then,
    and reads the file as before."""
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text("jobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n"
                  "      OPENAI_BASE_URL: https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
                  "    steps:\n      - run: echo\n", encoding="utf-8")
    rc, modules, out = _imports_again(tmp_path, ["check", ".github/workflows/ci.yml", "--no-color"])
    assert rc == 1 and "malformed-base-url" in out, out
