"""The analysis behind :mod:`validator.sources.python_code`: SDK clients found with :mod:`ast`.

What it finds (config-formats.md §7, §6.8):

* constructors: ``OpenAI``/``AsyncOpenAI``/``AzureOpenAI`` (openai-sdk), ``Anthropic``
  (anthropic-sdk), LangChain ``ChatOpenAI`` (langchain-openai) and ``ChatTongyi``
  (langchain-tongyi), LlamaIndex ``OpenAILike`` and AutoGen ``OpenAIChatCompletionClient``
  (client ``unknown``, OpenAI protocol);
* the calls made with them: ``client.chat.completions.create(model=…, temperature=…,
  extra_body={"enable_thinking": …})``, ``responses.create``, ``embeddings.create``,
  ``messages.create``, ``batches.create`` (feature ``batch-inference``),
  ``fine_tuning.jobs.create`` (feature ``fine-tuning``);
* the DashScope SDK: ``dashscope.api_key = …``, ``dashscope.base_http_api_url = …`` and
  ``Generation.call`` / ``MultiModalConversation.call`` / ``TextEmbedding.call`` /
  ``Application.call`` (model as keyword or first positional argument);
* LiteLLM ``completion(model="dashscope/…", api_base=…, api_key=…)``;
* the module-level OpenAI client (``openai.base_url = …`` then ``openai.chat.completions.create``).

Values are followed where a reader can follow them without running code: module constants,
local assignments, function-parameter defaults, ``self.x = …`` attributes, ``**config`` dicts,
factory functions returning a client, ``os.getenv("X", default)`` / ``os.environ["X"]`` /
``os.environ.get`` (variable references with their fallback, for the linker), ``X or Y``,
f-strings of constants. Anything else is a *dynamic* value (``valuekit.dynamic``): known to be
set, not known to what, so rules neither guess nor assume the client's default.

One target per API call (so a model and the parameters sent with it stay together; the engine
dedupes findings on shared values), or one per client when the file makes no call with it.
Columns: ``ast`` gives UTF-8 byte offsets; locations here are character columns.
"""

from __future__ import annotations

import warnings

from validator.model import Location, Target, TargetKind, Value
from validator.notes import note
from validator.record import replace

from . import pysyntax as ast   # the ast API the reader uses, without ast.py (pysyntax.py)
from . import valuekit as vk
from .base import Document, Problem, ReadResult
from .confkit import split
from .sdkclient import API_CALLS, Ctor, SdkClient, to_target

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Callable

_MAX_DEPTH = 12     # how far a name may be followed (A = B; B = C; …)

# ----------------------------------------------------------------------------- tables


_OPENAI = Ctor("openai-sdk", "openai", base=("base_url",), key=("api_key",))
_AZURE = Ctor("openai-sdk", "openai", base=("base_url", "azure_endpoint"), key=("api_key",))
_ANTHROPIC = Ctor("anthropic-sdk", "anthropic", base=("base_url",), key=("api_key", "auth_token"))
_LC_OPENAI = Ctor("langchain-openai", "openai", base=("base_url", "openai_api_base"),
                   key=("api_key", "openai_api_key"), model=("model", "model_name"), params=True,
                   api="chat.completions")
_LC_EMBED = Ctor("langchain-openai", "openai", base=("base_url", "openai_api_base"),
                  key=("api_key", "openai_api_key"), model=("model",), api="embeddings")
_LC_TONGYI = Ctor("langchain-tongyi", "dashscope", key=("dashscope_api_key", "api_key"),
                   model=("model_name", "model"), params=True)
_DASHSCOPE = Ctor("dashscope-sdk", "dashscope")
# dashscope >= 2.0: ``dashscope.Client(api_key=…, workspace=…, region=…)``; the SDK builds the
# workspace host ``{workspace}.{region}.maas.aliyuncs.com`` from the two (pt-BR DashScope API page)
_DASHSCOPE_CLIENT = Ctor("dashscope-sdk", "dashscope", base=("base_url", "base_http_api_url"), key=("api_key",))
_OPENAI_LIKE = Ctor("unknown", "openai", base=("api_base", "base_url"), key=("api_key",),
                     model=("model",), params=True, api="chat.completions")

_AUTOGEN = Ctor("autogen", "openai", base=("base_url",), key=("api_key",), model=("model",), params=True,
                api="chat.completions")
# Agent frameworks and wrappers (config-formats.md §7): each builds one of the SDK clients above,
# or routes through LiteLLM (CrewAI). Nested names (``client_args.base_url``) reach into a dict.
_AS_DASHSCOPE = Ctor("agentscope-dashscope", "dashscope", base=("base_http_api_url",), key=("api_key",),
                     model=("model_name",), positional=("model_name", "api_key"), api="text-generation")
_AS_OPENAI = Ctor("agentscope-openai", "openai", base=("client_args.base_url", "client_kwargs.base_url", "base_url"),
                  key=("api_key",), model=("model_name",), positional=("model_name", "api_key"),
                  api="chat.completions")
_LI_DASHSCOPE = Ctor("dashscope-sdk", "dashscope", key=("api_key",), model=("model_name", "model"), params=True,
                     api="text-generation")
_CREWAI = Ctor("litellm-openai", "openai", base=("base_url", "api_base"), key=("api_key",), model=("model",),
               positional=("model",), params=True, route=True, api="chat.completions")
_PYDANTIC_OPENAI = Ctor("openai-sdk", "openai", base=("base_url",), key=("api_key",))
_SMOL = Ctor("openai-sdk", "openai", base=("api_base", "base_url"), key=("api_key",), model=("model_id",),
             positional=("model_id",), api="chat.completions")
_INIT_CHAT = Ctor("langchain-openai", "openai", base=("base_url", "openai_api_base"),
                  key=("api_key", "openai_api_key"), model=("model",), positional=("model",), params=True,
                  api="chat.completions")

