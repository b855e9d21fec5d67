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

from validator.model import Target, Value

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

    def request(self, tool: str, url: Any, origin: Tok, body: Any = None) -> None:
        if not isinstance(url, Value) or not is_request_url(url.text):
            return
        if isinstance(body, Value):
            body = json_body(body, self.doc)
        self.requests.append(request_target(self.doc, url=url, tool=tool, origin=self.ev.loc(origin),
                                            headers=self._headers, body=body))

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
                    self.request("http.NewRequest", self.ev.value(args[n][0]), tok, body or bodies)
            elif name == "Post" and owner == "http":
                self.request("http.Post", self.arg(k + 1), tok, bodies)
            elif name in ("PostAsync", "PostAsJsonAsync", "SendAsync", "PutAsync"):
                url = self.arg(k + 1)
                body = self.arg(k + 1, 1)
                if name == "PostAsJsonAsync":
                    body = body if isinstance(body, dict) else bodies
                self.request(f"HttpClient.{name}", url, tok, body if isinstance(body, (dict, Value)) else bodies)
            elif name == "HttpRequestMessage":
                self.request("HttpRequestMessage", self.arg(k + 1, 1), tok, bodies)
            elif name == "curl_init" and self.lang == "php":
                url = self.arg(k + 1)
                if isinstance(url, Value) and url.value is not None:
                    self.request("curl_init", url, tok, bodies)
            elif name == "curl_setopt" and self.lang == "php":
                args = split_args(toks, k + 1)
                if len(args) >= 3 and toks[args[1][0]].text == "CURLOPT_URL":
                    self.request("curl_setopt CURLOPT_URL", self.ev.value(args[2][0]), tok, bodies)
            elif name in ("uri", "url") and owner == "" and k >= 1 and toks[k - 1].text == ".":
                self.request("HttpRequest" if name == "uri" else "OkHttp Request", self.arg(k + 1), tok, bodies)
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
                if self.lang == "python":
                    headers = self._py_arg(k + 1, "headers", None)
                    body = self._py_arg(k + 1, "json", None)
                    if body is None:
                        body = self._py_arg(k + 1, "data", None)
                else:   # axios.post(url, data, config)
                    body, config = self.arg(k + 1, 1), self.arg(k + 1, 2)
                    headers = config.get("headers") if isinstance(config, dict) else None
                self.script_request(f"{owner}.{name}" if owner else name, url, tok, headers, body)
            elif name == "fetch" and self.lang == "js" and not dotted:
                url, init = self.arg(k + 1), self.arg(k + 1, 1)
                init = init if isinstance(init, dict) else {}
                self.script_request("fetch", url, tok, init.get("headers"), init.get("body"))
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

    def script_request(self, tool: str, url: Any, tok: Tok, headers: Any, body: Any) -> None:
        if not isinstance(url, Value) or not is_request_url(url.text):
            return
        pairs = [(k, v) for k, v in headers.items()] if isinstance(headers, dict) else []
        if isinstance(body, Value):
            body = json_body(body, self.doc)
        self.requests.append(request_target(self.doc, url=url, tool=tool, origin=self.ev.loc(tok),
                                            headers=pairs, body=body if isinstance(body, dict) else None))

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


def read(doc: Document, lang: str | None = None) -> ReadResult:
    """Targets of one source file (``lang`` from the file name when not given)."""
    lang = lang or language_of(doc.path.suffix) or "java"
    toks = tokenize(doc.text, lang)
    result = ReadResult()
    if len(toks) > MAX_TOKENS:
        result.problems.append(Problem("file-too-large", f"more than {MAX_TOKENS:,} tokens: msv read only the "
                                       "first part of this file for SDK clients and requests", doc.loc(1, 1)))
    result.targets.extend(_File(doc, lang, toks).run())
    return result

