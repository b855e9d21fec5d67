"""Configurations Python code builds as data, not as SDK constructor calls (part of :mod:`.pyast`).

Two families (config-formats.md §7; the 33-repository survey behind issue 12):

* **framework config dicts**, each one target:
  Qwen-Agent ``llm_cfg = {"model", "model_server", "api_key", "generate_cfg"}``
  (``model_server: "dashscope"`` means the DashScope SDK and its default host, any other value
  is the OpenAI-compatible base URL); AgentScope v0 ``{"config_name", "model_type":
  "dashscope_chat" | "openai_chat", "model_name", "api_key", "client_args": {"base_url"}}``;
  AutoGen ``config_list = [{"model", "base_url", "api_key"}]`` entries;
* **environments built by code** for a coding agent or an SDK, each an :class:`EnvBlock` that
  :mod:`.envgroup` turns into targets like a ``.env`` file: ``os.environ["ANTHROPIC_BASE_URL"] =
  …`` and ``os.environ.setdefault(…)`` (also bindings the linker sees, since they change this
  process's environment), ``env={**os.environ, "ANTHROPIC_AUTH_TOKEN": …}`` passed to
  ``subprocess``, and dict literals of ``ANTHROPIC_*`` / ``OPENAI_*`` / ``DASHSCOPE_*`` keys. The
  command a ``subprocess`` call starts (``["claude", "-p", …]``) is the block's launcher hint.

A half-written config (no model, a key read from somewhere unknown) still gives a target with
what it has; an unknown value is *dynamic*, never a guess.
"""

from __future__ import annotations

from validator.model import Binding, Location, Target, TargetKind, Value
from validator.notes import note

from . import pysyntax as ast   # the ast API the reader uses, without ast.py (pysyntax.py)
from . import valuekit as vk
from .base import EnvBlock, ReadResult
from .markers import ENV_NAME
from .pyast import _dotted

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from .pyast import _Reader, _Scope  # noqa: F401

