"""The one place rules are registered (ruff's model: code, kebab-case name, summary, doc page).

A rule is a small pure function ``(target, catalogue) -> Iterable[Hit]``. Its docstring is its
documentation page (sections *What it checks*, *Why*, *Example*, *Fix*); ``msv explain``
prints it and ``docs/rules.md`` is generated from it. Rules that are not target functions
(``parse-error``, ``unused-suppression``, the probe's observations) register metadata only,
with ``check=None``: the engine or the probe emits their findings.

Codes: ``MS1xx`` endpoint and URL, ``MS2xx`` credentials and plans, ``MS3xx`` models and
features, ``MS4xx`` live probe, ``MS9xx`` input and tool problems.
"""

from __future__ import annotations

from validator.model import Hit, Severity, Target
from validator.record import record

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Callable, Iterable

    from validator.catalogue.index import Catalogue

    Check = Callable[["Target", "Catalogue"], Iterable[Hit]]


@record(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    family: str
    doc: str
    check: Check | None = None
    fixable: str | None = None          # "safe", "unsafe" or None
    ignorable: bool = True              # False: inline suppressions cannot silence it
    kinds: tuple[str, ...] = ("config", "code", "literal")   # target kinds it looks at
    observes: bool = False              # a check over what the probe observed (``Target.observations``)
    default: bool = True                # False: opt-in (ruff's model), only when a selector names it
    templates: bool = False             # True: also judges templates (.env.example…): typos, real keys

    @property
    def static(self) -> bool:
        """A check over what the files say: it runs in every ``msv check`` (not only after a probe)."""
        return self.check is not None and not self.observes

    @property
    def doc_url(self) -> str:
        return f"{DOCS_BASE}#{self.name}"


DOCS_BASE = "https://github.com/modelstudio-validator/modelstudio-validator/blob/main/docs/rules.md"

_RULES: dict[str, Rule] = {}
_BY_CODE: dict[str, Rule] = {}

# Selectors that keep meaning what they meant before a rule was split (ruff's redirects): the
# old name or code still selects, ignores and suppresses everything the old rule reported.
# ``deprecated-endpoint`` (MS106) reported the shared-domain advice and Codex's removed
# ``wire_api = "chat"`` too; both are rules of their own now.
REDIRECTS: dict[str, tuple[str, ...]] = {
    "deprecated-endpoint": ("deprecated-endpoint", "shared-endpoint", "removed-setting"),
    "MS106": ("deprecated-endpoint", "shared-endpoint", "removed-setting"),
}


def redirected(selector: str) -> tuple[str, ...]:
    """The rule names an old selector stands for (empty when it is not an old spelling)."""
    s = selector.strip()
    return REDIRECTS.get(s) or REDIRECTS.get(s.upper()) or ()


def cleandoc(doc: str) -> str:
    """``inspect.cleandoc``, without importing ``inspect`` (with ``ast``, ``dis`` and ``tokenize``,
    ~6 ms of a ``msv check`` that needs no doc page). The same algorithm: tabs expanded, the first
    line's leading blanks and the rest's common indentation removed, blank lines trimmed at both
    ends (``tests/rules/test_registry_docs.py`` compares it with ``inspect`` on every rule)."""
    lines = doc.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()]
    margin = min(indents) if indents else 0
    lines = [lines[0].lstrip()] + [line[margin:] for line in lines[1:]]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def register(rule: Rule) -> Rule:
    if rule.name in _RULES or rule.code in _BY_CODE:
        raise ValueError(f"rule {rule.code} {rule.name} registered twice")
    _RULES[rule.name] = rule
    _BY_CODE[rule.code] = rule
    return rule


def rule(code: str, name: str, severity: Severity, summary: str, *, family: str,
         fixable: str | None = None, ignorable: bool = True,
         kinds: tuple[str, ...] = ("config", "code", "literal"), default: bool = True,
         templates: bool = False) -> Callable[[Check], Check]:
    """Decorator: register ``func`` as rule ``code``/``name``; its docstring is the doc page.

    ``default=False`` makes it opt-in: not in the default selection, enabled by ``--select``,
    ``--extend-select`` or ``[tool.msv]`` naming it (its code, a code prefix or ``ALL``).
    ``templates=True``: the rule also looks at templates (``.env.example``, a provider list whose
    every key is blank), where only typos and real keys are mistakes; empty values are expected.
    """

    def wrap(func: Check) -> Check:
        register(Rule(code, name, severity, summary, family, cleandoc(func.__doc__ or ""),
                      func, fixable, ignorable, kinds, default=default, templates=templates))
        return func

    return wrap


def meta(code: str, name: str, severity: Severity, summary: str, *, family: str, doc: str,
         fixable: str | None = None, ignorable: bool = True) -> Rule:
    """Register a rule whose findings are emitted by the engine or the probe, not by a check."""
    return register(Rule(code, name, severity, summary, family, cleandoc(doc), None,
                         fixable, ignorable, ()))


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code."""
    return sorted(_RULES.values(), key=lambda r: r.code)


def get(name_or_code: str) -> Rule | None:
    return _RULES.get(name_or_code) or _BY_CODE.get(name_or_code.upper())
