"""Sources: from paths (and optionally the environment) to targets.

``collect`` is the single entry point the engine uses: walk → read each file once with the
reader that matches it → scan for loose literals → link variable references across files and
the environment → fill client defaults.

SKELETON: ``collect`` returns nothing yet; the walk, readers and linker fill it in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from validator.model import Binding, Target

from .base import Problem

if TYPE_CHECKING:
    from validator.catalogue.index import Catalogue
    from validator.engine import Options


@dataclass(slots=True)
class Collected:
    targets: list[Target] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)   # display path -> text (suppressions, fixes)
    files: int = 0


def collect(paths: Sequence[str], options: "Options", catalogue: "Catalogue") -> Collected:
    raise NotImplementedError
