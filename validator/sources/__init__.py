"""Sources: from paths (and optionally the environment) to targets.

``collect`` is the single entry point the engine uses:

1. **walk** (:mod:`.walk`): which files, chosen by name, ``.gitignore`` respected (ignored
   ``.env`` files included, ``committed=False``);
2. **read** each file once (:func:`process_file`): bytes → marker test → binary/UTF-8 test →
   the one reader whose ``matches`` accepts it → the loose-literal scan (:mod:`.literals`).
   Files are independent, so this step runs in a process pool on large trees
   (``Options.jobs``), with results kept in walk order;
3. **group** environment blocks into targets (:mod:`.envgroup`: which client reads which
   variables, needs the catalogue), after compose ``env_file:`` includes are layered in;
4. **link** (:mod:`.link`): variable references resolved across files and the environment
   with each client's precedence, then client defaults.

Nothing here raises for bad input: unreadable, binary, huge or malformed files become
problems (``unreadable-file``, ``file-too-large``, ``parse-error``) and the rest of the tree
is still checked.
"""

from __future__ import annotations

import itertools
import os

from validator.model import Binding, Location, Target
from validator.record import field, record

from .base import EnvBlock, Problem, ReadResult

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, Iterable, Iterator, Sequence

    from validator.catalogue.index import Catalogue
    from validator.selection import Options

    from .walk import Candidate

# The first PARALLEL_MIN_FILES files are read in this process; past them, a pool of workers
# (forked warm: the readers are imported by then) reads chunks of CHUNK candidates alongside it
# and sends back only the files that held something. A warm fork costs ~20-30 ms of CPU, which
# ~1,000 files read in parallel repay on 2 cores (~30 µs saved per file); 2,000 leaves a margin
# for loaded machines, where a second process gains nothing (docs/architecture.md).
PARALLEL_MIN_FILES = 2000
CHUNK = 256
AHEAD = 8   # chunks per worker the walk may run ahead of the reading
SHARE = 2   # chunks queued per worker beyond which the walking process reads the next one itself


@record
class Collected:
    targets: list[Target] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)   # display path -> text (suppressions, fixes)
    files: int = 0
    committed: dict[str, bool | None] = field(default_factory=dict)   # display path -> committed? (files that gave something)


@record
class FileOutcome:
    """What reading one file produced (picklable: it may come back from a worker process)."""

    display: str
    text: str | None = None
    result: ReadResult = field(default_factory=ReadResult)
    literals: list[Target] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    relevant: bool = False


_OWN_REPORT = None


def written_by_msv(text: str) -> bool:
    """Is this a report or baseline msv wrote (SARIF, JSON, GitLab, JUnit, ``--write-baseline``)?

    Recognised by how each starts (the first 2 KB): SARIF's ``tool.driver.name`` ``msv``, the
    JSON report's ``version`` + ``catalogue`` head, GitLab's ``engine_name: msv``, JUnit's
    ``<testsuites name="msv"``, the baseline's ``msv-baseline`` key.
    """
    global _OWN_REPORT
    head = text[:2048]
    if "msv" not in head and '"catalogue"' not in head:
        return False
    if _OWN_REPORT is None:
        import re

        _OWN_REPORT = re.compile(
            r'"driver"\s*:\s*\{\s*"name"\s*:\s*"msv"'
            r'|^\s*\{\s*"version"\s*:\s*"[^"]*"\s*,\s*"catalogue"\s*:\s*\{'
            r'|"engine_name"\s*:\s*"msv"'
            r'|<testsuites name="msv"'
            r'|^\s*\{\s*"msv-baseline"\s*:')
    return _OWN_REPORT.search(head) is not None


def process_file(c: "Candidate", max_size: int) -> FileOutcome:
    """Read, test, parse and scan one file. Never raises for bad input."""
    return _outcome(c, max_size) or FileOutcome(c.display)


_HOT: Any = None   # (MARKERS, load, by_name, {reader name: always read?}): set on the first file


def _hot() -> Any:
    global _HOT
    if _HOT is None:
        from .markers import MARKERS
        from .registry import by_name
        from .walk import load

        _HOT = (MARKERS, load, by_name, {})
    return _HOT


