"""SDK clients and raw HTTP requests in Java, Kotlin, Go, C#, PHP and Rust source (never executed).

What is matched, over :mod:`.clex` tokens with values from :mod:`.cvalues`:

- builder chains: ``OpenAIOkHttpClient.builder().baseUrl(…).apiKey(…)`` (openai-java),
  ``AnthropicOkHttpClient``, Spring AI ``OpenAiApi.builder()`` / Spring AI Alibaba
  ``DashScopeApi.builder()``, LangChain4j ``OpenAiChatModel`` / ``QwenChatModel``,
  openai-php ``OpenAI::factory()->withBaseUri(…)``, Rust ``OpenAIConfig::new().with_api_base(…)``;
  request builders (``ChatCompletionCreateParams``, ``MessageCreateParams``, ``GenerationParam``,
  ``OpenAiChatOptions``…) give the models and parameters of the file's clients;
- DashScope Java SDK: ``new Generation(protocol, url)``, ``Constants.baseHttpApiUrl = …``,
  ``Constants.apiKey``, ``GenerationParam.builder().apiKey(…).model(…)``;
- Go: ``openai.NewClient(option.WithBaseURL(…), option.WithAPIKey(…))`` (openai-go and
  anthropic-sdk-go), sashabaranov/go-openai ``DefaultConfig(key)`` + ``cfg.BaseURL = …``;
  ``…NewParams{Model: …}`` / ``ChatCompletionRequest{Model: …}`` request literals;
- .NET: ``new OpenAIClientOptions { Endpoint = new Uri(…) }``, ``new ApiKeyCredential(…)``,
  ``new ChatClient(model: …)``;
- raw requests: Java ``HttpRequest.newBuilder().uri(…)`` and OkHttp ``Request.Builder().url(…)``,
  Go ``http.NewRequest(…)``, C# ``PostAsync(url, …)`` / ``HttpRequestMessage``, PHP
  ``curl_init`` / ``CURLOPT_URL``, with their headers and literal bodies (:mod:`.rawhttp`).

A file msv cannot make sense of gives no target (the loose-literal scan still looks at it).
"""

from __future__ import annotations

from validator.model import Location, Target, Value

from . import valuekit as vk
from .base import Document, Problem, ReadResult
from .clex import MAX_TOKENS, Tok, language_of, matching, split_args, tokenize
from .cvalues import Concat, Evaluator, json_body, snake
from .rawhttp import is_request_url, request_target
from .sdkclient import Ctor, SdkClient, to_target

TYPE_CHECKING = False   # typing's constant, without importing typing (docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

# anchor -> (client id, protocol, method -> field); "field" is base | key | model | param
_KEYS = {"apiKey": "key", "authToken": "key", "withApiKey": "key", "with_api_key": "key"}
_BASES = {"baseUrl": "base", "withBaseUri": "base", "with_api_base": "base", "baseURL": "base"}
_SDK_BUILDERS: dict[str, tuple[str, str]] = {
    "OpenAIOkHttpClient": ("openai-sdk", "openai"), "OpenAIOkHttpClientAsync": ("openai-sdk", "openai"),
    "AnthropicOkHttpClient": ("anthropic-sdk", "anthropic"),
    "AnthropicOkHttpClientAsync": ("anthropic-sdk", "anthropic"),
    "OpenAiApi": ("spring-ai-openai", "openai"), "DashScopeApi": ("spring-ai-dashscope", "dashscope"),
    "OpenAiChatModel": ("langchain4j-openai", "openai"), "OpenAiStreamingChatModel": ("langchain4j-openai", "openai"),
    "QwenChatModel": ("langchain4j-dashscope", "dashscope"),
    "QwenStreamingChatModel": ("langchain4j-dashscope", "dashscope"),
    "OpenAIConfig": ("async-openai", "openai"),
}
# request builders: their model and parameters go to the file's clients of that protocol
_PARAM_BUILDERS: dict[str, str] = {
    "ChatCompletionCreateParams": "openai", "MessageCreateParams": "anthropic", "GenerationParam": "dashscope",
    "MultiModalConversationParam": "dashscope", "OpenAiChatOptions": "openai", "DashScopeChatOptions": "dashscope",
    "CreateChatCompletionRequestArgs": "openai", "ChatCompletionOptions": "openai",
}
# a raw request's headers may come from these (a handler, default headers, an auth option)
_DOTNET_ELSEWHERE = {"DefaultRequestHeaders", "Headers", "AuthenticationHeaderValue", "TryAddWithoutValidation",
                     "DelegatingHandler", "HttpMessageHandler", "HttpClientHandler", "SocketsHttpHandler",
                     "IHttpClientFactory", "CreateClient", "AddHttpClient"}
_PHP_ELSEWHERE = {"CURLOPT_USERPWD", "CURLOPT_HTTPAUTH", "CURLOPT_XOAUTH2_BEARER", "CURLOPT_USERNAME",
                  "CURLOPT_PASSWORD", "CURLOPT_NETRC", "CURLOPT_NETRC_FILE", "curl_copy_handle", "CURLOPT_SHARE",
                  "curl_multi_add_handle"}
_PLAIN_FETCH = {"node-fetch", "undici", "cross-fetch", "isomorphic-fetch", "cross-fetch/polyfill"}
_JAVA_REQUEST_CALLS = {"newBuilder", "uri", "header", "headers", "setHeader", "POST", "GET", "PUT", "DELETE",
                       "method", "timeout", "version", "expectContinue", "build"}
_MAX_CLIENTS = 64   # a generated file with thousands of clients: the first ones are enough (and linear)
_MODEL_METHODS = {"model", "modelName", "withModel"}
_GO_PARAMS = {"ChatCompletionNewParams": "openai", "ChatCompletionRequest": "openai", "MessageNewParams": "anthropic",
              "ResponseNewParams": "openai", "CompletionRequest": "openai"}


