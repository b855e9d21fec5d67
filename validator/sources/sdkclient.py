"""An SDK client found in source code, before it becomes targets.

The Python reader (:mod:`validator.sources.pyast`) and the JS/TS reader
(:mod:`validator.sources.jslex`) find the same thing in different syntax: a constructor such as
``OpenAI(base_url=…, api_key=…)`` / ``new OpenAI({baseURL, apiKey})``, then the calls made with
it. Both describe constructors with :class:`Ctor`, collect what they see in a :class:`SdkClient`
and turn it into a :class:`~validator.model.Target` with :func:`to_target`, so a client found in
either language reaches the rules in the same shape.
"""

from __future__ import annotations

from validator.record import field, record

from validator.model import Location, Target, TargetKind, Value

from .base import Document

# API calls both SDK families spell the same way: attribute path on a client -> (api, feature).
# Longest paths first: the Python reader matches the tail of a call chain and takes the first
# hit. Each reader adds the calls only its language has (``fine_tuning`` vs ``fineTuning``…).
API_CALLS: tuple[tuple[tuple[str, ...], str, str | None], ...] = (
    (("beta", "chat", "completions", "parse"), "chat.completions", None),
    (("chat", "completions", "create"), "chat.completions", None),
    (("chat", "completions", "parse"), "chat.completions", None),
    (("chat", "completions", "stream"), "chat.completions", None),
    (("beta", "messages", "create"), "messages", None),
    (("messages", "create"), "messages", None),
    (("messages", "stream"), "messages", None),
    (("responses", "create"), "responses", None),
    (("responses", "stream"), "responses", None),
    (("embeddings", "create"), "embeddings", None),
    (("completions", "create"), "completions", None),
    (("images", "generate"), "images", None),
    (("batches", "create"), "batches", "batch-inference"),
)


@record(frozen=True)
class Ctor:
    """How one constructor's arguments map onto a target (argument names differ by language)."""

    client: str                      # catalogue client id
    protocol: str | None
    base: tuple[str, ...] = ()       # argument names that hold the base URL
    key: tuple[str, ...] = ()        # … the key
    model: tuple[str, ...] = ()      # … the model
    provider: bool = False           # a Vercel AI SDK provider factory: models come from calls
    params: bool = False             # the constructor takes request parameters (LangChain, LlamaIndex)
    api: str | None = None
    positional: tuple[str, ...] = () # names of the positional arguments (``init_chat_model("qwen-plus")``)
    route: bool = False              # ``model="dashscope/qwen-plus"``: LiteLLM routes by the prefix (CrewAI)


@record
class SdkClient:
    """One SDK client (a constructor call, or a configured module) before it becomes targets."""

    ctor: Ctor
    label: str
    origin: Location
    base: Value | None = None
    key: Value | None = None
    key_variable: str | None = None
    models: list[Value] = field(default_factory=list)
    parameters: dict[str, Value] = field(default_factory=dict)
    settings: dict[str, Value] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    calls: int = 0


def to_target(doc: Document, client: SdkClient, *, key_variable: str | None,
              origin: Location | None = None, name: str | None = None) -> Target:
    """The target for ``client`` (a copy: later calls may refine it per API call)."""
    return Target(
        name=name or f"{doc.display}:{client.origin.line} {client.label}",
        client=client.ctor.client,
        origin=origin or client.origin,
        kind=TargetKind.CODE,
        protocol=client.ctor.protocol,
        base_url=client.base,
        key=client.key,
        key_variable=key_variable,
        models=list(client.models),
        parameters=dict(client.parameters),
        settings=dict(client.settings),
        committed=doc.committed,
        notes=list(client.notes),
    )
