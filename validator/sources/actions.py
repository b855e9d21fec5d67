"""GitHub Actions workflows: ``env:`` at workflow, job and step level.

A step sees workflow ``env`` overridden by its job's ``env`` overridden by its own ``env``
(GitHub's documented order: the most specific wins). Each level that defines variables becomes
a *closed* block whose bindings are the merged environment at that level, weakest first, so
:mod:`validator.sources.envgroup` keeps the winner and lists the losers with why.

Values: ``${{ secrets.X }}`` and ``${{ vars.X }}`` are references to stores a local check
cannot see (the target says so; the key is "set in CI", not "missing"); ``${{ env.X }}`` is
resolved against the environment merged so far; other expressions (``${{ inputs.x }}``,
``${{ github.… }}``, functions) are values msv cannot know. A step that runs ``claude``,
``qwen`` or ``codex`` (or uses ``anthropics/claude-code-action``) hints that client.

Files: ``.github/workflows/*.yml`` and ``*.yaml``.
"""

from __future__ import annotations

from validator.model import Binding, Location, Secret

from .base import Document, EnvBlock, Problem, ReadResult, parse
from .markers import has_marker, is_key_name, looks_like_key, maybe_request
from .refs import parse_reference

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path


VIA = "GitHub Actions: step env wins over job env, job env over workflow env"


def _has_expr(text: str) -> bool:
    """``re.search(r"\\$\\{\\{.*?\\}\\}", text, re.S)``, without the regex's retry from every
    ``${{`` of an unclosed run (``"${{" * N``: quadratic)."""
    start = text.find("${{")
    return start >= 0 and text.find("}}", start + 3) >= 0


def _is_expr(text: str) -> bool:
    """``re.fullmatch(r"\\$\\{\\{.*?\\}\\}", text, re.S)``."""
    return len(text) >= 5 and text.startswith("${{") and text.endswith("}}")
_USES_HINTS = {"anthropics/claude-code-action": "claude-code", "anthropics/claude-code-base-action": "claude-code",
               "qwenlm/qwen-code-action": "qwen-code", "openai/codex-action": "codex"}


def _scalar(node) -> str | None:
    v = node.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return node.raw if node.raw is not None else str(v)
    return v if isinstance(v, str) else None


def env_bindings(env_node, doc: Document, merged: dict[str, Binding], problems: list[Problem]) -> list[Binding]:
    """Bindings of one ``env:`` mapping; ``${{ env.X }}`` resolved against ``merged``."""
    out: list[Binding] = []
    if env_node is None:
        return out
    if not env_node.is_mapping:
        if isinstance(env_node.value, str) and "${{" in env_node.value:
            return out   # env: ${{ fromJSON(...) }} — computed at run time
        problems.append(Problem("parse-error", "env must be a mapping of NAME: value", env_node.loc(doc.display)))
        return out
    local = dict(merged)
    for name, child in env_node.items():
        loc = child.loc(doc.display)
        text = _scalar(child)
        if text is None:
            problems.append(Problem("parse-error", f"env value of {name} must be a string, number or boolean", loc))
            continue
        value: object = text
        reference = None
        ref = parse_reference(text) if "${{" in text else None
        if ref is not None and ref.namespace == "env-context":
            src = local.get(ref.name)
            value = src.value if src is not None else None
            reference = src.reference if src is not None and src.value is None else None
        elif ref is not None:
            value = None            # secrets.X / vars.X: not visible locally
            reference = ref.variable
        elif _has_expr(text):
            value = None if _is_expr(text.strip()) else text
        if isinstance(value, str) and (is_key_name(name) or looks_like_key(value)):
            value = Secret(value)
        b = Binding(name, value, loc, "actions", child.raw if child.raw is not None else text, reference)
        out.append(b)
        local[name] = b
    return out


def _hints(step) -> tuple[str, ...]:
    hints: list[str] = []
    run = step.get("run")
    if run is not None and isinstance(run.value, str):
        from .shell import (
            tool_hints,  # the shell reader is imported only when a workflow is read
        )

        hints.extend(tool_hints(run.value))
    uses = step.get("uses")
    if uses is not None and isinstance(uses.value, str):
        action = uses.value.split("@", 1)[0].lower()
        if action in _USES_HINTS:
            hints.append(_USES_HINTS[action])
    return tuple(dict.fromkeys(hints))


def _origin(node, doc: Document) -> Location:
    return Location(doc.display, node.key_line or node.line, node.key_column or node.column)


class ActionsReader:
    name = "actions"

    def matches(self, path: Path) -> bool:
        name = path.name.lower()
        if not (name.endswith(".yml") or name.endswith(".yaml")):
            return False
        parent = path.parent
        return parent.name == "workflows" and parent.parent.name == ".github"

    def relevant(self, text: str) -> bool:
        return has_marker(text)

    def read(self, doc: Document) -> ReadResult:
        result = ReadResult()
        documents, problem = parse(doc, "yaml", "invalid YAML")
        if problem is not None:
            result.problems.append(problem)
            return result
        for root in documents[:1]:
            if not root.is_mapping:
                continue
            wf_node = root.get("env")
            wf = env_bindings(wf_node, doc, {}, result.problems)
            result.bindings.extend(wf)
            if wf:
                result.blocks.append(EnvBlock("env", _origin(wf_node, doc), list(wf), closed=True, override_via=VIA))
            jobs = root.get("jobs")
            for job_id, job in (jobs.items() if jobs is not None else []):
                if not job.is_mapping:
                    continue
                merged = {b.name: b for b in wf}
                job_node = job.get("env")
                job_env = env_bindings(job_node, doc, merged, result.problems)
                result.bindings.extend(job_env)
                job_level = wf + job_env
                steps = job.get("steps")
                step_nodes = steps.value if steps is not None and steps.is_sequence else []
                job_hints = tuple(dict.fromkeys(h for s in step_nodes if s.is_mapping for h in _hints(s)))
                if job_env:
                    result.blocks.append(EnvBlock(f"jobs.{job_id}", _origin(job_node, doc), list(job_level),
                                                  hints=job_hints, closed=True, override_via=VIA))
                merged_job = {b.name: b for b in job_level}
                for index, step in enumerate(step_nodes):
                    if not step.is_mapping:
                        continue
                    step_node = step.get("env")
                    step_env = env_bindings(step_node, doc, merged_job, result.problems)
                    step_hints = _hints(step)
                    if not step_env and not (step_hints and job_level):
                        continue   # a plain step sees the job's block, already a target
                    result.bindings.extend(step_env)
                    label_node = step.get("id") or step.get("name")
                    label = (f"jobs.{job_id}.steps[{index}]"
                             + (f" ({label_node.value})" if label_node is not None and isinstance(label_node.value, str)
                                else ""))
                    result.blocks.append(EnvBlock(label, _origin(step_node or step, doc), job_level + step_env,
                                                  hints=step_hints, closed=True, override_via=VIA))
        if maybe_request(doc.text):   # curl / wget / HTTPie in run: steps (imported only then)
            from .commands import command_requests

            from .shell import lex_word

            result.targets.extend(command_requests(doc, lex_word))
        return result


READER = ActionsReader()