# (package root, class name) -> constructor. Root ``None``: the name alone decides, used when
# the file does not import the name (star imports, re-exports).
_CTORS: dict[tuple[str | None, str], Ctor] = {
    ("openai", "OpenAI"): _OPENAI,
    ("openai", "AsyncOpenAI"): _OPENAI,
    ("openai", "AzureOpenAI"): _AZURE,
    ("openai", "AsyncAzureOpenAI"): _AZURE,
    ("anthropic", "Anthropic"): _ANTHROPIC,
    ("anthropic", "AsyncAnthropic"): _ANTHROPIC,
    ("langchain_openai", "ChatOpenAI"): _LC_OPENAI,
    ("langchain_community", "ChatOpenAI"): _LC_OPENAI,
    ("langchain", "ChatOpenAI"): _LC_OPENAI,
    ("langchain_openai", "OpenAIEmbeddings"): _LC_EMBED,
    ("langchain_community", "OpenAIEmbeddings"): _LC_EMBED,
    ("langchain_community", "ChatTongyi"): _LC_TONGYI,
    ("dashscope", "Client"): _DASHSCOPE_CLIENT,
    ("dashscope", "AsyncClient"): _DASHSCOPE_CLIENT,
    ("langchain_community", "Tongyi"): _LC_TONGYI,
    ("langchain", "ChatTongyi"): _LC_TONGYI,
    ("llama_index", "OpenAILike"): _OPENAI_LIKE,
    ("llama_index", "OpenAI"): _OPENAI_LIKE,
    ("autogen_ext", "OpenAIChatCompletionClient"): _AUTOGEN,
    ("agentscope", "DashScopeChatModel"): _AS_DASHSCOPE,
    ("agentscope", "OpenAIChatModel"): _AS_OPENAI,
    ("llama_index", "DashScope"): _LI_DASHSCOPE,
    ("crewai", "LLM"): _CREWAI,
    ("pydantic_ai", "OpenAIProvider"): _PYDANTIC_OPENAI,
    ("smolagents", "OpenAIServerModel"): _SMOL,
    ("langchain", "init_chat_model"): _INIT_CHAT,
    (None, "OpenAI"): _OPENAI,
    (None, "AsyncOpenAI"): _OPENAI,
    (None, "Anthropic"): _ANTHROPIC,
    (None, "AsyncAnthropic"): _ANTHROPIC,
    (None, "ChatOpenAI"): _LC_OPENAI,
    (None, "ChatTongyi"): _LC_TONGYI,
}

# Pydantic AI model classes that take the model name and a provider built above.
_MODEL_CARRIERS = frozenset({"OpenAIModel", "OpenAIChatModel", "OpenAIResponsesModel"})

# Attribute paths of API calls on a client -> (api, feature).
_API_PATHS: tuple[tuple[tuple[str, ...], str, str | None], ...] = (
    # Python-only spellings first (none is the tail of a longer shared path)
    (("beta", "chat", "completions", "stream"), "chat.completions", None),
    (("responses", "parse"), "responses", None),
    (("fine_tuning", "jobs", "create"), "fine-tuning", "fine-tuning"),
    (("ChatCompletion", "create"), "chat.completions", None),      # openai < 1, module level
    (("ChatCompletion", "acreate"), "chat.completions", None),
    (("Completion", "create"), "completions", None),
    (("Embedding", "create"), "embeddings", None),
) + API_CALLS

# DashScope SDK classes whose ``call`` sends a request; first positional argument.
_DASHSCOPE_CALLS = {
    "Generation": ("model", "text-generation"),
    "AioGeneration": ("model", "text-generation"),
    "MultiModalConversation": ("model", "multimodal-generation"),
    "AioMultiModalConversation": ("model", "multimodal-generation"),
    "TextEmbedding": ("model", "text-embedding"),
    "MultiModalEmbedding": ("model", "multimodal-embedding"),
    "ImageSynthesis": ("model", "image-synthesis"),
    "VideoSynthesis": ("model", "video-synthesis"),
    "Application": ("app_id", "application"),
}
_DASHSCOPE_METHODS = {"call", "async_call", "stream_call"}

_LITELLM_CALLS = {"completion": "chat.completions", "acompletion": "chat.completions",
                  "embedding": "embeddings", "aembedding": "embeddings",
                  "text_completion": "completions", "responses": "responses",
                  "aresponses": "responses"}
_LITELLM_ROUTES = {"dashscope": "litellm", "qwencloud": "litellm", "qwen_ai_platform": "litellm",
                   "openai": "litellm-openai"}

# Keyword arguments of API calls that are neither model, key, base nor request parameters.
_NOT_PARAMS = frozenset({
    "model", "messages", "input", "prompt", "history", "extra_headers", "extra_query",
    "timeout", "api_key", "api_base", "base_url", "app_id", "workspace", "files", "file",
    "training_file", "validation_file", "input_file_id", "endpoint", "completion_window",
    "custom_llm_provider", "headers", "request_timeout", "system", "instructions",
})
# Constructor keywords that are request parameters (LangChain / LlamaIndex style).
_CTOR_PARAMS = frozenset({
    "temperature", "top_p", "top_k", "n", "max_tokens", "max_completion_tokens",
    "presence_penalty", "frequency_penalty", "seed", "stop", "streaming", "stream",
    "reasoning_effort", "enable_thinking", "thinking_budget", "enable_search", "extra_body",
    "model_kwargs", "additional_kwargs", "result_format", "incremental_output",
    "repetition_penalty", "stream_usage", "logprobs", "dimensions",
})
_NESTED_PARAMS = frozenset({"extra_body", "model_kwargs", "additional_kwargs"})
_GETENV = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "getenv",
                     "environ.get", "os.environ.pop"})
_ENVIRON = frozenset({"os.environ", "environ"})
_CASTS = frozenset({"str", "int", "float", "bool"})