def _outcome(c: "Candidate", max_size: int) -> FileOutcome | None:
    """:func:`process_file`, or ``None`` when the file gave nothing (most files of a tree: no
    marker word), so that nothing is built, pickled or kept for them."""
    markers, load, by_name, always = _hot()
    reader = by_name(c.reader) if c.reader else None
    # a reader with ``always_read`` (msv's own modelstudio.yaml) skips the marker test
    force = c.explicit
    if reader is not None and not force:
        force = always.get(c.reader)
        if force is None:
            force = always[c.reader] = bool(getattr(reader, "always_read", False))
    loaded = load(c, max_size, markers, force=force)
    doc = loaded.doc   # (with a problem too: a source file read with its bad bytes replaced)
    problems = [loaded.problem] if loaded.problem is not None else []
    if doc is None or (not c.explicit and written_by_msv(doc.text)):
        # nothing to read; or msv's own report or baseline read back: every finding would echo itself
        return FileOutcome(c.display, problems=problems) if problems else None
    out = FileOutcome(c.display, problems=problems, relevant=True)
    from validator import limits

    from .deadline import FileTooSlow, deadline

    try:
        with deadline(limits.FILE_SECONDS):
            _read_and_scan(c, doc, reader, out)
    except FileTooSlow:
        out.result, out.literals = ReadResult(), []
        out.problems = [Problem("file-too-slow", f"reading this file took longer than {limits.FILE_SECONDS:g} s; "
                                "it was skipped", Location(c.display, 1, 1))]
    r = out.result
    if r.targets or r.bindings or r.blocks or out.literals or out.problems or reader is not None:
        out.text = doc.text
    return out


def _read_and_scan(c: "Candidate", doc: Any, reader: Any, out: FileOutcome) -> None:
    """The part of :func:`process_file` under the per-file time limit."""
    from .literals import scan

    if reader is not None:
        try:
            if c.explicit or reader.relevant(doc.text):
                out.result = reader.read(doc)
        except RecursionError:
            out.problems.append(Problem("parse-error", "nested too deeply to read", Location(c.display, 1, 1)))
        except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback, the walk goes on
            if os.environ.get("MSV_DEBUG"):
                raise
            out.problems.append(Problem(
                "parse-error", f"msv could not read this file ({type(exc).__name__} in the {reader.name} reader; "
                "please report it)", Location(c.display, 1, 1)))
    for t in out.result.targets:
        if t.committed is None:
            t.committed = doc.committed
    out.problems[:0] = out.result.problems
    out.result.problems = []
    block_bindings = [b for blk in out.result.blocks for b in blk.bindings]
    out.literals = scan(doc, out.result.targets, out.result.bindings + block_bindings if block_bindings
                        else out.result.bindings)


def _holds_secret(out: Collected, blocks: list[tuple[str, bool | None, EnvBlock]]) -> bool:
    """Does anything read hold a key value (the one case where a file's git state matters)?"""
    from validator.model import Secret

    bindings = [*out.bindings, *(b for _, _, blk in blocks for b in blk.bindings)]
    if any(isinstance(b.value, Secret) for b in bindings):
        return True
    values = [v for t in out.targets for _, field_value in t.fields() for v in (field_value, *field_value.overridden)]
    return any(isinstance(v.value, Secret) for v in values)


def _settle_git_state(unasked: list[tuple["Candidate", list[Target]]], out: Collected,
                      blocks: list[tuple[str, bool | None, EnvBlock]]) -> list[tuple[str, bool | None, EnvBlock]]:
    """Ask git (one call) whether the files named on the command line are committed, and stamp
    what was read from them, as :func:`walk.walk` would have before reading (``git ls-files``
    is a process start: ~5 ms of a pre-commit run that usually finds no key to judge)."""
    from .walk import git_status

    known = git_status(os.getcwd(), [c.path for c, _ in unasked])
    state = {c.display: known.get(c.path) for c, _ in unasked}
    for c, made in unasked:
        c.committed = state[c.display]
        out.committed[c.display] = c.committed
        for t in made:
            if t.committed is None:
                t.committed = c.committed
    return [(display, state.get(display, committed) if committed is None else committed, block)
            for display, committed, block in blocks]


# The candidates of the running ``process_all``: forked workers inherit them (copy-on-write)
# instead of receiving them pickled; a task is just a range of indices.
_FORKED: "tuple[Sequence[Candidate], int] | None" = None


def _process_range(bounds: tuple[int, int]) -> list[FileOutcome | None]:
    """Worker side: outcomes of candidates ``start:stop``; ``None`` for empty ones (most files),
    so only what matters is pickled back."""
    assert _FORKED is not None
    candidates, max_size = _FORKED
    return [_outcome(c, max_size) for c in candidates[bounds[0]:bounds[1]]]


def _workers(options: "Options", n: int) -> int:
    jobs = options.jobs
    if jobs == 1 or n < (1 if jobs > 1 else PARALLEL_MIN_FILES):
        return 1
    cpus = os.cpu_count() or 1
    return max(1, min(jobs if jobs > 1 else cpus, cpus * 2, 32))


