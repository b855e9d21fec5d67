"""Makefiles and Dockerfiles (``Makefile``, ``*.mk``, ``Dockerfile``, ``Containerfile``,
``*.dockerfile``): the curl / wget / HTTPie requests in their recipes and ``RUN`` /
``HEALTHCHECK`` lines are raw HTTP targets (see :mod:`validator.sources.commands`); make's
``$$VAR`` is the shell's ``$VAR``."""

from __future__ import annotations

from .base import Document, ReadResult

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

NAMES = ("makefile", "gnumakefile", "dockerfile", "containerfile")


class BuildFileReader:
    name = "build-file"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        low = name.lower()
        return low in NAMES or low.endswith((".mk", ".dockerfile")) or low.startswith("dockerfile.")

    def relevant(self, text: str) -> bool:
        from .commands import has_command

        return has_command(text)

    def read(self, doc: Document) -> ReadResult:
        from .commands import command_requests
        from .shell import lex_word

        return ReadResult(targets=command_requests(doc, lex_word))


READER = BuildFileReader()
