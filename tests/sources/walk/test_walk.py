"""The walk: skipped folders, .gitignore (git and fallback), ignored .env files, symlinks, order."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from validator.sources.registry import READERS
from validator.sources.walk import GitIgnore, _compile, display_path, walk

ENV = "DASHSCOPE_API_KEY=sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0\n"
HAVE_GIT = shutil.which("git") is not None


def displays(walked) -> list[str]:
    return [c.display for c in walked.candidates]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})


def test_skips_vendor_cache_and_virtualenv_folders(tree, no_git) -> None:
    tree({
        "app/.env": ENV,
        "app/main.py": "print(1)\n",
        "node_modules/pkg/.env": ENV,
        ".venv/lib/.env": ENV,
        "myenv/pyvenv.cfg": "home = /usr/bin\n",
        "myenv/lib/site.py": "x = 1\n",
        "__pycache__/m.py": "x = 1\n",
        "build/config.yaml": "a: 1\n",
        "dist/.env": ENV,
        "pkg.egg-info/PKG-INFO.txt": "x\n",
        "target/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n",
        "target/debug/.env": ENV,
        ".git/config": "[core]\n",
        "logo.png": b"\x89PNG\r\n\x1a\n",
        "README.md": "# hi\n",
    })
    assert displays(walk([], READERS)) == ["README.md", "app/.env", "app/main.py"]


def test_an_unlistable_virtualenv_is_skipped_silently_and_an_unlistable_folder_reported(tree, no_git,
                                                                                       monkeypatch) -> None:
    import validator.sources.walk as walk_mod

    tree({"app/.env": ENV, "env2/pyvenv.cfg": "home = /usr/bin\n", "env2/lib/.env": ENV, "locked/.env": ENV})
    real_scandir = os.scandir

    def scandir(path):   # search permission without read permission, as root cannot be denied it
        if Path(path).name in ("env2", "locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(walk_mod.os, "scandir", scandir)
    walked = walk([], READERS)
    assert displays(walked) == ["app/.env"]
    assert [(p.rule, p.loc.path) for p in walked.problems] == [("unreadable-file", "locked")]


@pytest.mark.skipif(not HAVE_GIT, reason="git not installed")
def test_a_nested_repository_that_is_a_virtualenv_is_skipped(tree) -> None:
    root = tree({"app/.env": ENV, "tools/pyvenv.cfg": "home = /usr/bin\n", "tools/lib/.env": ENV})
    git(root, "init", "-q")
    git(root / "tools", "init", "-q")
    git(root, "add", "app")
    assert displays(walk([], READERS)) == ["app/.env"]


def test_readers_are_chosen_by_name(tree, no_git) -> None:
    tree({".env.local": ENV, "docker-compose.yml": "services: {}\n", "env.sh": "export A=1\n", "notes.md": "x\n",
          ".github/workflows/ci.yml": "on: push\n", "modelstudio.yaml": "version: 1\n"})
    got = {c.display: c.reader for c in walk(["."], READERS).candidates}
    assert got == {".env.local": "dotenv", ".github/workflows/ci.yml": "actions", "docker-compose.yml": "compose",
                   "env.sh": "shell", "modelstudio.yaml": "modelstudio", "notes.md": "markdown"}   # code fences


@pytest.mark.skipif(not HAVE_GIT, reason="git not installed")
def test_gitignore_through_git_and_ignored_env_files(tree) -> None:
    root = tree({
        ".gitignore": ".env\n*.log.txt\nsecrets/\ngenerated/\n",
        ".env": ENV,
        ".env.example": "DASHSCOPE_API_KEY=\n",
        "debug.log.txt": "dashscope\n",
        "secrets/.env": ENV,
        "generated/client.py": "BASE = 'https://dashscope.aliyuncs.com'\n",
        "src/app.py": "import os\n",
        "src/untracked.py": "import os\n",
    })
    git(root, "init", "-q")
    git(root, "add", ".gitignore", ".env.example", "src/app.py")
    walked = walk([], READERS)
    got = {c.display: c.committed for c in walked.candidates}
    # ignored .env at a visited folder: checked, marked not committed; other ignored files and
    # folders holding only ignored files are skipped
    assert got == {".env": False, ".env.example": True, "src/app.py": True, "src/untracked.py": True}
    everything = {c.display for c in walk([], READERS, include_ignored=True).candidates}
    assert {"debug.log.txt", "secrets/.env", "generated/client.py"} <= everything


@pytest.mark.skipif(not HAVE_GIT, reason="git not installed")
def test_nested_repository_is_asked_separately(tree) -> None:
    root = tree({"app.py": "x\n", "vendor/lib/.gitignore": "*.txt\n", "vendor/lib/client.py": "x\n",
                 "vendor/lib/notes.txt": "x\n"})
    git(root, "init", "-q")
    git(root / "vendor" / "lib", "init", "-q")
    got = {c.display: c.committed for c in walk([], READERS).candidates}
    assert got == {"app.py": True, "vendor/lib/client.py": True}


def test_gitignore_fallback_without_git(tree, no_git) -> None:
    tree({
        ".gitignore": "# comment\n*.txt\n!keep.txt\n/only-root.py\nlogs/\n**/deep/*.py\n",
        "a.txt": "x\n", "keep.txt": "x\n", "only-root.py": "x\n", "sub/only-root.py": "x\n",
        "logs/x.py": "x\n", "sub/deep/y.py": "x\n", "sub/.env": ENV, "app.py": "x\n",
    })
    got = {c.display: c.committed for c in walk([], READERS).candidates}
    assert got == {"app.py": True, "keep.txt": True, "sub/.env": True, "sub/only-root.py": True}


def test_no_gitignore_no_git_means_unknown_commit_state(tree, no_git) -> None:
    tree({".env": ENV})
    (c,) = walk([], READERS).candidates
    assert c.committed is None


def test_gitignore_patterns() -> None:
    ig = GitIgnore()
    ig._rules[""] = [r for r in (_compile(p) for p in ["*.pyc", "/build", "docs/**/*.md", "!docs/keep.md",
                                                       "tmp/"]) if r]
    assert ig.ignored("a/b.pyc", False)
    assert ig.ignored("build", True) and not ig.ignored("src/build", True)
    assert ig.ignored("docs/x/y.md", False) and not ig.ignored("docs/keep.md", False)
    assert ig.ignored("tmp", True) and not ig.ignored("tmp", False)


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlinks_loops_outside_and_broken(tree, tmp_path, no_git) -> None:
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    outside.mkdir()
    (outside / ".env").write_text(ENV)
    root = tree({"app/.env": ENV, "app/main.py": "x\n"})
    os.symlink(root, root / "app" / "loop")                       # folder loop
    os.symlink(outside, root / "elsewhere")                         # folder outside the tree
    os.symlink(outside / ".env", root / "outside.env")              # file outside the tree
    os.symlink(root / "app" / ".env", root / "copy.env")            # file inside: read once only
    os.symlink(root / "missing.env", root / "broken.env")           # broken
    walked = walk([], READERS)
    assert displays(walked) == ["app/.env", "app/main.py"]
    (problem,) = walked.problems
    assert problem.rule == "unreadable-file" and problem.loc.path == "broken.env"
    assert "broken symbolic link" in problem.message


def test_explicit_paths_are_checked_even_if_excluded(tree, no_git) -> None:
    tree({"examples/.env": ENV, "src/.env": ENV})
    assert displays(walk([], READERS, exclude=("examples/",))) == ["src/.env"]
    walked = walk(["examples/.env"], READERS, exclude=("examples/",))
    assert displays(walked) == ["examples/.env"] and walked.candidates[0].explicit


def test_missing_path_is_a_problem_not_a_crash(tree) -> None:
    walked = walk(["nope/"], READERS)
    assert not walked.candidates
    assert walked.problems[0].rule == "unreadable-file"


def test_order_is_deterministic(tree, no_git) -> None:
    tree({f"d{i}/{n}": ENV for i in (3, 1, 2) for n in (".env", "b.env", "a.env")})
    first = displays(walk([], READERS))
    assert first == sorted(first, key=lambda p: (p.split("/")[0], p)) and first == displays(walk([], READERS))


def test_display_path(tmp_path) -> None:
    assert display_path(tmp_path / "a" / "b.env", tmp_path) == "a/b.env"
    assert display_path(tmp_path / "x", tmp_path / "sub") == (tmp_path / "x").as_posix()


def test_parallel_reading_gives_the_same_result_in_the_same_order(tree, catalogue, no_git) -> None:
    from validator.engine import Options
    from validator.listing import render_targets
    from validator.sources import collect

    tree({f"svc{i}/.env": f"DASHSCOPE_API_KEY=sk-0f1e2d3c4b5a69788796a5b4c3d2e1f{i % 10}\n"
                          f"DASHSCOPE_HTTP_BASE_URL=https://dashscope-intl.aliyuncs.com/api/v1\n" for i in range(30)}
         | {"bad/.env": b"\x00\x01", "README.md": "see https://dashscope.aliyuncs.com/api/v1\n"})
    one = collect([], Options(jobs=1), catalogue)
    two = collect([], Options(jobs=2), catalogue)
    assert render_targets(one.targets, "json") == render_targets(two.targets, "json")
    assert [(p.rule, p.loc) for p in one.problems] == [(p.rule, p.loc) for p in two.problems]
    assert one.files == two.files == 32


@pytest.mark.skipif(not HAVE_GIT, reason="git not installed")
def test_explicit_files_get_their_git_state_in_one_call(tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree({".gitignore": ".env\n", ".env": ENV, "app/settings.env": ENV, "app/run.sh": "export A=1\n"})
    git(root, "init", "-q")
    git(root, "add", ".gitignore", "app/settings.env")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    walked = walk([".env", "app/settings.env", "app/run.sh"], READERS)
    assert {c.display: c.committed for c in walked.candidates} == {
        ".env": False, "app/settings.env": True, "app/run.sh": True}
    assert len(calls) == 1


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
@pytest.mark.parametrize("given", [[], ["."], ["app/.."], ["app"]])
def test_the_streaming_walk_selects_what_the_walk_selects(tree, tmp_path, no_git, given) -> None:
    """``iter_walk`` keys one folder's files by display path; links still lose to their real file."""
    from validator.sources.walk import iter_walk

    root = tree({"app/.env": ENV, "app/main.py": "x\n", "app/sub/b.env": ENV, "notes.bin": "\0"})
    os.symlink(root / "app" / ".env", root / "copy.env")              # read once: the real file wins
    os.symlink(root / "app" / "sub" / "b.env", root / "app" / "b.env")  # same, from another folder
    os.symlink(root / "notes.bin", root / "app" / "notes.env")        # its target is not selected
    problems: list = []
    streamed = [(c.display, c.reader) for c in iter_walk(given, READERS, problems)]
    assert streamed == [(c.display, c.reader) for c in walk(given, READERS).candidates]
    assert len({d for d, _ in streamed}) == len(streamed)
    assert any(d.endswith("notes.env") for d, _ in streamed) == (given != ["app"])   # app/: the target is outside


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
@pytest.mark.parametrize("given", [[], ["app"]])
def test_links_between_nested_repositories_stream_like_the_walk(tree, given) -> None:
    """One folder's selected files are remembered per folder (``_Seen``): links from a nested
    repository, several links to one file, and links to a file of the folder still being
    walked select what the real-path walk selects."""
    from validator.sources.walk import iter_walk

    root = tree({"app/a_nested/x.env": ENV, "app/m.env": ENV, "app/z/real.env": ENV, "notes.bin": "\0",
                 "app/z/deep/c.env": ENV})
    git(root, "init", "-q")
    git(root / "app" / "a_nested", "init", "-q")
    os.symlink(root / "app" / "z" / "real.env", root / "app" / "a_nested" / "later.env")  # walked later
    os.symlink(root / "app" / "m.env", root / "app" / "a_nested" / "open.env")   # its folder is open
    os.symlink(root / "app" / "a_nested" / "x.env", root / "app" / "a_nested" / "same.env")
    os.symlink(root / "notes.bin", root / "app" / "n1.env")                       # two links, one target
    os.symlink(root / "notes.bin", root / "app" / "n2.env")
    os.symlink(root / "app" / "z" / "deep" / "c.env", root / "app" / "z" / "c.env")
    streamed = [(c.display, c.reader) for c in iter_walk(given, READERS, [])]
    assert streamed == [(c.display, c.reader) for c in walk(given, READERS).candidates]
    assert len({d for d, _ in streamed}) == len(streamed)
    shown = {d.rsplit("/", 1)[-1] for d, _ in streamed}
    assert "same.env" not in shown and "c.env" in shown and "z/c.env" not in {d for d, _ in streamed}
    assert ("n1.env" in shown) != ("n2.env" in shown) or given == ["app"]