def iter_outcomes(candidates: Sequence["Candidate"], options: "Options") -> Iterator[FileOutcome]:
    """Outcomes in candidate order, one at a time (a 100,000-file tree never holds them all);
    a process pool on large trees when ``fork`` is available."""
    global _FORKED
    workers = _workers(options, len(candidates))
    max_size = options.max_file_size
    done = 0   # candidates already answered: a pool that breaks mid-way is finished serially
    if workers > 1:
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor

            ranges = [(i, min(i + CHUNK, len(candidates))) for i in range(0, len(candidates), CHUNK)]
            _FORKED = (candidates, max_size)
            try:
                with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                    for (start, stop), part in zip(ranges, pool.map(_process_range, ranges)):
                        for c, o in zip(candidates[start:stop], part, strict=True):
                            yield o if o is not None else FileOutcome(c.display)
                        done = stop
            except (OSError, RuntimeError):   # no /dev/shm, fork refused, a worker killed…: one process
                pass
            finally:
                _FORKED = None
    for c in candidates[done:]:
        yield process_file(c, max_size)


def _process_chunk(chunk: list[tuple[Any, ...]], max_size: int) -> list[FileOutcome | None]:
    """Worker side of :func:`iter_walk_outcomes`: like :func:`_process_range`, on candidates the
    walk found after the workers started, sent a chunk at a time as plain tuples of their fields
    (:func:`_packed`: a third of the pickling cost of the records, paid by the walking process)."""
    from .walk import Candidate

    return [_outcome(Candidate(*fields), max_size) for fields in chunk]


def _packed(chunk: list["Candidate"]) -> list[tuple[Any, ...]]:
    return [(c.path, c.display, c.reader, c.committed, c.explicit, c.ignored) for c in chunk]