def _camel_to_param(name: str) -> str:
    name = name[4:] if name.startswith("with") and name[4:5].isupper() else name
    return snake(name[0].lower() + name[1:]) if name else name


class _File:
    def __init__(self, doc: Document, lang: str, toks: list[Tok]) -> None:
        self.doc, self.lang, self.toks = doc, lang, toks
        self.ev = Evaluator(doc, toks, lang)
        self.clients: list[SdkClient] = []
        self.requests: list[Target] = []
        self.params: list[tuple[str, list[Value], dict[str, Value]]] = []   # (protocol, models, params)
        self.dashscope: SdkClient | None = None
        self._fetch_redefined: bool | None = None
        self._ids: set[str] | None = None
        self._open_of: dict[int, int] | None = None
        self._php_cache: Any = False
        self._php_auth: Location | None = None
        self._auth_at: Location | None = None   # set by the header readers for the next request
        self._counts: dict[str, tuple[int, int]] | None = None
        self._sends_plain: bool | None = None
        self._positions: dict[str, list[int]] | None = None

    # ------------------------------------------------------------------ chains

    def chain(self, i: int) -> tuple[list[tuple[str, int, int]], int]:
        """The ``.method(args)`` calls chained after token ``i``: [(name, open paren, close paren)]."""
        toks, out = self.toks, []
        j = i + 1
        while j + 2 < len(toks) and toks[j].text in (".", "->", "::", "?.") and toks[j + 1].kind == "id":
            if toks[j + 2].text == "(":
                close = matching(toks, j + 2)
                out.append((toks[j + 1].text, j + 2, close))
                j = close + 1
            else:
                j += 2
        return out, j

    def arg(self, open_i: int, n: int = 0) -> Any:
        args = split_args(self.toks, open_i)
        if len(args) <= n:
            return None
        a, _b = args[n]
        # Kotlin / C# named arguments: model = "x", model: "x"
        if a + 1 < len(self.toks) and self.toks[a].kind == "id" and self.toks[a + 1].text in ("=", ":") \
                and self.lang in ("kotlin", "csharp"):
            a += 2
        return self.ev.value(a)

    def named_arg(self, open_i: int, name: str, n: int) -> Any:
        for a, _b in split_args(self.toks, open_i):
            if self.toks[a].text == name and a + 1 < len(self.toks) and self.toks[a + 1].text in (":", "="):
                return self.ev.value(a + 2)
        return self.arg(open_i, n)

    # ------------------------------------------------------------------ clients

    def client(self, client: str, protocol: str, tok: Tok, label: str) -> SdkClient:
        c = SdkClient(Ctor(client, protocol), label, self.ev.loc(tok))
        self.clients.append(c)
        return c

    def sdk_builder(self, i: int, t: Tok) -> None:
        client_id, protocol = _SDK_BUILDERS[t.text]
        calls, _end = self.chain(i)
        if not calls or calls[0][0] not in ("builder", "fromEnv", "new", "factory"):
            return
        c = self.client(client_id, protocol, t, f"{t.text}.{calls[0][0]}()")
        if calls[0][0] == "fromEnv":
            c.notes.append("fromEnv(): reads OPENAI_BASE_URL / OPENAI_API_KEY" if protocol == "openai"
                           else "fromEnv(): reads ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY")
        self._fill(c, calls)

    def _fill(self, c: SdkClient, calls: list[tuple[str, int, int]]) -> None:
        for name, open_i, _close in calls:
            field = _BASES.get(name) or _KEYS.get(name)
            if field is None and name not in _MODEL_METHODS and name in ("build", "builder", "make", "new", "factory"):
                continue
            v = self.arg(open_i)
            if field == "base" and isinstance(v, Value):
                c.base = self._base(v, c.ctor.client)
            elif field == "key" and isinstance(v, Value):
                c.key = vk.secret(v)
                c.key_variable = v.variable
            elif name in _MODEL_METHODS and isinstance(v, Value) and v.value is not None:
                c.models.append(v)
            elif field is None and isinstance(v, Value) and isinstance(v.value, (int, float)) and not isinstance(v.value, bool):
                c.parameters[_camel_to_param(name)] = v

    def _base(self, v: Value, client: str) -> Value:
        if client == "openai-php" and isinstance(v.value, str) and "://" not in v.value:
            from dataclasses import (
                replace,  # openai-php adds https:// to a scheme-less base
            )

            return replace(v, value="https://" + v.value.strip("/"), via="openai-php adds https://")
        return v

    def param_builder(self, i: int, t: Tok) -> None:
        calls, _ = self.chain(i)
        if not calls or calls[0][0] != "builder":
            return
        protocol = _PARAM_BUILDERS[t.text]
        probe = SdkClient(Ctor("x", protocol), "", self.ev.loc(t))
        key = None
        for name, open_i, _close in calls:
            if name in _KEYS:
                v = self.arg(open_i)
                key = v if isinstance(v, Value) else None
        self._fill(probe, [c for c in calls if c[0] not in _KEYS and c[0] not in _BASES])
        self.params.append((protocol, probe.models, probe.parameters))
        if t.text in ("GenerationParam", "MultiModalConversationParam"):
            ds = self.dashscope_client(t)
            if key is not None:
                ds.key, ds.key_variable = vk.secret(key), key.variable

    def dashscope_client(self, t: Tok) -> SdkClient:
        if self.dashscope is None:
            self.dashscope = self.client("dashscope-sdk", "dashscope", t, "DashScope Java SDK")
        return self.dashscope

    def generation(self, i: int, t: Tok) -> None:
        """``new Generation()`` / ``new Generation(protocol, url)`` (DashScope Java SDK)."""
        toks = self.toks
        if i == 0 or toks[i - 1].text != "new" or i + 1 >= len(toks) or toks[i + 1].text != "(":
            return
        ds = self.dashscope_client(t)
        args = split_args(toks, i + 1)
        if len(args) >= 2:
            v = self.ev.value(args[1][0])
            if isinstance(v, Value):
                ds.base = v

    def constants(self, i: int, t: Tok) -> None:
        """``Constants.baseHttpApiUrl = "…"`` / ``Constants.apiKey = …`` (DashScope Java SDK)."""
        toks = self.toks
        if i + 3 >= len(toks) or toks[i + 1].text != "." or toks[i + 3].text != "=":
            return
        what = toks[i + 2].text
        if what not in ("baseHttpApiUrl", "apiKey"):
            return
        v = self.ev.value(i + 4)
        if not isinstance(v, Value):
            return
        ds = self.dashscope_client(t)
        if what == "apiKey":
            ds.key, ds.key_variable = vk.secret(v), v.variable
        else:
            ds.base = v

    def go_client(self, i: int, t: Tok) -> None:
        toks, text = self.toks, self.doc.text
        if i < 2 or toks[i - 1].text != "." or i + 1 >= len(toks) or toks[i + 1].text != "(":
            return
        pkg = toks[i - 2].text
        sasha = "sashabaranov/go-openai" in text
        if pkg == "anthropic":
            c = self.client("anthropic-sdk", "anthropic", toks[i - 2], "anthropic.NewClient")
        elif pkg == "openai" and sasha:
            c = self.client("go-openai", "openai", toks[i - 2], f"openai.{t.text}")
            args = split_args(toks, i + 1)
            if t.text == "NewClient" and args:
                v = self.ev.value(args[0][0])
                if isinstance(v, Value):
                    c.key, c.key_variable = vk.secret(v), v.variable
            elif t.text == "NewClientWithConfig" and args:
                self._go_config(c, toks[args[0][0]].text)
            return
        elif pkg == "openai":
            c = self.client("openai-sdk", "openai", toks[i - 2], "openai.NewClient")
        else:
            return
        for a, _b in split_args(toks, i + 1):
            if a + 3 < len(toks) and toks[a + 1].text == "." and toks[a + 3].text == "(":
                opt = toks[a + 2].text
                v = self.ev.value(a + 4)
                if not isinstance(v, Value):
                    continue
                if opt == "WithBaseURL":
                    c.base = v
                elif opt in ("WithAPIKey", "WithAuthToken"):
                    c.key, c.key_variable = vk.secret(v), v.variable

    def _go_config(self, c: SdkClient, name: str) -> None:
        start = self.ev.assigned.get(name)
        toks = self.toks
        if start is not None and start + 3 < len(toks) and toks[start + 2].text == "DefaultConfig":
            v = self.ev.value(start + 4)
            if isinstance(v, Value):
                c.key, c.key_variable = vk.secret(v), v.variable
        base_at = self.ev.assigned.get(f"{name}.BaseURL")
        if base_at is not None:
            v = self.ev.value(base_at)
            if isinstance(v, Value):
                c.base = v

    def go_params(self, i: int, t: Tok) -> None:
        toks = self.toks
        if i + 1 >= len(toks) or toks[i + 1].text != "{":
            return
        body = self.ev.composite(i + 1, 0)
        if isinstance(body, dict):
            models = [m for m in [body.get("model")] if isinstance(m, Value) and isinstance(m.value, str)]
            params = {k: v for k, v in body.items() if k not in ("model", "messages") and isinstance(v, Value)
                      and isinstance(v.value, (int, float)) and not isinstance(v.value, bool)}
            self.params.append((_GO_PARAMS[t.text], models, params))

    def dotnet_options(self, i: int, t: Tok) -> None:
        toks = self.toks
        if i == 0 or toks[i - 1].text != "new":
            return
        c = self.client("openai-dotnet", "openai", t, "OpenAIClientOptions")
        j = i + 1
        if j < len(toks) and toks[j].text == "(":
            j = matching(toks, j) + 1
        if j < len(toks) and toks[j].text == "{":
            init = self.ev.composite(j, 0)
            if isinstance(init, dict) and isinstance(init.get("Endpoint"), Value):
                c.base = init["Endpoint"]
        name = self.ev.name_before(i - 1)
        if name and c.base is None:
            at = self.ev.assigned.get(f"{name}.Endpoint")
            v = self.ev.value(at) if at is not None else None
            if isinstance(v, Value):
                c.base = v
        key_at = next((k for k, tok in enumerate(toks) if tok.text == "ApiKeyCredential" and k + 1 < len(toks)
                       and toks[k + 1].text == "("), None)
        if key_at is not None:
            v = self.arg(key_at + 1)
            if isinstance(v, Value):
                c.key, c.key_variable = vk.secret(v), v.variable
        for k, tok in enumerate(toks):
            if tok.text in ("ChatClient", "GetChatClient") and k + 1 < len(toks) and toks[k + 1].text == "(":
                v = self.named_arg(k + 1, "model", 0)
                if isinstance(v, Value) and isinstance(v.value, str):
                    c.models.append(v)

    def php_client(self, i: int, t: Tok) -> None:
        toks = self.toks
        if i + 2 >= len(toks) or toks[i + 1].text != "::":
            return
        calls, _ = self.chain(i)
        if not calls:
            return
        if calls[0][0] == "client":
            c = self.client("openai-php", "openai", t, "OpenAI::client")
            v = self.arg(calls[0][1])
            if isinstance(v, Value):
                c.key, c.key_variable = vk.secret(v), v.variable
        elif calls[0][0] == "factory":
            c = self.client("openai-php", "openai", t, "OpenAI::factory")
            self._fill(c, calls)
        else:
            return
        for k, tok in enumerate(toks):   # ->chat()->create([...]): the request body
            if tok.text == "chat" and k + 4 < len(toks) and toks[k + 3].text == "->" and toks[k + 4].text == "create":
                body = self.arg(k + 5)
                if isinstance(body, dict):
                    m = body.get("model")
                    if isinstance(m, Value) and isinstance(m.value, str):
                        c.models.append(m)
                    for key, v in body.items():
                        if key not in ("model", "messages") and isinstance(v, Value) and isinstance(v.value, (int, float)):
                            c.parameters[key] = v

    # ------------------------------------------------------------------ raw requests

    def headers(self) -> list[tuple[str, Any]]:
        """Every header this file sets (Go ``Header.Set``, C# ``DefaultRequestHeaders``, PHP
        ``CURLOPT_HTTPHEADER``, Java ``.header(…)``): a file's requests share them."""
        toks, out = self.toks, []
        for k, tok in enumerate(toks):
            nxt = toks[k + 1].text if k + 1 < len(toks) else ""
            if tok.text in ("Set", "Add", "header", "addHeader", "setHeader", "TryAddWithoutValidation") and nxt == "(":
                args = split_args(toks, k + 1)
                if len(args) >= 2 and toks[args[0][0]].kind == "str":
                    out.append((toks[args[0][0]].value or "", self.ev.value(args[1][0])))
            elif tok.text == "AuthenticationHeaderValue" and nxt == "(":
                args = split_args(toks, k + 1)
                scheme = self.ev.value(args[0][0]) if args else None
                if len(args) >= 2 and isinstance(scheme, Value) and str(scheme.value).lower() == "bearer":
                    out.append(("Authorization", Concat([vk.literal("Bearer ", None, None), self.ev.value(args[1][0])])))
            elif tok.text == "CURLOPT_HTTPHEADER" and k + 2 < len(toks):
                v = self.ev.value(k + 2)
                for item in v if isinstance(v, list) else []:
                    out.extend(_header_line(item))
        return out

    def request(self, tool: str, url: Any, origin: Tok, body: Any = None,
                whole: list[tuple[str, Any]] | None = None) -> None:
        """``whole``: every header this request sends, when msv sees them all (else the file's
        pooled headers are used and nothing is said about a missing one)."""
        if not isinstance(url, Value) or not is_request_url(url.text):
            return
        if isinstance(body, Value):
            body = json_body(body, self.doc)
        self.requests.append(request_target(self.doc, url=url, tool=tool, origin=self.ev.loc(origin),
                                            headers=self._headers if whole is None else whole, body=body,
                                            complete=whole is not None, auth_at=self._auth_at))
        self._auth_at = None

    # ------------------------------------------------------------------ every header of a request, or None
    # Each returns the request's headers only where nothing else can add one: no session or
    # client with default headers, no handler / transport / interceptor, no helper the request
    # object is passed to. Anything else is None, and then nothing is reported about them.

    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = {t.text for t in self.toks if t.kind == "id"}
        return self._ids

    def _opener(self, close_i: int) -> int | None:
        if self._open_of is None:
            last = len(self.toks) - 1
            self._open_of = {t.match: j for j, t in enumerate(self.toks) if 0 <= t.match < last}
        return self._open_of.get(close_i)

    def _java_headers(self, k: int) -> list[tuple[str, Any]] | None:
        """``HttpRequest.newBuilder()….uri(…)….build()`` read whole (``k``: the ``uri`` token):
        java.net.http has no default headers, and a built request cannot be changed."""
        toks = self.toks
        j, start, steps = k - 1, None, 0
        while j >= 1 and toks[j].text == "." and steps < 32:   # a request builder is a short chain
            p = j - 1
            if toks[p].text == ")":
                o = self._opener(p)
                if o is None or o < 1:
                    return None
                p = o - 1
            if toks[p].kind != "id":
                return None
            start, j, steps = p, p - 1, steps + 1
        if start is None or toks[start].text != "HttpRequest" or steps >= 32:
            return None
        calls, end = self.chain(start)
        if len(calls) > 32:
            return None
        names = [c[0] for c in calls]
        if not names or names[0] != "newBuilder" or names[-1] != "build" or not set(names) <= _JAVA_REQUEST_CALLS:
            return None
        out: list[tuple[str, Any]] = []
        for name, open_i, _close in calls:
            if name not in ("header", "setHeader", "headers"):
                continue
            args = split_args(toks, open_i)
            if len(args) % 2 or not args:
                return None
            for n in range(0, len(args), 2):
                t = toks[args[n][0]]
                if t.kind != "str" or t.value is None or args[n][1] - args[n][0] != 1:
                    return None
                if t.value.lower() == "authorization":
                    self._mark_auth(args[n][0])
                out.append((t.value, self.ev.value(args[n + 1][0])))
        return out

    def _go_headers(self, k: int, post: bool) -> list[tuple[str, Any]] | None:
        """``http.Post(…)`` (no header can be set) or ``req, err := http.NewRequest(…)`` sent only
        by ``http.DefaultClient.Do(req)`` / a ``&http.Client{…}`` of this file, with no
        ``Header`` touched and no ``Transport`` anywhere in the file."""
        toks = self.toks
        if self.ids() & {"Transport", "DefaultTransport", "RoundTrip", "RoundTripper"}:
            return None   # a transport may add the header to every request
        if post:
            return []
        if self.ids() & {"Header", "SetBasicAuth"}:
            return None
        if k < 4 or toks[k - 3].text not in (":=", "=") or toks[k - 4].kind != "id":
            return None
        j = k - 4
        while j >= 2 and toks[j - 1].text == "," and toks[j - 2].kind == "id":
            j -= 2
        name, sent = toks[j].text, False
        if self._positions is None:
            self._positions = {}
            for u, t in enumerate(toks):
                if t.kind == "id" and not (u >= 1 and toks[u - 1].text == "."):
                    self._positions.setdefault(t.text, []).append(u)
        for u in self._positions.get(name, ()):
            if u == j:
                continue
            if not (u >= 4 and toks[u - 1].text == "(" and toks[u - 2].text == "Do" and toks[u - 3].text == "."
                    and u + 1 < len(toks) and toks[u + 1].text == ")" and self._go_plain_client(u - 4)):
                return None
            sent = True
        return [] if sent else None

    def _go_plain_client(self, r: int) -> bool:
        toks = self.toks
        if toks[r].text == "DefaultClient" and r >= 2 and toks[r - 1].text == "." and toks[r - 2].text == "http":
            return True
        if toks[r].kind != "id" or (r >= 1 and toks[r - 1].text == "."):
            return False
        start = self.ev.assigned.get(toks[r].text)
        if start is None:
            return False
        seq = [t.text for t in toks[start:start + 5]]
        return seq[:4] == ["&", "http", ".", "Client"] or seq[:3] == ["http", ".", "Client"] \
            or seq[:3] == ["http", ".", "DefaultClient"]

    def _dotnet_headers(self, k: int, message: bool) -> list[tuple[str, Any]] | None:
        """``client.PostAsync(url, …)`` on a ``new HttpClient()`` of this file (or a
        ``HttpRequestMessage`` only such clients send), with no ``Headers`` /
        ``DefaultRequestHeaders`` / handler anywhere in the file."""
        if self.ids() & _DOTNET_ELSEWHERE:
            return None
        toks = self.toks
        if not message:
            return [] if k >= 3 and toks[k - 1].text == "." and self._dotnet_plain_client(k - 2) else None
        if self._sends_plain is None:
            sends = [j for j, t in enumerate(toks) if t.text == "SendAsync" and j + 1 < len(toks)
                     and toks[j + 1].text == "("]
            self._sends_plain = bool(sends) and all(
                j >= 2 and toks[j - 1].text == "." and self._dotnet_plain_client(j - 2) for j in sends)
        return [] if self._sends_plain else None

    def _dotnet_plain_client(self, r: int) -> bool:
        toks = self.toks
        if toks[r].kind != "id" or (r >= 1 and toks[r - 1].text == "."):
            return False
        start = self.ev.assigned.get(toks[r].text)
        if start is None or toks[start].text != "new":
            return False
        seq = [t.text for t in toks[start:start + 4]]
        if seq == ["new", "HttpClient", "(", ")"]:
            return True
        return seq[:3] == ["new", "(", ")"] and start >= 3 and toks[start - 3].text == "HttpClient"

    def _php_headers(self) -> list[tuple[str, Any]] | None:
        """One ``curl_init`` handle, every option a ``CURLOPT_…`` constant, the handle passed to
        nothing but ``curl_*`` functions, no auth option and at most one literal
        ``CURLOPT_HTTPHEADER`` array: its lines are every header sent."""
        if self._php_cache is not False:
            self._auth_at = self._php_auth
            return self._php_cache   # type: ignore[return-value]
        self._php_cache = None
        toks = self.toks
        if self.ids() & _PHP_ELSEWHERE:
            return None
        inits = [j for j, t in enumerate(toks) if t.text == "curl_init"]
        if len(inits) != 1 or inits[0] < 2 or toks[inits[0] - 1].text != "=" or toks[inits[0] - 2].kind != "id":
            return None
        handle = toks[inits[0] - 2].text
        header_at: list[int] = []
        for j, t in enumerate(toks):
            if t.kind != "id":
                continue
            if t.text == handle and j != inits[0] - 2 and not (
                    j >= 2 and toks[j - 1].text == "(" and toks[j - 2].text.startswith("curl_")):
                return None   # the handle goes somewhere msv does not follow
            if t.text == "curl_setopt" and j + 1 < len(toks) and toks[j + 1].text == "(":
                args = split_args(toks, j + 1)
                if len(args) != 3 or args[1][1] - args[1][0] != 1 or not toks[args[1][0]].text.startswith("CURLOPT_"):
                    return None
                if toks[args[1][0]].text == "CURLOPT_HTTPHEADER":
                    header_at.append(args[2][0])
            elif t.text == "curl_setopt_array" and j + 1 < len(toks) and toks[j + 1].text == "(":
                args = split_args(toks, j + 1)
                if len(args) != 2:
                    return None
                a = args[1][0]
                open_i = a + 1 if toks[a].text == "array" else a
                if toks[open_i].text not in ("[", "("):
                    return None
                for x, y in split_args(toks, open_i):
                    if y - x < 3 or toks[x + 1].text != "=>" or not toks[x].text.startswith("CURLOPT_"):
                        return None
                    if toks[x].text == "CURLOPT_HTTPHEADER":
                        header_at.append(x + 2)
        if len(header_at) > 1:
            return None
        out: list[tuple[str, Any]] = []
        for at in header_at:
            open_i = at + 1 if toks[at].text == "array" else at
            if toks[open_i].text not in ("[", "("):
                return None
            for x, _y in split_args(toks, open_i):
                lines = _header_line(self.ev.value(x))
                if not lines:
                    return None
                if any(n.lower() == "authorization" for n, _v in lines):
                    self._php_auth = self.ev.loc(toks[x])
                out.extend(lines)
        self._php_cache = out
        self._auth_at = self._php_auth
        return out

    def raw_requests(self) -> None:
        toks = self.toks
        self._headers = self.headers()
        bodies = self._bodies()
        for k, tok in enumerate(toks):
            nxt = toks[k + 1].text if k + 1 < len(toks) else ""
            if tok.kind != "id" or nxt != "(":
                continue
            name = tok.text
            owner = toks[k - 2].text if k >= 2 and toks[k - 1].text in (".", "::", "->") else ""
            if name in ("NewRequest", "NewRequestWithContext") and owner == "http":
                args = split_args(toks, k + 1)
                n = 2 if name == "NewRequestWithContext" else 1
                if len(args) > n:
                    body = self.ev.value(args[n + 1][0]) if len(args) > n + 1 else None
                    self.request("http.NewRequest", self.ev.value(args[n][0]), tok, body or bodies,
                                 self._go_headers(k, post=False) if self.lang == "go" else None)
            elif name == "Post" and owner == "http":
                self.request("http.Post", self.arg(k + 1), tok, bodies,
                             self._go_headers(k, post=True) if self.lang == "go" else None)
            elif name in ("PostAsync", "PostAsJsonAsync", "SendAsync", "PutAsync"):
                url = self.arg(k + 1)
                body = self.arg(k + 1, 1)
                if name == "PostAsJsonAsync":
                    body = body if isinstance(body, dict) else bodies
                self.request(f"HttpClient.{name}", url, tok, body if isinstance(body, (dict, Value)) else bodies,
                             self._dotnet_headers(k, message=False) if self.lang == "csharp" else None)
            elif name == "HttpRequestMessage":
                self.request("HttpRequestMessage", self.arg(k + 1, 1), tok, bodies,
                             self._dotnet_headers(k, message=True) if self.lang == "csharp" else None)
            elif name == "curl_init" and self.lang == "php":
                url = self.arg(k + 1)
                if isinstance(url, Value) and url.value is not None:
                    self.request("curl_init", url, tok, bodies, self._php_headers())
            elif name == "curl_setopt" and self.lang == "php":
                args = split_args(toks, k + 1)
                if len(args) >= 3 and toks[args[1][0]].text == "CURLOPT_URL":
                    self.request("curl_setopt CURLOPT_URL", self.ev.value(args[2][0]), tok, bodies, self._php_headers())
            elif name in ("uri", "url") and k >= 1 and toks[k - 1].text == "." and self.lang in ("java", "kotlin"):
                whole = self._java_headers(k) if name == "uri" and self.lang in ("java", "kotlin") else None
                self.request("HttpRequest" if name == "uri" else "OkHttp Request", self.arg(k + 1), tok, bodies, whole)
            elif name in ("post", "Post") and self.lang == "rust" and k >= 1 and toks[k - 1].text == ".":
                self.request("reqwest", self.arg(k + 1), tok, bodies)

    def script_requests(self) -> None:
        """Python ``requests`` / ``httpx`` / ``aiohttp`` and JS ``fetch`` / ``axios`` calls whose URL is
        a literal: ``requests.post(url, headers={…}, json={…})``, ``fetch(url, {headers, body:
        JSON.stringify(data)})``, ``axios.post(url, data, {headers})``."""
        toks = self.toks
        for k, tok in enumerate(toks):
            if tok.kind != "id" or k + 1 >= len(toks) or toks[k + 1].text != "(":
                continue
            name = tok.text
            dotted = k >= 1 and toks[k - 1].text == "."
            owner = toks[k - 2].text if dotted and k >= 2 else ""
            if name in ("post", "put", "request", "stream") and dotted:
                n = 1 if name in ("request", "stream") else 0
                url = self.arg(k + 1, n) if self.lang == "js" else self._py_arg(k + 1, "url", n)
                if not (isinstance(url, Value) and is_request_url(url.text)):
                    continue
                whole = None
                if self.lang == "python":
                    headers = self._py_arg(k + 1, "headers", None)
                    body = self._py_arg(k + 1, "json", None)
                    if body is None:
                        body = self._py_arg(k + 1, "data", None)
                    if owner in ("requests", "httpx") and k >= 3 and toks[k - 3].text != "." \
                            and self.name_counts().get(owner, (0, 0))[0] == 0:   # not rebound to a session
                        whole = self._py_headers(k + 1)   # module functions: no session defaults
                else:   # axios.post(url, data, config): axios.defaults / interceptors may add headers
                    body, config = self.arg(k + 1, 1), self.arg(k + 1, 2)
                    headers = config.get("headers") if isinstance(config, dict) else None
                self.script_request(f"{owner}.{name}" if owner else name, url, tok, headers, body, whole)
            elif name == "fetch" and self.lang == "js" and not dotted:
                url, init = self.arg(k + 1), self.arg(k + 1, 1)
                init = init if isinstance(init, dict) else {}
                self.script_request("fetch", url, tok, init.get("headers"), init.get("body"), self._fetch_headers(k))
            elif name == "axios" and self.lang == "js" and not dotted:
                cfg = self.arg(k + 1)
                if isinstance(cfg, dict):
                    self.script_request("axios", cfg.get("url"), tok, cfg.get("headers"), cfg.get("data"))

    def _py_arg(self, open_i: int, name: str, n: int | None) -> Any:
        for a, _b in split_args(self.toks, open_i):
            if self.toks[a].text == name and a + 1 < len(self.toks) and self.toks[a + 1].text == "=":
                return self.ev.value(a + 2)
        if n is None:
            return None
        args = [(a, b) for a, b in split_args(self.toks, open_i)
                if not (a + 1 < len(self.toks) and self.toks[a].kind == "id" and self.toks[a + 1].text == "=")]
        return self.ev.value(args[n][0]) if len(args) > n else None

    def script_request(self, tool: str, url: Any, tok: Tok, headers: Any, body: Any,
                       whole: list[tuple[str, Any]] | None = None) -> None:
        """``whole``: every header the call sends, when msv sees them all (else None)."""
        if not isinstance(url, Value) or not is_request_url(url.text):
            return
        pairs = [(k, v) for k, v in headers.items()] if isinstance(headers, dict) else []
        if isinstance(body, Value):
            body = json_body(body, self.doc)
        self.requests.append(request_target(self.doc, url=url, tool=tool, origin=self.ev.loc(tok),
                                            headers=pairs if whole is None else whole,
                                            body=body if isinstance(body, dict) else None, complete=whole is not None,
                                            auth_at=self._auth_at))
        self._auth_at = None

    # ------------------------------------------------------------------ every header, or None

    def _items(self, open_i: int) -> dict[str, int] | None:
        """``{key: value, …}`` at ``open_i`` as key -> first token of the value, when every item is
        a literal key with its value (JS shorthand ``{ headers }`` too); None for a spread
        (``...h``, ``**h``), a computed key, a Python name as key, or anything else."""
        toks = self.toks
        if open_i >= len(toks) or toks[open_i].text != "{":
            return None
        out: dict[str, int] = {}
        for a, b in split_args(toks, open_i):
            t = toks[a]
            if b - a >= 3 and toks[a + 1].text == ":" and (t.kind == "str" or (t.kind == "id" and self.lang != "python")):
                if t.kind == "str" and t.value is None:
                    return None   # an interpolated key
                out[(t.value if t.kind == "str" else t.text) or ""] = a + 2
            elif b - a == 1 and t.kind == "id" and self.lang == "js":
                out[t.text] = a   # { headers }: the name's value
            else:
                return None
        return out

    def _literal_object(self, i: int) -> int | None:
        """The ``{`` of the object literal the expression at ``i`` is: written there, or a name
        assigned that literal once and used only here (never changed: no ``h["k"] = …``)."""
        toks = self.toks
        if i >= len(toks):
            return None
        if toks[i].text == "{":
            return i if self._items(i) is not None else None
        if toks[i].kind != "id" or (i + 1 < len(toks) and toks[i + 1].text not in (",", ")", "}")):
            return None
        name = toks[i].text
        start = self.ev.assigned.get(name)
        if start is None or toks[start].text != "{" or self._items(start) is None:
            return None
        return start if self.name_counts().get(name) == (1, 1) else None

    def name_counts(self) -> dict[str, tuple[int, int]]:
        """name -> (assignments, other uses) over the whole file, counted once (a keyword
        argument's name ``headers=`` and an object key ``headers:`` are neither)."""
        if self._counts is None:
            toks, counts = self.toks, {}
            for j, t in enumerate(toks):
                if t.kind != "id" or (j >= 1 and toks[j - 1].text == "."):
                    continue
                nxt = toks[j + 1].text if j + 1 < len(toks) else ""
                a, u = counts.get(t.text, (0, 0))
                if nxt in ("=", ":="):
                    if j >= 1 and toks[j - 1].text in ("(", ","):
                        continue   # a keyword argument's name: headers=headers
                    a += 1
                elif nxt == ":" and self.lang == "js":
                    continue       # an object key: { headers: headers }
                else:
                    u += 1
                counts[t.text] = (a, u)
            self._counts = counts
        return self._counts

    def _pairs_of(self, open_i: int) -> list[tuple[str, Any]]:
        items = self._items(open_i) or {}
        for k, v in items.items():
            if k.lower() == "authorization":
                self._mark_auth(v - 2 if v >= 2 and self.toks[v - 1].text == ":" else v)
        return [(k, self.ev.value(v)) for k, v in items.items()]

    def _mark_auth(self, i: int) -> None:
        """The ``Authorization`` header of the request being read is written at token ``i``
        (its value may be a name defined lines away: findings point here)."""
        self._auth_at = self.ev.loc(self.toks[i])

    def _py_headers(self, open_i: int) -> list[tuple[str, Any]] | None:
        """Every header of ``requests.post(…)`` / ``httpx.post(…)``, or None: ``**kwargs``,
        ``auth=`` or headers msv cannot follow."""
        toks = self.toks
        headers_at = None
        for a, _b in split_args(toks, open_i):
            if toks[a].text == "*":
                return None
            if toks[a].kind == "id" and a + 1 < len(toks) and toks[a + 1].text == "=":
                if toks[a].text in ("auth", "cookies"):
                    return None
                if toks[a].text == "headers":
                    headers_at = a + 2
        if headers_at is None:
            return []
        obj = self._literal_object(headers_at)
        return None if obj is None else self._pairs_of(obj)

    def _imported_wrapper(self, j: int) -> bool:
        """``import fetch from "./authFetch"``: a ``fetch`` from a module that is not a plain fetch."""
        toks = self.toks
        for k in range(j + 1, min(j + 12, len(toks) - 1)):
            if toks[k].text in (";", "(", "=", "fetch"):
                return False
            if toks[k].text == "from":
                module = toks[k + 1].value if toks[k + 1].kind == "str" else None
                return module not in _PLAIN_FETCH
        return False

    def _fetch_headers(self, k: int) -> list[tuple[str, Any]] | None:
        """Every header of ``fetch(url[, init])``, or None (an init or headers msv cannot
        follow, a ``fetch`` this file defines or wraps)."""
        toks = self.toks
        if self._fetch_redefined is None:
            self._fetch_redefined = any(
                t.text == "fetch" and t.kind == "id" and (
                    (j >= 1 and toks[j - 1].text in ("function", "const", "let", "var", "=", "(", ","))
                    or (j + 1 < len(toks) and toks[j + 1].text in ("=", ":")) or self._imported_wrapper(j))
                for j, t in enumerate(toks))
        if self._fetch_redefined:
            return None
        args = split_args(toks, k + 1)
        if len(args) == 1:
            return []
        if len(args) != 2:
            return None
        init = self._literal_object(args[1][0])
        items = self._items(init) if init is not None else None
        if items is None:
            return None
        if "headers" not in items:
            return []
        obj = self._literal_object(items["headers"])
        return None if obj is None else self._pairs_of(obj)

    def _bodies(self) -> Any:
        """The request body of the file, when it is a literal: PHP ``CURLOPT_POSTFIELDS``, Java
        ``BodyPublishers.ofString``, OkHttp ``RequestBody.create``, C# ``StringContent``."""
        toks = self.toks
        for k, tok in enumerate(toks):
            if tok.text == "CURLOPT_POSTFIELDS" and k + 2 < len(toks):
                return self._as_body(self.ev.value(k + 2))
            if tok.text in ("ofString", "StringContent", "create", "toRequestBody", "NewBuffer", "NewReader",
                            "NewBufferString") and k + 1 < len(toks) and toks[k + 1].text == "(":
                if tok.text == "create" and not (k >= 2 and toks[k - 2].text == "RequestBody"):
                    continue
                for a, _b in split_args(toks, k + 1):
                    v = self._as_body(self.ev.value(a))
                    if isinstance(v, dict):
                        return v
        return None

    def _as_body(self, v: Any) -> Any:
        if isinstance(v, Value):
            return json_body(v, self.doc)
        return v if isinstance(v, dict) else None

    # ------------------------------------------------------------------ the walk

    def run(self) -> list[Target]:
        toks = self.toks
        for i, t in enumerate(toks):
            if t.kind != "id" or len(self.clients) >= _MAX_CLIENTS:
                continue
            name = t.text
            if name in _SDK_BUILDERS:
                self.sdk_builder(i, t)
            elif name in _PARAM_BUILDERS:
                self.param_builder(i, t)
            elif name == "Generation" and self.lang in ("java", "kotlin"):
                self.generation(i, t)
            elif name == "Constants" and self.lang in ("java", "kotlin"):
                self.constants(i, t)
            elif name in ("NewClient", "NewClientWithConfig") and self.lang == "go":
                self.go_client(i, t)
            elif name in _GO_PARAMS and self.lang == "go" and i >= 1 and toks[i - 1].text == ".":
                self.go_params(i, t)
            elif name == "OpenAIClientOptions" and self.lang == "csharp":
                self.dotnet_options(i, t)
            elif name == "OpenAI" and self.lang == "php":
                self.php_client(i, t)
        self.raw_requests()
        features = [vk.literal("batch-inference", self.ev.loc(t), t.text) for k, t in enumerate(toks)
                    if t.text in ("batches", "Batches", "GetBatchClient", "BatchClient")
                    and k >= 1 and toks[k - 1].text in (".", "->", "new")]
        out: list[Target] = []
        for c in self.clients:
            for protocol, models, params in self.params:
                if protocol == c.ctor.protocol or len(self.clients) == 1:
                    c.models.extend(m for m in models if m not in c.models)
                    for k, v in params.items():
                        c.parameters.setdefault(k, v)
            target = to_target(self.doc, c, key_variable=c.key_variable)
            if c.ctor.protocol == "openai":
                target.features.extend(features)   # client.batches().create(…): Batch inference
            out.append(target)
        out.extend(self.requests)
        return out