# Calls that start another process: the first word of their command is a launcher hint.
SPAWN = frozenset({"subprocess.run", "subprocess.Popen", "subprocess.call", "subprocess.check_call",
                   "subprocess.check_output", "os.system", "os.execvp", "os.execvpe", "os.spawnvp",
                   "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "pexpect.spawn"})
_QWEN_AGENT_TYPES = {"qwen_dashscope": "dashscope", "qwenvl_dashscope": "dashscope", "qwenaudio_dashscope": "dashscope",
                     "oai": "openai", "qwenvl_oai": "openai", "qwenomni_oai": "openai", "azure": "openai"}
_AGENTSCOPE_TYPES = {"dashscope_chat": ("agentscope-dashscope", "dashscope"),
                     "dashscope_multimodal": ("agentscope-dashscope", "dashscope"),
                     "openai_chat": ("agentscope-openai", "openai")}


def _keys(node: ast.Dict) -> dict[str, ast.expr]:
    """The constant string keys of a dict literal (``**other`` entries are skipped)."""
    return {k.value: v for k, v in zip(node.keys, node.values)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def _text(r: "_Reader", node: ast.AST | None, scope: "_Scope") -> str | None:
    v = r.value(node, scope) if node is not None else None
    return v.value if v is not None and isinstance(v.value, str) else None


# ----------------------------------------------------------------------------- framework dicts


def framework_targets(r: "_Reader") -> list[Target]:
    out: list[Target] = []
    config_lists = _config_list_dicts(r)
    for node, scope in r.c.dicts:
        items = _keys(node)
        if "model_server" in items or items.get("model_type") is not None and "model" in items \
                and _text(r, items["model_type"], scope) in _QWEN_AGENT_TYPES:
            out.append(_qwen_agent(r, node, items, scope))
        elif "config_name" in items and _text(r, items.get("model_type"), scope) in _AGENTSCOPE_TYPES:
            out.append(_agentscope(r, node, items, scope))
        elif id(node) in config_lists and "model" in items:
            out.append(_autogen(r, node, items, scope))
    return out


def _target(r: "_Reader", node: ast.AST, client: str, protocol: str | None, label: str) -> Target:
    loc = r.src.loc(node)
    return Target(name=f"{r.doc.display}:{loc.line} {label}", client=client, origin=loc, kind=TargetKind.CODE,
                  protocol=protocol, committed=r.doc.committed)


def _fill(r: "_Reader", t: Target, items: dict[str, ast.expr], scope: "_Scope", *, base: tuple[str, ...],
          key: tuple[str, ...], model: tuple[str, ...]) -> None:
    for name in base:
        if name in items and t.base_url is None:
            t.base_url = r.value(items[name], scope)
    for name in key:
        if name in items and t.key is None:
            t.key = vk.secret(r.value(items[name], scope))
    if t.key is not None and t.key.variable:
        t.key_variable = t.key.variable
    for name in model:
        v = r.value(items[name], scope) if name in items else None
        if v is not None:
            t.models.append(v)
            break


def _qwen_agent(r: "_Reader", node: ast.Dict, items: dict[str, ast.expr], scope: "_Scope") -> Target:
    server = _text(r, items.get("model_server"), scope)
    kind = _text(r, items.get("model_type"), scope)
    if kind in _QWEN_AGENT_TYPES:
        native = _QWEN_AGENT_TYPES[kind] == "dashscope"
    else:   # no model_server is the DashScope default too; one msv cannot read is a base URL it cannot see
        native = "model_server" not in items or (server or "").strip().lower() == "dashscope"
    if native:
        t = _target(r, node, "qwen-agent", "dashscope", "Qwen-Agent llm_cfg (DashScope)")
        _fill(r, t, items, scope, base=("base_http_api_url",), key=("api_key",), model=("model",))
    else:
        t = _target(r, node, "qwen-agent-openai", "openai", "Qwen-Agent llm_cfg (OpenAI-compatible)")
        _fill(r, t, items, scope, base=("api_base", "base_url", "model_server"), key=("api_key",), model=("model",))
    generate = items.get("generate_cfg")
    if generate is not None:
        r.nested(generate, scope, "generate_cfg", t.parameters)
    t.settings["api"] = vk.literal("chat.completions" if t.protocol == "openai" else "text-generation", None, None)
    return _unresolved(t)


def _unresolved(t: Target) -> Target:
    """Say which fields of a half-written config msv could not resolve (shown by ``--list-targets``)."""
    missing = [name for name, v in (("base_url", t.base_url), ("key", t.key)) if v is not None and vk.is_dynamic(v)]
    if not t.models:
        missing.append("model")
    if missing:
        t.notes.append(note("unresolved", ", ".join(missing)))
    return t


def _agentscope(r: "_Reader", node: ast.Dict, items: dict[str, ast.expr], scope: "_Scope") -> Target:
    client, protocol = _AGENTSCOPE_TYPES[_text(r, items["model_type"], scope) or ""]
    t = _target(r, node, client, protocol, "AgentScope model config")
    _fill(r, t, items, scope, base=("base_url",), key=("api_key",), model=("model_name", "model"))
    args = items.get("client_args") or items.get("client_kwargs")
    if t.base_url is None and args is not None:
        inner, where = r.resolve(args, scope)
        if isinstance(inner, ast.Dict):
            _fill(r, t, _keys(inner), where, base=("base_url",), key=(), model=())
    generate = items.get("generate_args")
    if generate is not None:
        r.nested(generate, scope, "generate_args", t.parameters)
    return _unresolved(t)


def _autogen(r: "_Reader", node: ast.Dict, items: dict[str, ast.expr], scope: "_Scope") -> Target:
    t = _target(r, node, "autogen", "openai", "AutoGen config_list entry")
    _fill(r, t, items, scope, base=("base_url", "api_base"), key=("api_key",), model=("model",))
    return _unresolved(t)


def _config_list_dicts(r: "_Reader") -> set[int]:
    """ids of the dicts inside a ``config_list`` (a keyword, a dict key, or a name ending in it)."""
    lists: list[tuple[ast.AST, "_Scope"]] = []
    for call, scope in r.c.calls:
        lists.extend((kw.value, scope) for kw in call.keywords if kw.arg == "config_list")
    for node, scope in r.c.dicts:
        value = _keys(node).get("config_list")
        if value is not None:
            lists.append((value, scope))
    for name, entries in r.c.module.names.items():
        if name.lower().endswith("config_list"):
            lists.extend((expr, scope) for _line, expr, scope in entries)
    out: set[int] = set()
    for expr, scope in lists:
        node, _ = r.resolve(expr, scope)
        if isinstance(node, (ast.List, ast.Tuple)):
            out.update(id(e) for e in node.elts if isinstance(e, ast.Dict))
    return out


# ----------------------------------------------------------------------------- environments


def _binding(r: "_Reader", name: str, expr: ast.AST, scope: "_Scope") -> Binding | None:
    return vk.env_binding(name, r.value(expr, scope))


def _command_word(r: "_Reader", call: ast.Call, scope: "_Scope") -> str | None:
    if not call.args:
        return None
    first, where = r.resolve(call.args[0], scope)
    if isinstance(first, (ast.List, ast.Tuple)) and first.elts:
        first, where = r.resolve(first.elts[0], where)
    text = _text(r, first, where)
    if not text:
        return None
    word = text.strip().split()[0] if text.strip() else ""
    return word.rsplit("/", 1)[-1] or None


def env_blocks(r: "_Reader") -> tuple[list[EnvBlock], list[Binding]]:
    """The environments this file builds, and the bindings it writes into ``os.environ``."""
    spawned: list[tuple[ast.Call, "_Scope", str | None]] = []
    for call, scope in r.c.calls:
        dotted = r.c.qualify(_dotted(call.func) or "")
        if dotted in SPAWN:
            spawned.append((call, scope, _command_word(r, call, scope)))
    words = tuple(dict.fromkeys(w for _c, _s, w in spawned if w))
    blocks: list[EnvBlock] = []
    used: set[int] = set()
    for call, scope, word in spawned:            # env={...} handed to a child process
        env = next((kw.value for kw in call.keywords if kw.arg == "env"), None)
        if env is None:
            continue
        node, where = r.resolve(env, scope)
        if isinstance(node, ast.Dict) and id(node) not in used:
            used.add(id(node))
            block = _dict_block(r, node, where, (word,) if word else words, spawn=True)
            if block is not None:
                blocks.append(block)
    for node, scope in r.c.dicts:                # dicts of ANTHROPIC_* / OPENAI_* variables
        if id(node) in used or not any(ENV_NAME.match(k) for k in _keys(node)):
            continue
        used.add(id(node))
        block = _dict_block(r, node, scope, words, spawn=False)
        if block is not None:
            blocks.append(block)
    written: list[Binding] = []                  # os.environ["X"] = …, os.environ.setdefault("X", …)
    for _target_node, key, value, scope in r.c.environ:
        name = _text(r, key, scope) if key is not None else None
        if name and ENV_NAME.match(name):
            b = _binding(r, name, value, scope)
            if b is not None:
                written.append(b)
    for call, scope in r.c.calls:
        dotted = r.c.qualify(_dotted(call.func) or "")
        if dotted == "os.environ.setdefault" and len(call.args) == 2:
            name = _text(r, call.args[0], scope)
            if name and ENV_NAME.match(name):
                b = _binding(r, name, call.args[1], scope)
                if b is not None:
                    written.append(b)
    if written and vk.configures(written):
        first = min(written, key=lambda b: (b.loc.line, b.loc.column))
        blocks.append(EnvBlock("os.environ", Location(r.doc.display, first.loc.line, 1), list(written), hints=words))
    return blocks, written


def _dict_block(r: "_Reader", node: ast.Dict, scope: "_Scope", hints: tuple[str, ...], *, spawn: bool
                ) -> EnvBlock | None:
    bindings = [b for name, expr in _keys(node).items() if ENV_NAME.match(name)
                for b in [_binding(r, name, expr, scope)] if b is not None]
    if not vk.configures(bindings):
        return None
    inherits = any(k is None and _dotted(v) in ("os.environ", "environ") for k, v in zip(node.keys, node.values))
    loc = r.src.loc(node)
    return EnvBlock(f"env dict (line {loc.line})", Location(r.doc.display, loc.line, loc.column), bindings,
                    hints=hints, closed=spawn and not inherits)


def add_configs(r: "_Reader", result: "ReadResult") -> None:
    """Both families, added to the Python reader's result for one file."""
    result.targets.extend(framework_targets(r))
    blocks, written = env_blocks(r)
    result.blocks.extend(blocks)
    result.bindings.extend(written)


__all__ = ["add_configs", "framework_targets", "env_blocks", "Value"]