def _git_calls(monkeypatch: pytest.MonkeyPatch) -> list:
    calls: list = []
    real_run = subprocess.run

    def run(*a, **k):
        if a and a[0][:1] == ["git"] and "ls-files" in a[0]:
            calls.append(a)
        return real_run(*a, **k)

    monkeypatch.setattr(subprocess, "run", run)
    return calls


@pytest.mark.skipif(not HAVE_GIT, reason="git not installed")
def test_named_files_without_a_key_never_ask_git(tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pre-commit run usually finds no key: the committed-or-not question (only
    hardcoded-secret asks it) costs no ``git ls-files`` then."""
    from validator.api import run_check as check

    root = tree({".env": "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\n"
                         "OPENAI_API_KEY=${DASHSCOPE_API_KEY}\n"})
    git(root, "init", "-q")
    git(root, "add", ".env")
    calls = _git_calls(monkeypatch)
    report = check([".env"])
    assert calls == []
    assert [f.rule for f in report.findings] == ["malformed-base-url"]
    assert {t.committed for t in report.targets} == {None}


@pytest.mark.skipif(not HAVE_GIT, reason="git not installed")
def test_named_files_with_a_key_get_their_git_state_after_reading(tree, monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.api import run_check as check

    root = tree({".gitignore": ".env\n", ".env": ENV, "app/settings.env": ENV, "app/run.sh": "export A=1\n"})
    git(root, "init", "-q")
    git(root, "add", ".gitignore", "app/settings.env")
    calls = _git_calls(monkeypatch)
    report = check([".env", "app/settings.env", "app/run.sh"])
    assert len(calls) == 1
    committed = {t.origin.path: t.committed for t in report.targets}
    assert committed[".env"] is False and committed["app/settings.env"] is True
    secrets = sorted(f.loc.path for f in report.findings if f.rule == "hardcoded-secret")
    assert secrets == ["app/settings.env"]   # the ignored .env is where a key belongs


@pytest.mark.skipif(not HAVE_GIT, reason="git not installed")
def test_listing_targets_asks_git_even_without_a_key(tree, monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.cli.run import run_check

    root = tree({"app.env": "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n"})
    git(root, "init", "-q")
    git(root, "add", "app.env")
    calls = _git_calls(monkeypatch)
    printed: list[str] = []
    assert run_check(["app.env"], fmt="json", list_targets=True, echo=lambda text, **k: printed.append(text)) == 0
    assert len(calls) == 1
    assert '"committed": true' in "".join(printed)


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_many_links_into_one_folder_are_tested_against_one_set(tree, no_git, monkeypatch) -> None:
    """2,000 links to the files of one 2,000-file folder: each link is looked up in one set of
    that folder's names, built once (not a scan of the folder's names per link: n²)."""
    from validator.sources import walk as walk_module
    from validator.sources.walk import iter_walk

    n = 2000
    root = tree({f"big/f{i:05d}.env": "" for i in range(n)})
    (root / "links").mkdir()
    for i in range(n):
        os.symlink(root / "big" / f"f{i:05d}.env", root / "links" / f"l{i:05d}.env")
    real = walk_module._Seen._names_in
    answers: list[int] = []
    monkeypatch.setattr(walk_module._Seen, "_names_in", lambda self, folder: answers.append(
        id(got := real(self, folder))) or got)
    streamed = [c.display for c in iter_walk([], READERS, [])]
    assert len(streamed) == n and all(d.startswith("big/") for d in streamed)   # the real files win
    assert len(answers) == n and len(set(answers)) == 1
