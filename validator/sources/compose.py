"""docker compose files: each service's ``environment:`` (list and map forms) and ``env_file:``.

What a container sees is its service's environment, nothing else, so each service is one
*closed* block (:class:`EnvBlock`): the linker lets in only compose interpolation — the shell
environment and the ``.env`` beside the compose file — for ``${VAR}``, ``${VAR:-default}``,
``${VAR-default}``, ``${VAR:?error}`` and ``$VAR`` (``$$`` is a literal dollar). A bare
``- NAME`` / ``NAME:`` entry passes the host's ``NAME`` through, i.e. it is a reference.
``env_file:`` files (string, list, or ``{path, required}`` items; relative to the compose file)
are layered *under* the service's ``environment:``, as compose does.

Files: ``docker-compose.yml``/``.yaml``, ``docker-compose.<anything>.yml`` (or ``-<anything>``),
``compose.yml``/``.yaml`` and ``compose.<anything>.yaml``.
"""

from __future__ import annotations

import re

from validator.lazyre import lazy
from validator.model import Binding, Location, Secret

from .base import Document, EnvBlock, Problem, ReadResult, parse
from .markers import has_marker, is_key_name, looks_like_key
from .refs import parse_reference

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path

_NAME = lazy(r"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
_ENV_NAME = lazy(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def _sub(loc: Location, raw: str, start: int, end: int) -> Location:
    if loc.line != loc.end_line or "\n" in raw or not (0 <= start <= end <= len(raw)):
        return loc
    return Location(loc.path, loc.line, loc.column + start, loc.line, loc.column + end)


def _binding(name: str, text: str | None, loc: Location, raw: str | None) -> Binding:
    """One ``environment`` entry; ``text`` None means "pass the host's variable through"."""
    reference = None
    value: object = text
    if text is None:
        reference, value = name, None
    else:
        if "$$" in text:
            value = text.replace("$$", "$")
        else:
            ref = parse_reference(text)
            if ref is not None and ref.namespace == "env" and ref.syntax in ("${VAR}", "${VAR:-default}", "$VAR",
                                                                           "${VAR:?error}"):
                reference = ref.name
                value = ref.default if ref.default is not None else None
    if isinstance(value, str) and (is_key_name(name) or looks_like_key(value)):
        value = Secret(value)
    return Binding(name, value, loc, "compose", raw, reference)


def _scalar_text(node) -> str | None:
    v = node.value
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, str)):
        return v if isinstance(v, str) else (node.raw if node.raw is not None else str(v))
    return None


def service_bindings(env_node, doc: Document, problems: list[Problem]) -> list[Binding]:
    out: list[Binding] = []
    if env_node is None or env_node.value is None:
        return out
    if env_node.is_mapping:
        for name, child in env_node.items():
            loc = child.loc(doc.display) if child.line else Location(doc.display, child.key_line, child.key_column)
            if not child.is_scalar:
                problems.append(Problem("parse-error", f"environment value of {name} must be a string, number "
                                        "or boolean", loc))
                continue
            out.append(_binding(name, _scalar_text(child), loc, child.raw))
        return out
    if env_node.is_sequence:
        for item in env_node.value:
            loc = item.loc(doc.display)
            if not item.is_scalar or not isinstance(item.value, str):
                problems.append(Problem("parse-error", "environment list items must be strings NAME=value", loc))
                continue
            entry: str = item.value
            raw = item.raw or entry
            name, eq, value = entry.partition("=")
            name = name.strip()
            if not _ENV_NAME.fullmatch(name):
                problems.append(Problem("parse-error", "environment list item is not NAME=value", loc))
                continue
            if not eq:
                out.append(_binding(name, None, loc, raw))
                continue
            offset = raw.find(entry[: len(name) + 1])
            start = (offset if offset >= 0 else 0) + len(name) + 1
            vloc = _sub(loc, raw, start, start + len(value)) if raw.find(entry) >= 0 else loc
            out.append(_binding(name, value, vloc, value))
        return out
    problems.append(Problem("parse-error", "environment must be a list or a mapping", env_node.loc(doc.display)))
    return out


def env_files(node, doc: Document) -> tuple[str, ...]:
    """Display paths of a service's ``env_file:`` entries (relative to the compose file)."""
    from pathlib import Path

    from .walk import display_path

    if node is None:
        return ()
    items = node.value if node.is_sequence else [node]
    out = []
    for item in items:
        path = item.value if item.is_scalar else (item.get("path").value if item.get("path") is not None else None)
        if isinstance(path, str) and path.strip():
            out.append(display_path(Path(doc.path).parent / path.strip()))
    return tuple(out)


class ComposeReader:
    name = "compose"

    def matches(self, path: Path) -> bool:
        return self.matches_name(path.name)

    def matches_name(self, name: str) -> bool:
        return _NAME.match(name) is not None

    def relevant(self, text: str) -> bool:
        return has_marker(text)

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        documents, problem = parse(doc, "yaml", "invalid YAML")
        if problem is not None:
            result.problems.append(problem)
            return result
        for root in documents:
            services = root.get("services")
            if services is None or not services.is_mapping:
                continue
            for name, svc in services.items():
                if not svc.is_mapping:
                    continue
                bindings = service_bindings(svc.get("environment"), doc, result.problems)
                includes = env_files(svc.get("env_file"), doc)
                if not bindings and not includes:
                    continue
                result.bindings.extend(bindings)
                origin = Location(doc.display, svc.key_line or svc.line, svc.key_column or svc.column)
                result.blocks.append(EnvBlock(f"services.{name}", origin, bindings, closed=True, includes=includes,
                                              override_via="listed again later in environment; the last entry wins"))
        return result


READER = ComposeReader()
