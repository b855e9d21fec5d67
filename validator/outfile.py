"""Write a file msv produces (``--output``, ``--write-baseline``, ``msv init``) without being steered.

The checkout msv writes into belongs to whoever opened the pull request: ``msv.sarif`` (the
Action's default report) may already be a symbolic link to ``~/.bashrc``. So a report is never
written *through* anything: a symbolic link at the path, or a linked folder between the current
folder and the file, is refused (exit 2, one line); the text goes to a new temporary file in the
same folder (``O_EXCL``: created, never opened if it exists) and is renamed over the path in one
step, so a crash leaves the old file or the new one, and never half of either. A missing parent
folder is created.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import IO, Iterator


class OutputError(ValueError):
    """msv refuses to write (or cannot write) an output file: one line naming it."""


def _linked_folder(path: Path) -> Path | None:
    """The first symbolic link among ``path``'s folders below the current folder, if any."""
    cwd = Path(os.path.abspath(os.getcwd()))
    here = Path(os.path.abspath(path)).parent
    chain: list[Path] = []
    while here != cwd and cwd in here.parents:
        chain.append(here)
        here = here.parent
    for folder in reversed(chain):
        if os.path.islink(folder):
            return folder
    return None


def write_text(path: str | os.PathLike[str], text: str, *, what: str = "output") -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` safely (see module doc)."""
    with open_text(path, what=what) as fh:
        fh.write(text)


@contextlib.contextmanager
def open_text(path: str | os.PathLike[str], *, what: str = "output") -> Iterator[IO[str]]:
    """A text file to write ``path`` through, piece by piece (a streamed report), with the same
    safety as :func:`write_text`: the checks happen before anything is written, the pieces go
    to the temporary file, and the rename happens only when the block ends without an error."""
    name = os.fspath(path)
    target = Path(name)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"{name}: cannot write {what}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{name}: is a symbolic link; msv does not write {what} through links "
                          "(remove it or choose another path)")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{name}: not a regular file; msv writes {what} only to a regular file")
    linked = _linked_folder(target)
    if linked is not None:
        raise OutputError(f"{name}: the folder {linked} is a symbolic link; msv does not write {what} through links")
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{name}: cannot create the folder {parent}: {exc.strerror or exc}") from None
    if not parent.is_dir():
        raise OutputError(f"{name}: {parent} is not a folder")
    if st is not None:
        mode = st.st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".msv-tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{name}: cannot write {what}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{name}: cannot write {what}: {exc.strerror or exc}") from None
        raise