# ----------------------------------------------------------------------------- positions


class _Src:
    """Positions in one file: ast's UTF-8 byte columns to character columns, and raw text."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.lines = doc.text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def col(self, lineno: int, byte_col: int) -> int:
        """0-based character column of a 0-based UTF-8 byte column."""
        if not 1 <= lineno <= len(self.lines):
            return byte_col
        line = self.lines[lineno - 1]
        if line.isascii():
            return byte_col
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))

    def offsets(self, node: ast.AST) -> tuple[int, int]:
        line, end_line = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        col = self.col(line, node.col_offset)  # type: ignore[attr-defined]
        end_col = self.col(end_line, node.end_col_offset or 0)  # type: ignore[attr-defined]
        start = self.starts[min(line, len(self.starts)) - 1] + col
        end = self.starts[min(end_line, len(self.starts)) - 1] + end_col
        return start, end

    def loc(self, node: ast.AST) -> Location:
        line, end_line = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        col = self.col(line, node.col_offset)  # type: ignore[attr-defined]
        end_col = self.col(end_line, node.end_col_offset or 0)  # type: ignore[attr-defined]
        return Location(self.doc.display, line, col + 1, end_line, end_col + 1)

    def raw(self, node: ast.AST) -> str:
        start, end = self.offsets(node)
        return self.text[start:end]


# ----------------------------------------------------------------------------- scopes


class _Scope:
    """Names bound in one module, function or class body (compared by identity)."""

    __slots__ = ("kind", "parent", "cls", "names", "params", "attrs", "returns")

    def __init__(self, kind: str, parent: "_Scope | None" = None, cls: "_Scope | None" = None) -> None:
        self.kind = kind                        # module | function | class
        self.parent = parent
        self.cls = cls                          # for methods: the class scope
        self.names: dict[str, list[tuple[int, ast.AST, _Scope]]] = {}
        self.params: dict[str, ast.expr | None] = {}
        self.attrs: dict[str, list[tuple[int, ast.AST, _Scope]]] = {}
        self.returns: list[ast.expr] = []

    def add(self, table: dict, name: str, line: int, expr: ast.AST, scope: "_Scope") -> None:
        table.setdefault(name, []).append((line, expr, scope))


class _Func:
    """A ``def``: where it is, so ``get_client()`` can be followed to what it returns."""

    __slots__ = ("scope",)

    def __init__(self, scope: _Scope) -> None:
        self.scope = scope


def _dotted(expr: ast.AST) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        inner = _dotted(expr.value)
        return f"{inner}.{expr.attr}" if inner else None
    return None


class _Collector:
    """Pass 1: imports, assignments per scope, defs, calls (with the scope they run in)."""

    def __init__(self) -> None:
        self.imports: dict[str, str] = {}
        self.module = _Scope("module")
        self.calls: list[tuple[ast.Call, _Scope]] = []
        self.module_attrs: dict[str, list[tuple[int, ast.AST, _Scope]]] = {}   # "openai.base_url"
        self.funcs: dict[int, _Func] = {}        # id(FunctionDef) -> its scope
        self.classes: dict[str, list[str]] = {}  # class name -> dotted bases (``class MyLLM(ChatOpenAI)``)
        self.dicts: list[tuple[ast.Dict, _Scope]] = []   # dict literals (framework configs, env dicts)
        self.environ: list[tuple[ast.AST, ast.AST | None, ast.AST, _Scope]] = []   # os.environ writes

    def run(self, tree: ast.Module) -> None:
        self._body(tree.body, self.module)

    # -- statements
    def _body(self, stmts: list[ast.stmt], scope: _Scope) -> None:
        for stmt in stmts:
            self._stmt(stmt, scope)

    def _stmt(self, node: ast.stmt, scope: _Scope) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._import(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._def(node, scope)
            return
        elif isinstance(node, ast.ClassDef):
            for expr in [*node.bases, *node.decorator_list, *(k.value for k in node.keywords)]:
                self._expr(expr, scope)
            self.classes[node.name] = [d for d in (_dotted(b) for b in node.bases) if d]
            inner = _Scope("class", parent=scope)
            scope.add(scope.names, node.name, node.lineno, node, scope)
            self._body(node.body, inner)
            return
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind(target, node.value, scope)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._bind(node.target, node.value, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind(item.optional_vars, item.context_expr, scope)
        elif isinstance(node, ast.Return) and node.value is not None:
            scope.returns.append(node.value)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                self._stmt(child, scope)
            elif isinstance(child, ast.expr):
                self._expr(child, scope)
            elif isinstance(child, (ast.excepthandler, ast.match_case, ast.withitem, ast.keyword,
                                    ast.comprehension, ast.arguments, ast.arg)):
                self._other(child, scope)

    def _other(self, node: ast.AST, scope: _Scope) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                self._stmt(child, scope)
            elif isinstance(child, ast.expr):
                self._expr(child, scope)
            else:
                self._other(child, scope)

    def _expr(self, node: ast.expr, scope: _Scope) -> None:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                self.calls.append((sub, scope))
            elif isinstance(sub, ast.Dict):
                self.dicts.append((sub, scope))
            elif isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                scope.add(scope.names, sub.target.id, sub.lineno, sub.value, scope)

    def _def(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: _Scope) -> None:
        for expr in node.decorator_list:
            self._expr(expr, scope)
        parent = scope
        while parent.kind == "class" and parent.parent is not None:
            parent = parent.parent
        inner = _Scope("function", parent=parent, cls=scope if scope.kind == "class" else None)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        for arg, default in zip(positional, defaults):
            inner.params[arg.arg] = default
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            inner.params[arg.arg] = default
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                inner.params[extra.arg] = None
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self._expr(default, scope)
        scope.add(scope.names, node.name, node.lineno, node, scope)
        self.funcs[id(node)] = _Func(inner)
        self._body(node.body, inner)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    self.imports.setdefault(head, head)
            return
        if node.level or not node.module:
            return
        for alias in node.names:
            if alias.name != "*":
                self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def _bind(self, target: ast.expr, value: ast.expr, scope: _Scope) -> None:
        if isinstance(target, ast.Name):
            scope.add(scope.names, target.id, target.lineno, value, scope)
        elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
                and len(target.elts) == len(value.elts):
            for t, v in zip(target.elts, value.elts):
                self._bind(t, v, scope)
        elif isinstance(target, ast.Subscript) and self.qualify(_dotted(target.value) or "") == "os.environ":
            self.environ.append((target, target.slice, value, scope))
        elif isinstance(target, ast.Attribute):
            owner = target.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and scope.cls is not None:
                scope.add(scope.cls.attrs, target.attr, target.lineno, value, scope)
            else:
                dotted = _dotted(target)
                if dotted:
                    self.module_attrs.setdefault(self.qualify(dotted), []).append(
                        (target.lineno, value, scope))

    def qualify(self, dotted: str) -> str:
        head, _, rest = dotted.partition(".")
        if head in self.imports:
            return self.imports[head] + ("." + rest if rest else "")
        return dotted


# ----------------------------------------------------------------------------- evaluation


class _Reader:
    """Pass 2 over one parsed file."""

    def __init__(self, doc: Document, tree: ast.Module) -> None:
        self.doc = doc
        self.src = _Src(doc)
        self.c = _Collector()
        self.c.run(tree)
        self.clients: dict[int, SdkClient] = {}       # id(constructor Call) -> client
        self.module_clients: dict[str, SdkClient] = {}

    # -- name resolution
    def lookup(self, name: str, scope: _Scope, line: int) -> tuple[ast.AST, _Scope] | None | str:
        """The expression a name was last bound to, with its scope; ``"param"`` for a bare parameter."""
        s: _Scope | None = scope
        innermost = True
        while s is not None:
            if s.kind == "class":
                s = s.parent
                continue
            entries = s.names.get(name)
            if entries:
                chosen = entries[-1]
                if innermost:
                    before = [e for e in entries if e[0] <= line]
                    chosen = before[-1] if before else entries[-1]
                return chosen[1], chosen[2]
            if name in s.params:
                default = s.params[name]
                return (default, s.parent or s) if default is not None else "param"
            innermost = False
            s = s.parent
        return None

    def attr_lookup(self, attr: str, scope: _Scope) -> tuple[ast.AST, _Scope] | None:
        cls = scope.cls
        if cls is None:
            return None
        entries = cls.attrs.get(attr) or cls.names.get(attr)
        if not entries:
            return None
        useful = [e for e in entries if not (isinstance(e[1], ast.Constant) and e[1].value is None)]
        line, expr, where = (useful or entries)[-1]
        return expr, where

    def resolve(self, expr: ast.AST, scope: _Scope, depth: int = 0) -> tuple[ast.AST, _Scope]:
        """Follow names and ``self.x`` to the expression they stand for (or return ``expr``)."""
        while depth < _MAX_DEPTH:
            depth += 1
            if isinstance(expr, ast.Name) and expr.id not in self.c.imports:
                found = self.lookup(expr.id, scope, expr.lineno)
                if not isinstance(found, tuple) or isinstance(found[0], ast.ClassDef):
                    return expr, scope
                expr, scope = found
            elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) \
                    and expr.value.id in ("self", "cls"):
                found_attr = self.attr_lookup(expr.attr, scope)
                if found_attr is None:
                    return expr, scope
                expr, scope = found_attr
            elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
                target = self.lookup(expr.func.id, scope, expr.lineno)
                if not (isinstance(target, tuple) and isinstance(target[0], (ast.FunctionDef, ast.AsyncFunctionDef))):
                    return expr, scope
                func = self.c.funcs.get(id(target[0]))
                if func is None or not func.scope.returns:
                    return expr, scope
                expr, scope = func.scope.returns[-1], func.scope
            else:
                return expr, scope
        return expr, scope

    def value(self, expr: ast.AST | None, scope: _Scope, depth: int = 0) -> Value | None:
        """What an argument evaluates to, as a Value (None: absent, or the constant None)."""
        if expr is None or depth > _MAX_DEPTH:
            return None
        node, where = self.resolve(expr, scope)
        if isinstance(node, ast.Constant):
            if node.value is None:
                return None
            return vk.literal(node.value, self.src.loc(node), self.src.raw(node))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) \
                and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
            return vk.literal(-node.operand.value, self.src.loc(node), self.src.raw(node))
        env = self.env_reference(node, where, depth)
        if env is not None:
            return env
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            return self.or_chain(node.values, where, depth + 1)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CASTS \
                and len(node.args) == 1 and not node.keywords:
            return self.value(node.args[0], where, depth + 1)
        if isinstance(node, (ast.JoinedStr, ast.BinOp)):
            text = self.concat(node, where, depth)
            if text is not None:
                return vk.literal(text, self.src.loc(node), self.src.raw(node), via="constant expression")
        if isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
            try:
                return vk.literal(ast.literal_eval(node), self.src.loc(node), self.src.raw(node))
            except (ValueError, TypeError, SyntaxError, RecursionError):
                pass
        what = self.describe(node)
        return vk.dynamic(self.src.loc(expr), self.src.raw(expr), what)

    def or_chain(self, values: list[ast.expr], scope: _Scope, depth: int) -> Value | None:
        """``a or b or c``: the first truthy literal; a variable keeps the rest as its fallback."""
        first = self.value(values[0], scope, depth)
        if len(values) == 1:
            return first
        if first is None or (first.value is not None and not first.value and first.variable is None):
            return self.or_chain(values[1:], scope, depth)
        if first.value is None:
            return vk.with_fallback(first, self.or_chain(values[1:], scope, depth))
        return first

    def describe(self, node: ast.AST) -> str:
        if isinstance(node, ast.Name):
            return f"name {node.id}"
        if isinstance(node, ast.Call):
            return f"call {_dotted(node.func) or 'expression'}()"
        if isinstance(node, ast.Attribute):
            return f"attribute {_dotted(node) or node.attr}"
        return type(node).__name__.lower()

    def concat(self, node: ast.AST, scope: _Scope, depth: int) -> str | None:
        """The text of an f-string or ``+`` of constants, or None when any part is not constant."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    if part.format_spec is not None or part.conversion not in (-1, 115):
                        return None
                    text = self.concat(part.value, scope, depth + 1)
                else:
                    text = self.concat(part, scope, depth + 1)
                if text is None:
                    return None
                parts.append(text)
            return "".join(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.concat(node.left, scope, depth + 1)
            right = self.concat(node.right, scope, depth + 1) if left is not None else None
            return None if right is None else left + right  # type: ignore[operator]
        if isinstance(node, (ast.Name, ast.Attribute)):
            resolved, where = self.resolve(node, scope)
            if resolved is not node:
                return self.concat(resolved, where, depth + 1)
        return None

    def env_reference(self, node: ast.AST, scope: _Scope, depth: int) -> Value | None:
        """``os.getenv("X", d)``, ``os.environ.get("X", d)``, ``os.environ["X"]`` → a variable Value."""
        name_node: ast.AST | None = None
        default: ast.AST | None = None
        if isinstance(node, ast.Call):
            func = _dotted(node.func)
            if func is None or self.c.qualify(func) not in _GETENV and func not in _GETENV:
                return None
            args = list(node.args)
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            name_node = args[0] if args else kw.get("key")
            default = args[1] if len(args) > 1 else kw.get("default")
        elif isinstance(node, ast.Subscript):
            owner = _dotted(node.value)
            if owner is None or (self.c.qualify(owner) not in _ENVIRON and owner not in _ENVIRON):
                return None
            name_node = node.slice
        else:
            return None
        resolved = self.value(name_node, scope, depth + 1) if name_node is not None else None
        if resolved is None or not isinstance(resolved.value, str):
            return vk.dynamic(self.src.loc(node), self.src.raw(node), "environment lookup")
        fallback = self.value(default, scope, depth + 1) if default is not None else None
        return vk.variable(resolved.value, self.src.loc(node), self.src.raw(node), fallback=fallback)

    # -- arguments
    def arguments(self, call: ast.Call, scope: _Scope, positional: tuple[str, ...] = ()
                  ) -> tuple[dict[str, tuple[ast.AST, _Scope]], bool]:
        """Keyword and positional arguments by name; ``**config`` dict literals are expanded.

        The flag says whether some arguments could not be known (``**kwargs`` of unknown shape).
        """
        out: dict[str, tuple[ast.AST, _Scope]] = {}
        unknown = False
        for name, arg in zip(positional, call.args):
            if isinstance(arg, ast.Starred):
                unknown = True
                break
            out[name] = (arg, scope)
        for kw in call.keywords:
            if kw.arg is not None:
                out[kw.arg] = (kw.value, scope)
                continue
            node, where = self.resolve(kw.value, scope)
            if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                                  for k in node.keys):
                for k, v in zip(node.keys, node.values):
                    out.setdefault(k.value, (v, where))  # type: ignore[union-attr]
            elif isinstance(node, ast.Call) and _dotted(node.func) == "dict":
                for k2 in node.keywords:
                    if k2.arg:
                        out.setdefault(k2.arg, (k2.value, where))
            else:
                unknown = True
        return out, unknown

    def first_value(self, args: dict[str, tuple[ast.AST, _Scope]], names: tuple[str, ...]) -> Value | None:
        for name in names:
            head, _, inner = name.partition(".")
            if head not in args:
                continue
            expr, scope = args[head]
            if inner:   # ``client_args={"base_url": …}``: a key of a dict argument
                node, where = self.resolve(expr, scope)
                found = _dict_get(node, inner)
                if found is None:
                    continue
                expr, scope = found, where
            v = self.value(expr, scope)
            if v is not None:
                return v
        return None

    def parameters(self, args: dict[str, tuple[ast.AST, _Scope]], only: frozenset[str] | None
                   ) -> dict[str, Value]:
        """Request parameters; ``extra_body`` / ``model_kwargs`` dicts are flattened."""
        out: dict[str, Value] = {}
        for name, (expr, scope) in args.items():
            if only is not None and name not in only or only is None and name in _NOT_PARAMS:
                continue
            if name in _NESTED_PARAMS and self.nested(expr, scope, name, out):
                continue
            val = self.value(expr, scope)
            if val is not None:
                out.setdefault("stream" if name == "streaming" else name, val)
        return out

    def nested(self, expr: ast.AST, scope: _Scope, via: str, out: dict[str, Value], depth: int = 0) -> bool:
        """Flatten ``extra_body={...}`` (also inside ``model_kwargs``) into ``out``; False if not a dict."""
        node, where = self.resolve(expr, scope)
        if not isinstance(node, ast.Dict) or depth > 3:
            return False
        for k, v in zip(node.keys, node.values):
            if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                continue
            if k.value in _NESTED_PARAMS and self.nested(v, where, k.value, out, depth + 1):
                continue
            val = self.value(v, where)
            if val is not None:
                out.setdefault(k.value, _via(val, via))
        return True

    # -- targets
    def construct(self, call: ast.Call, scope: _Scope, ctor: Ctor, label: str) -> SdkClient:
        args, unknown = self.arguments(call, scope, ctor.positional)
        client = SdkClient(ctor, label, self.src.loc(call))
        client.base = self.first_value(args, ctor.base)
        client.key = vk.secret(self.first_value(args, ctor.key))
        model = self.first_value(args, ctor.model)
        if ctor.route:
            client.ctor, model = _routed(ctor, model)
        elif ctor is _INIT_CHAT:
            client.ctor, model = _chat_model_provider(ctor, model, self.first_value(args, ("model_provider",)))
        if model is not None:
            client.models.append(model)
        if ctor.params:
            client.parameters = self.parameters(args, _CTOR_PARAMS)
        if ctor.api:
            client.settings["api"] = vk.literal(ctor.api, None, None)
        if label.endswith("AzureOpenAI"):
            client.settings["sdk_class"] = vk.literal("AzureOpenAI", client.origin, None)
        if ctor is _ANTHROPIC:
            names = [n for n in ("api_key", "auth_token") if n in args]
            if names:
                client.settings["auth"] = vk.literal(
                    "x-api-key" if names[0] == "api_key" else "bearer", None, None)
            if len(names) == 2:
                client.notes.append(note("both-credentials", "api_key and auth_token are both passed"))
        if ctor is _DASHSCOPE_CLIENT:
            self.workspace_host(client, args)
        if unknown:
            client.notes.append(note("dynamic-arguments", "**kwargs of unknown shape"))
            for attr in ("base", "key"):
                if getattr(client, attr) is None:
                    setattr(client, attr, vk.dynamic(client.origin, self.src.raw(call), "**kwargs"))
        if client.key is not None and client.key.variable:
            client.key_variable = client.key.variable
        return client

    def workspace_host(self, client: SdkClient, args: dict[str, tuple[ast.AST, _Scope]]) -> None:
        """``workspace=`` and ``region=`` of a ``dashscope.Client``: the base URL it builds."""
        workspace = self.first_value(args, ("workspace",))
        region = self.first_value(args, ("region",))
        if workspace is not None:
            client.settings["workspace"] = workspace
        if client.base is not None or workspace is None or region is None:
            return
        ws, rg = workspace.value, region.value
        if isinstance(ws, str) and isinstance(rg, str) and ws.strip() and rg.strip():
            url = f"https://{ws.strip()}.{rg.strip()}.maas.aliyuncs.com/api/v1"
            client.base = vk.literal(url, region.loc, region.raw, via="dashscope.Client(workspace=, region=)")

    def ctor_for(self, call: ast.Call) -> tuple[Ctor, str] | None:
        dotted = _dotted(call.func)
        if dotted is None:
            return None
        found = self.ctor_named(dotted)
        seen: set[str] = set()
        while found is None and dotted in self.c.classes and dotted not in seen and len(seen) < 5:
            seen.add(dotted)   # ``class QwenChat(ChatOpenAI)``: the subclass is built like its base
            for base in self.c.classes[dotted]:
                found = self.ctor_named(base)
                if found is not None:
                    return found[0], dotted
            bases = self.c.classes[dotted]
            dotted = bases[0] if bases else dotted
        return found

    def ctor_named(self, dotted: str) -> tuple[Ctor, str] | None:
        qual = self.c.qualify(dotted)
        name = qual.rsplit(".", 1)[-1]
        head = dotted.split(".")[0]
        if head in self.c.imports or "." in dotted:
            ctor = _CTORS.get((qual.split(".")[0], name))
            if ctor is None and head not in self.c.imports:
                ctor = _CTORS.get((None, name))
        else:
            ctor = _CTORS.get((None, name))
        return (ctor, name) if ctor else None

    def carried_model(self, call: ast.Call, scope: _Scope) -> None:
        dotted = _dotted(call.func)
        qual = self.c.qualify(dotted) if dotted else ""
        if not qual.startswith("pydantic_ai.") or qual.rsplit(".", 1)[-1] not in _MODEL_CARRIERS:
            return
        args, _ = self.arguments(call, scope, ("model_name",))
        if "provider" not in args:
            return
        node, _where = self.resolve(*args["provider"])
        client = self.clients.get(id(node)) if isinstance(node, ast.Call) else None
        model = self.first_value(args, ("model_name",))
        if client is not None and model is not None:
            client.models.append(model)

    def receiver_client(self, receiver: ast.AST, scope: _Scope) -> SdkClient | None | str:
        """The client a call is made on; ``"module:<pkg>"`` for module-level clients."""
        node, _ = self.resolve(receiver, scope)
        if isinstance(node, ast.Call):
            return self.clients.get(id(node))
        dotted = _dotted(node)
        if dotted and self.c.qualify(dotted) in ("openai",):
            return "module:openai"
        return None

    def module_client(self, pkg: str, origin: Location) -> SdkClient:
        if pkg in self.module_clients:
            return self.module_clients[pkg]
        if pkg == "openai":
            client = SdkClient(_OPENAI, "openai module", origin)
            client.settings["sdk_class"] = vk.literal("module", None, None)
            client.base = self.module_value("openai", ("base_url", "api_base"))
            client.key = vk.secret(self.module_value("openai", ("api_key",)))
        else:
            client = SdkClient(_DASHSCOPE, "dashscope module", origin)
            client.base = self.module_value("dashscope", ("base_http_api_url",))
            client.key = vk.secret(self.module_value("dashscope", ("api_key",)))
        if client.key is not None and client.key.variable:
            client.key_variable = client.key.variable
        self.module_clients[pkg] = client
        return client

    def module_value(self, pkg: str, attrs: tuple[str, ...]) -> Value | None:
        for attr in attrs:
            entries = self.c.module_attrs.get(f"{pkg}.{attr}")
            if entries:
                _, expr, scope = entries[-1]
                return self.value(expr, scope)
        return None

    def run(self) -> list[Target]:
        # clients first, so calls can find them whatever the order in the file
        for call, scope in self.c.calls:
            found = self.ctor_for(call)
            if found:
                self.clients[id(call)] = self.construct(call, scope, *found)
        for call, scope in self.c.calls:   # Pydantic AI: OpenAIModel("qwen-plus", provider=OpenAIProvider(…))
            self.carried_model(call, scope)
        targets: list[Target] = []
        orphans: list[tuple[ast.Call, _Scope, str, str | None, ast.AST]] = []
        for call, scope in self.c.calls:
            if id(call) in self.clients:
                continue
            dashscope = self.dashscope_call(call, scope)
            if dashscope is not None:
                targets.append(dashscope)
                continue
            litellm = self.litellm_call(call, scope)
            if litellm is not None:
                targets.append(litellm)
                continue
            api = _api_call(call)
            if api is None:
                continue
            receiver, api_name, feature = api
            owner = self.receiver_client(receiver, scope)
            if isinstance(owner, str):
                owner = self.module_client(owner.split(":", 1)[1], self.src.loc(call))
            if owner is None:
                orphans.append((call, scope, api_name, feature, receiver))
                continue
            targets.append(self.call_target(owner, call, scope, api_name, feature))
        for call, scope, api_name, feature, receiver in orphans:
            owner = self.unique_client(api_name)
            if owner is None:
                owner = self.orphan_client(call, receiver, api_name)
            targets.append(self.call_target(owner, call, scope, api_name, feature))
        for client in self.clients.values():
            if client.calls == 0:
                targets.append(self.client_target(client))
        configured = [e for attr in ("base_http_api_url", "api_key")
                      for e in self.c.module_attrs.get(f"dashscope.{attr}", ())]
        if configured and "dashscope" not in self.module_clients:
            # dashscope.api_key / base_http_api_url set, but no call in this file: still a target
            _, expr, _ = min(configured, key=lambda e: e[0])
            targets.append(self.client_target(self.module_client("dashscope", self.src.loc(expr))))
        targets.sort(key=lambda t: (t.origin.line, t.origin.column))
        return targets

    def unique_client(self, api_name: str) -> SdkClient | None:
        family = "anthropic" if api_name == "messages" else "openai"
        matching = [c for c in self.clients.values()
                    if (c.ctor.protocol == "anthropic") == (family == "anthropic")
                    and c.ctor.client in ("openai-sdk", "anthropic-sdk")]
        return matching[0] if len(matching) == 1 else None

    def orphan_client(self, call: ast.Call, receiver: ast.AST, api_name: str) -> SdkClient:
        """A call on a client built elsewhere: model and parameters still matter."""
        ctor = _ANTHROPIC if api_name == "messages" else _OPENAI
        client = SdkClient(ctor, _dotted(receiver) or "client", self.src.loc(call))
        what = "client constructed elsewhere"
        client.base = vk.dynamic(self.src.loc(receiver), self.src.raw(receiver), what)
        client.key = vk.dynamic(self.src.loc(receiver), self.src.raw(receiver), what)
        client.notes.append(note("client-elsewhere", "the client this call uses is built in another file"))
        return client

    def call_target(self, owner: SdkClient, call: ast.Call, scope: _Scope, api_name: str,
                    feature: str | None) -> Target:
        owner.calls += 1
        args, unknown = self.arguments(call, scope)
        target = self.client_target(owner, origin=self.src.loc(call),
                                    name=f"{self.doc.display}:{call.lineno} {owner.label} "
                                         f"{_dotted(call.func) or api_name}")
        model = self.first_value(args, ("model",))
        if model is not None:
            target.models = [model]
        params = self.parameters(args, None)
        target.parameters = {**target.parameters, **params}
        target.settings["api"] = vk.literal(api_name, self.src.loc(call.func), None)
        if feature:
            target.features.append(vk.literal(feature, self.src.loc(call), self.src.raw(call.func)))
        if unknown:
            target.notes.append(note("dynamic-arguments", "**kwargs of unknown shape"))
        return target

    def client_target(self, client: SdkClient, origin: Location | None = None, name: str | None = None
                      ) -> Target:
        return to_target(self.doc, client, key_variable=client.key_variable, origin=origin, name=name)

    def dashscope_call(self, call: ast.Call, scope: _Scope) -> Target | None:
        dotted = _dotted(call.func)
        if not dotted or "." not in dotted:
            return None
        qual = self.c.qualify(dotted)
        parts = qual.split(".")
        if parts[0] != "dashscope" or parts[-1] not in _DASHSCOPE_METHODS or len(parts) < 2:
            return None
        spec = _DASHSCOPE_CALLS.get(parts[-2])
        if spec is None:
            return None
        first, api = spec
        module = self.module_client("dashscope", self.src.loc(call))
        module.calls += 1
        args, unknown = self.arguments(call, scope, (first,))
        target = self.client_target(module, origin=self.src.loc(call),
                                    name=f"{self.doc.display}:{call.lineno} {parts[-2]}.{parts[-1]}")
        key = vk.secret(self.first_value(args, ("api_key",)))
        if key is not None:
            if target.key is not None:
                key = _overrides(key, target.key, "the per-call api_key wins over dashscope.api_key")
            target.key = key
            target.key_variable = key.variable
        if first == "model":
            model = self.first_value(args, ("model",))
            target.models = [model] if model is not None else []
        else:
            app = self.first_value(args, ("app_id",))
            if app is not None:
                target.settings["app_id"] = app
        workspace = self.first_value(args, ("workspace",))
        if workspace is not None:
            target.settings["workspace"] = workspace
        target.parameters = self.parameters(args, None)
        target.settings["api"] = vk.literal(api, self.src.loc(call.func), None)
        if unknown:
            target.notes.append(note("dynamic-arguments", "**kwargs of unknown shape"))
        return target

    def litellm_call(self, call: ast.Call, scope: _Scope) -> Target | None:
        dotted = _dotted(call.func)
        if not dotted:
            return None
        qual = self.c.qualify(dotted)
        parts = qual.split(".")
        if parts[0] != "litellm" or parts[-1] not in _LITELLM_CALLS:
            return None
        args, unknown = self.arguments(call, scope, ("model", "messages"))
        model = self.first_value(args, ("model",))
        route, model = split(model, "/")
        client = _LITELLM_ROUTES.get(route or "", "unknown") if model is not None and route else "litellm"
        target = Target(
            name=f"{self.doc.display}:{call.lineno} litellm.{parts[-1]}",
            client=client, origin=self.src.loc(call), kind=TargetKind.CODE, protocol="openai",
            base_url=self.first_value(args, ("api_base", "base_url")),
            key=vk.secret(self.first_value(args, ("api_key",))),
            models=[model] if model is not None else [],
            parameters=self.parameters(args, None),
            committed=self.doc.committed,
        )
        if target.key is not None and target.key.variable:
            target.key_variable = target.key.variable
        if route:
            target.settings["route"] = vk.literal(route, target.models[0].loc if target.models else None, None)
        target.settings["api"] = vk.literal(_LITELLM_CALLS[parts[-1]], self.src.loc(call.func), None)
        if unknown:
            target.notes.append(note("dynamic-arguments", "**kwargs of unknown shape"))
        return target