def iter_walk_outcomes(candidates: Iterator["Candidate"], options: "Options"
                       ) -> Iterator[tuple["Candidate", FileOutcome | None]]:
    """``(candidate, outcome)`` in walk order while the walk goes on: walking and reading overlap.
    The outcome is ``None`` for a file that gave nothing (:func:`_outcome`).

    The first PARALLEL_MIN_FILES candidates are read here, as the walk finds them: a small tree
    never starts a pool, and the readers a large one needs are imported and their patterns
    compiled once, in this process, before the workers are forked (they inherit them). Past the
    threshold, chunks of CHUNK candidates go to the pool as the walk finds them; when the
    workers already have enough queued (SHARE per worker), this process reads the chunk itself
    instead of waiting, and when the walk is over it takes back the chunks no worker has started.
    So every core reads, and this one is never idle while there is work. The outcomes are handed
    on in walk order, so the result is the one process's, byte for byte. A pool that fails (no
    fork, no /dev/shm, a worker killed) is finished here.
    """
    max_size = options.max_file_size
    stream = iter(candidates)
    need = 1 if options.jobs > 1 else PARALLEL_MIN_FILES
    for c in itertools.islice(stream, need - 1):
        yield c, _outcome(c, max_size)
    nxt = next(stream, None)
    if nxt is None:
        return
    stream = itertools.chain((nxt,), stream)
    workers = _workers(options, need) - 1   # this process reads too
    if workers > 0:
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            workers = 0
    if workers <= 0:
        for c in stream:
            yield c, _outcome(c, max_size)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    def here(chunk: list["Candidate"]) -> list[FileOutcome | None]:
        return [_outcome(c, max_size) for c in chunk]

    # (chunk, future or None, outcomes or None): outcomes once read here, future None when not sent
    pending: deque = deque()
    broken = False
    walking = True
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        while walking or pending:
            if walking:
                chunk = list(itertools.islice(stream, CHUNK))
                if not chunk:
                    walking = False
                    # the chunks no worker has started are read here, newest first, while the
                    # workers finish theirs
                    for i in range(len(pending) - 1, -1, -1):
                        chunk_i, future, part = pending[i]
                        if future is not None and future.cancel():
                            pending[i] = (chunk_i, None, here(chunk_i))
                elif broken or sum(1 for _, f, _ in pending if f is not None and not f.done()) >= SHARE * workers:
                    pending.append((chunk, None, here(chunk)))
                else:
                    try:
                        pending.append((chunk, pool.submit(_process_chunk, _packed(chunk), max_size), None))
                    except (OSError, RuntimeError):
                        broken = True
                        pending.append((chunk, None, here(chunk)))
            # hand on what is done (all of it once the walk is over), and wait for the oldest
            # when the walk is AHEAD chunks in front: memory stays flat however large the tree
            while pending and (not walking or len(pending) > AHEAD * workers or pending[0][1] is None
                               or pending[0][1].done()):
                chunk, future, part = pending.popleft()
                if part is None and future is not None and not broken:
                    try:
                        part = future.result()
                    except (OSError, RuntimeError):   # BrokenProcessPool is a RuntimeError
                        broken = True
                if part is None:
                    part = here(chunk)
                yield from zip(chunk, part, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def process_all(candidates: Sequence["Candidate"], options: "Options") -> list[FileOutcome]:
    """Every outcome, in candidate order (see :func:`iter_outcomes`)."""
    return list(iter_outcomes(candidates, options))


def _client_vars(catalogue: "Catalogue") -> set[str]:
    names: set[str] = set()
    for c in catalogue.clients():
        names.update(c.base_vars, c.key_vars, c.model_vars)
    return names


def _layer_includes(blocks: list[tuple[str, bool | None, EnvBlock]], bindings: list[Binding]) -> None:
    """Compose ``env_file:``: the included file's bindings go *under* the service's own."""
    by_path: dict[str, list[Binding]] = {}
    for b in bindings:
        if b.scope in ("dotenv", "template"):
            by_path.setdefault(b.loc.path, []).append(b)
    for _display, _committed, block in blocks:
        if not block.includes:
            continue
        layered: list[Binding] = []
        for inc in block.includes:
            layered.extend(by_path.get(inc, ()))
        if layered:
            block.bindings[:0] = layered


def _check_clients(targets: Iterable[Target], catalogue: "Catalogue", problems: list[Problem]) -> None:
    known = {c.id for c in catalogue.clients()}
    for t in targets:
        if t.client in known or t.client == "unknown" or catalogue.client(t.client) is not None:
            continue
        declared = t.settings.get("client")
        loc = declared.loc if declared is not None and declared.loc is not None else t.origin
        problems.append(Problem("parse-error", f"unknown client {t.client!r}; known clients: "
                                f"{', '.join(sorted(known))}", loc))


def collect(paths: Sequence[str], options: "Options", catalogue: "Catalogue") -> Collected:
    """Walk ``paths``, read every relevant file once, group, link; see the module docstring."""
    from validator.model import TargetKind

    from .envgroup import targets_from_block
    from .link import link
    from .registry import readers
    from .walk import iter_walk

    walk_problems: list[Problem] = []
    stream = iter_walk(paths, readers(catalogue), walk_problems, include_ignored=options.include_ignored,
                       exclude=options.exclude, settings_root=getattr(options, "settings_root", None),
                       force_exclude=getattr(options, "force_exclude", False), git_state=False)
    out = Collected()
    unasked: list[tuple["Candidate", list[Target]]] = []   # files named on the command line: git not asked yet
    blocks: list[tuple[str, bool | None, EnvBlock]] = []
    dirs: dict[str, str] = {}
    file_problems: list[Problem] = []
    for c, o in iter_walk_outcomes(stream, options):
        out.files += 1
        if o is None:   # most files: nothing to keep about them
            continue
        file_problems.extend(o.problems)
        out.committed[c.display] = c.committed
        if c.explicit and c.committed is None:
            unasked.append((c, [*o.result.targets, *o.literals]))
        dirs[c.display] = os.path.dirname(os.path.abspath(c.path))   # the linker asks only about these
        if o.text is not None:
            out.texts[c.display] = o.text
        out.targets.extend(o.result.targets)
        out.targets.extend(o.literals)
        out.bindings.extend(o.result.bindings)
        blocks.extend((c.display, c.committed, b) for b in o.result.blocks)
    out.problems = walk_problems + file_problems   # the walk's first, as when it ran to the end first
    if unasked and (options.git_state or _holds_secret(out, blocks)):
        blocks = _settle_git_state(unasked, out, blocks)
    if options.use_environment:
        from .environment import read_environment

        env = read_environment(names=_client_vars(catalogue))
        out.bindings.extend(env.bindings)
        blocks.extend(("<environment>", None, b) for b in env.blocks)
    _layer_includes(blocks, out.bindings)
    closed: set[int] = set()
    for display, committed, block in blocks:
        made = targets_from_block(block, catalogue, display, committed=committed, kind=TargetKind.CONFIG)
        if block.closed:
            closed.update(id(t) for t in made)
        out.targets.extend(made)
    link(out.targets, out.bindings, catalogue, dirs=dirs, closed=closed, use_environment=options.use_environment)
    _check_clients(out.targets, catalogue, out.problems)
    out.targets.sort(key=lambda t: (t.origin.path, t.origin.line, t.origin.column, str(t.kind) != "config", t.name))
    return out


__all__ = ["Collected", "collect", "process_file", "process_all", "FileOutcome"]