def _header_line(item: Any) -> list[tuple[str, Any]]:
    """``'Authorization: Bearer ' . $apiKey`` / ``"x-api-key: $k"``: (name, value) of one header line."""
    if isinstance(item, Value) and isinstance(item.value, str) and ":" in item.value:
        name, _, value = item.value.partition(":")
        return [(name.strip(), vk.literal(value.strip(), item.loc, item.raw))]
    if isinstance(item, Concat) and item.parts and isinstance(item.parts[0], Value) \
            and isinstance(item.parts[0].value, str) and ":" in item.parts[0].value:
        name, _, value = item.parts[0].value.partition(":")
        rest = ([vk.literal(value.strip(), item.parts[0].loc, None)] if value.strip() else []) + item.parts[1:]
        return [(name.strip(), Concat(rest) if len(rest) != 1 else rest[0])]
    return []


def script_requests(doc: Document, lang: str) -> list[Target]:
    """The raw HTTP requests of a Python (``lang="python"``) or JS/TS (``"js"``) file; the SDK
    clients of those files are the Python and JS readers' (:mod:`.pyast`, :mod:`.jslex`)."""
    toks = tokenize(doc.text, lang)
    f = _File(doc, lang, toks)
    f.script_requests()
    return f.requests


_LANGUAGES = {"java": "Java", "kotlin": "Kotlin", "go": "Go", "csharp": "C#", "php": "PHP", "rust": "Rust"}


def read(doc: Document, lang: str | None = None) -> ReadResult:
    """Targets of one source file (``lang`` from the file name when not given)."""
    lang = lang or language_of(doc.suffix) or "java"
    trouble: list[tuple[int, str]] = []
    toks = tokenize(doc.text, lang, trouble)
    result = ReadResult()
    if len(toks) > MAX_TOKENS:
        result.problems.append(Problem("file-too-large", f"more than {MAX_TOKENS:,} tokens: msv read only the "
                                       "first part of this file for SDK clients and requests", doc.loc(1, 1)))
    elif trouble:
        from validator.model import Severity

        offset, what = trouble[0]
        result.problems.append(Problem(
            "parse-error", f"msv cannot read this {_LANGUAGES.get(lang, lang)} file to the end: {what}; SDK clients "
            "and requests after it may be missed (URLs and keys in the file were still checked)",
            doc.loc_at(offset, 1), Severity.INFO))
    result.targets.extend(_File(doc, lang, toks).run())
    return result