def _dict_get(node: ast.AST, key: str) -> ast.AST | None:
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            if isinstance(k, ast.Constant) and k.value == key:
                return v
    elif isinstance(node, ast.Call) and _dotted(node.func) == "dict":
        for kw in node.keywords:
            if kw.arg == key:
                return kw.value
    return None


_ROUTED = {"dashscope": ("litellm", "openai"), "qwencloud": ("litellm", "openai"),
           "openai": ("litellm-openai", "openai"), "anthropic": ("litellm-anthropic", "anthropic")}


def _routed(ctor: Ctor, model: Value | None) -> tuple[Ctor, Value | None]:
    """CrewAI ``LLM(model="dashscope/qwen-plus")``: LiteLLM picks the client by the prefix."""
    route, rest = split(model, "/")
    if route is None:
        return ctor, model
    client, protocol = _ROUTED.get(route, ("unknown", None))
    return replace(ctor, client=client, protocol=protocol or ctor.protocol), rest


def _chat_model_provider(ctor: Ctor, model: Value | None, provider: Value | None) -> tuple[Ctor, Value | None]:
    """LangChain ``init_chat_model("openai:qwen-plus")`` / ``model_provider="openai"``."""
    name = provider.value if provider is not None and isinstance(provider.value, str) else None
    if model is not None and isinstance(model.value, str) and ":" in model.value:
        prefix, rest = split(model, ":")
        name, model = name or prefix, rest
    if name in (None, "openai"):
        return ctor, model
    if name == "anthropic":
        return _ANTHROPIC, model
    return replace(ctor, client="unknown", protocol=None), model


def _via(value: Value, via: str) -> Value:
    return replace(value, via=value.via or via)


def _overrides(winner: Value, loser: Value, why: str) -> Value:
    return replace(winner, overridden=(loser, *winner.overridden), via=why)


def _api_call(call: ast.Call) -> tuple[ast.AST, str, str | None] | None:
    """(receiver, api, feature) when ``call`` is ``<receiver>.chat.completions.create(…)`` and kin."""
    chain: list[str] = []
    node: ast.AST = call.func
    while isinstance(node, ast.Attribute) and len(chain) < 8:
        chain.append(node.attr)
        node = node.value
    chain.reverse()
    for path, api, feature in _API_PATHS:
        n = len(path)
        if len(chain) >= n and tuple(chain[-n:]) == path:
            receiver: ast.AST = call.func
            for _ in range(n):
                receiver = receiver.value  # type: ignore[attr-defined]
            return receiver, api, feature
    return None


def read(doc: Document, also: "tuple[Callable[[_Reader, ReadResult], None], ...]" = ()) -> ReadResult:
    """Parse ``doc`` and extract its targets; bad input is a ``parse-error`` problem, never an exception.

    ``also``: further analyses of the parsed file, given the reader (its scopes and values) and
    the result to add to."""
    from validator.limits import PYTHON_AST_MAX_BYTES

    result = ReadResult()
    if len(doc.text) > PYTHON_AST_MAX_BYTES:
        # ast costs up to ~500 bytes of memory per byte of dense source: a file built for it
        # would exhaust memory. The literal scan still reads this file for URLs and keys.
        result.problems.append(Problem(
            "file-too-large",
            f"{len(doc.text):,} characters of Python, over the {PYTHON_AST_MAX_BYTES:,}-character limit for "
            "code analysis: SDK clients in this file were not checked (loose URLs and keys were)",
            doc.loc(0)))
        return result
    try:
        with warnings.catch_warnings():   # SyntaxWarning for odd escapes: the user's code, not ours to print
            warnings.simplefilter("ignore")
            tree = ast.parse(doc.text, doc.display)
    except SyntaxError as exc:
        line = exc.lineno or 0
        column = _Src(doc).col(line, (exc.offset or 1) - 1) + 1 if line else 0
        result.problems.append(Problem(
            "parse-error",
            f"not valid Python ({exc.msg}); SDK clients in this file were not checked",
            doc.loc(line, column)))
        return result
    except (ValueError, RecursionError, MemoryError) as exc:
        reason = "too deeply nested" if isinstance(exc, RecursionError) else (
            "too large" if isinstance(exc, MemoryError) else "contains NUL bytes")
        result.problems.append(Problem(
            "parse-error", f"cannot parse Python source ({reason}); SDK clients in this file were not checked",
            doc.loc(0)))
        return result
    try:
        reader = _Reader(doc, tree)
        result.targets.extend(reader.run())
        for more in also:   # analyses over the same tree (validator.sources.pyconfigs)
            more(reader, result)
    except RecursionError:
        result.problems.append(Problem(
            "parse-error", "Python source too deeply nested to analyse; SDK clients were not checked",
            doc.loc(0)))
    return result
