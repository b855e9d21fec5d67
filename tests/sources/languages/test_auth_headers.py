"""A raw HTTP request to Model Studio without its key: ``missing-key`` when it sends no auth header
at all, ``malformed-key`` when ``Authorization`` holds the key without ``Bearer``.

Only where msv sees the whole request (a command line, an ``.http`` block, a literal headers object
in the same call, a request no session or handler can add to): each form has its positive case and
the look-alikes where the header may come from elsewhere, which must stay silent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.api import run_check

AUTH_RULES = {"missing-key", "malformed-key"}
CHAT = "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"
MODELS = "https://dashscope.aliyuncs.com/compatible-mode/v1/models"
MESSAGES = "https://dashscope.aliyuncs.com/apps/anthropic/v1/messages"
BODY = '{"model": "qwen-plus", "messages": [{"role": "user", "content": "hi"}]}'
MK, BAD = "missing-key", "malformed-key"

# (id, file, text, {(rule, line, column)})
CASES: list[tuple[str, str, str, set[tuple[str, int, int]]]] = [
    # ---------------------------------------------------------------- curl
    ("curl-none", "call.sh", f"#!/bin/sh\ncurl -X POST {CHAT} \\\n  -H 'Content-Type: application/json' \\\n"
                             f"  -d '{BODY}'\n", {(MK, 2, 14)}),
    ("curl-get-none", "call.sh", f"curl -s {MODELS}\n", {(MK, 1, 9)}),
    ("curl-bearer", "call.sh", f'curl {CHAT} -H "Authorization: Bearer $DASHSCOPE_API_KEY" -d \'{BODY}\'\n', set()),
    ("curl-bare-key-var", "call.sh", f'curl {MODELS} -H "Authorization: $DASHSCOPE_API_KEY"\n', {(BAD, 1, 82)}),
    ("curl-bare-key-native", "call.sh",
     'curl https://dashscope.aliyuncs.com/api/v1/services/aigc/text-generation/generation '
     f'-H "Authorization: $DASHSCOPE_API_KEY" -d \'{BODY}\'\n', set()),   # reported to work there
    ("curl-token-scheme", "call.sh", f'curl {MODELS} \\\n  -H "Authorization: Token $DASHSCOPE_API_KEY"\n',
     {(BAD, 2, 22)}),
    ("curl-oauth2-bearer", "call.sh", f"curl {MODELS} --oauth2-bearer \"$DASHSCOPE_API_KEY\"\n", set()),
    ("curl-header-file", "call.sh", f"curl {CHAT} -H @headers.txt -d '{BODY}'\n", set()),
    ("curl-config", "call.sh", f"curl --config auth.cfg {CHAT} -d '{BODY}'\n", set()),
    ("curl-K", "call.sh", f"curl -K auth.cfg {CHAT}\n", set()),
    ("curl-netrc", "call.sh", f"curl --netrc {MODELS}\n", set()),
    ("curl-n-cluster", "call.sh", f"curl -sSn {MODELS}\n", set()),
    ("curl-user", "call.sh", f"curl -u me:secret {MODELS}\n", set()),
    ("curl-opts-variable", "call.sh", f"curl $CURL_OPTS {MODELS}\n", set()),
    ("curl-headers-array", "call.sh", f'curl "${{HEADERS[@]}}" {MODELS}\n', set()),
    ("curl-header-variable", "call.sh", f'curl -H "$AUTH_HEADER" {MODELS}\n', set()),
    ("curl-in-echo", "call.sh", f'echo "curl {MODELS}"\n', set()),
    ("curl-in-comment", "call.sh", f'# try: curl {MODELS}\nexit 0\n', set()),
    ("curl-after-rem", "call.cmd", f'REM curl {MODELS}\n', set()),
    ("curl-redirect-first", "call.sh", f'curl {MODELS} > out.json -H "Authorization: Bearer $K"\n', set()),
    ("curl-cmd-caret", "call.cmd", f'curl {MODELS} ^\n  -H "Authorization: Bearer %DASHSCOPE_API_KEY%"\n', set()),
    ("curl-powershell-alias", "call.ps1", f'curl -Uri {MODELS} -Headers @{{Authorization = "Bearer $env:K"}}\n', set()),
    ("curl-powershell-params", ".github/workflows/ps.yml",
     f"on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - shell: pwsh\n"
     f"        run: curl -Method Get {MODELS} -Headers $h\n", set()),
    ("curl-other-provider", "call.sh", "curl https://api.openai.com/v1/models\n", set()),
    # plain http: an egress sidecar adds the key on its way out (a service-mesh AI proxy's test script)
    ("curl-plain-http-mesh", "test.sh", "curl -v --location 'http://dashscope.aliyuncs.com/compatible-mode/v1/chat/"
                                        "completions' --header 'Content-Type: application/json' --data '{}'\n", set()),
    ("curl-anthropic-none", "call.sh", f"curl {MESSAGES} -H 'anthropic-version: 2023-06-01' -d '{BODY}'\n",
     {(MK, 1, 6)}),
    ("curl-anthropic-x-api-key", "call.sh",
     f"curl {MESSAGES} -H \"x-api-key: $DASHSCOPE_API_KEY\" -H 'anthropic-version: 2023-06-01'\n", set()),
    # ---------------------------------------------------------------- wget, HTTPie
    ("wget-none", "call.sh", f"wget --header='Content-Type: application/json' --post-data='{BODY}' {CHAT}\n",
     {(MK, 1, 134)}),
    ("wget-bearer", "call.sh", f'wget --header="Authorization: Bearer $K" {MODELS}\n', set()),
    ("wget-execute", "call.sh", f"wget -e use_proxy=yes {MODELS}\n", set()),
    ("httpie-none", "call.sh", f"http POST {CHAT} model=qwen-plus\n", {(MK, 1, 11)}),
    ("httpie-bearer", "call.sh", f'http POST {CHAT} Authorization:"Bearer $DASHSCOPE_API_KEY" model=qwen-plus\n',
     set()),
    ("httpie-session", "call.sh", f"http --session=ms POST {CHAT} model=qwen-plus\n", set()),
    ("httpie-auth", "call.sh", f"http -A bearer -a \"$DASHSCOPE_API_KEY\" POST {CHAT} model=qwen-plus\n", set()),
    # ---------------------------------------------------------------- Makefile, Dockerfile, CI, Markdown
    ("makefile-none", "Makefile", f"smoke:\n\tcurl -sf {MODELS}\n", {(MK, 2, 11)}),
    ("dockerfile-none", "Dockerfile", f"FROM alpine\nHEALTHCHECK CMD curl -f {MODELS} || exit 1\n",
     {(MK, 2, 25)}),
    ("actions-none", ".github/workflows/smoke.yml",
     f"on: push\njobs:\n  smoke:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -sf {MODELS}\n",
     {(MK, 6, 23)}),
    # documentation is a template (only the rules that judge templates run): a snippet may leave the key out
    ("markdown-none", "README.md", f"# Try it\n\n```bash\ncurl {CHAT} \\\n  -d '{BODY}'\n```\n", set()),
    ("markdown-bearer", "README.md",
     f"# Try it\n\n```bash\ncurl {CHAT} \\\n  -H \"Authorization: Bearer $DASHSCOPE_API_KEY\" \\\n  -d '{BODY}'\n```\n",
     set()),
    # ---------------------------------------------------------------- .http / .rest
    ("http-none", "chat.http", f"POST {CHAT}\nContent-Type: application/json\n\n{BODY}\n", {(MK, 1, 6)}),
    ("http-comment-then-auth", "chat.http",
     f"POST {CHAT}\n# the key\nAuthorization: Bearer {{{{key}}}}\n\n{BODY}\n", set()),
    ("http-unknown-line", "chat.rest", f"POST {CHAT}\n{{{{headers}}}}\n\n{BODY}\n", set()),
    ("http-anthropic-x-api-key", "chat.http",
     f"POST {MESSAGES}\nx-api-key: {{{{key}}}}\nanthropic-version: 2023-06-01\n\n{BODY}\n", set()),
    ("http-key-without-bearer", "chat.http",
     f"@api_key = {{{{$dotenv DASHSCOPE_API_KEY}}}}\n\n###\nGET {MODELS}\nAuthorization: {{{{api_key}}}}\n",
     {(BAD, 5, 16)}),
    ("http-second-request", "chat.http",
     f"GET {MODELS}\nAuthorization: Bearer {{{{key}}}}\n\n###\nGET {MODELS}\n", {(MK, 5, 5)}),
    # ---------------------------------------------------------------- Python requests / httpx
    ("requests-none", "call.py", f'import requests\n\nr = requests.post("{CHAT}", json={{"model": "qwen-plus"}})\n',
     {(MK, 3, 14)}),
    ("requests-headers-name", "call.py",
     f'import requests\n\nheaders = {{"Content-Type": "application/json"}}\nr = requests.post("{CHAT}", headers=headers)\n',
     {(MK, 4, 14)}),
    ("requests-headers-changed", "call.py",
     f'import os, requests\n\nheaders = {{"Content-Type": "application/json"}}\n'
     f'headers["Authorization"] = "Bearer " + os.environ["DASHSCOPE_API_KEY"]\n'
     f'r = requests.post("{CHAT}", headers=headers)\n', set()),
    ("requests-bearer", "call.py",
     f'import os, requests\n\nr = requests.post("{CHAT}", headers={{"Authorization": f"Bearer {{os.getenv(\'DASHSCOPE_API_KEY\')}}"}})\n',
     set()),
    ("requests-session", "call.py", f'import requests\n\ns = requests.Session()\nr = s.post("{CHAT}", json={{}})\n', set()),
    ("requests-kwargs", "call.py", f'import requests\n\nr = requests.post("{CHAT}", **opts)\n', set()),
    ("requests-spread", "call.py", f'import requests\n\nr = requests.post("{CHAT}", headers={{**base}})\n', set()),
    ("requests-auth", "call.py", f'import requests\n\nr = requests.post("{CHAT}", auth=BearerAuth())\n', set()),
    ("requests-call-headers", "call.py", f'import requests\n\nr = requests.post("{CHAT}", headers=make())\n', set()),
    ("httpx-key-without-bearer", "call.py",
     f'import os, httpx\n\nkey = os.getenv("DASHSCOPE_API_KEY")\nr = httpx.post("{CHAT}", headers={{"Authorization": key}})\n',
     {(BAD, 4, 95)}),
    # ---------------------------------------------------------------- JS fetch / axios
    ("fetch-no-init", "call.mjs", f'const r = await fetch("{MODELS}");\n', {(MK, 1, 17)}),
    ("fetch-no-auth", "call.mjs",
     f'const r = await fetch("{CHAT}", {{ method: "POST", headers: {{ "Content-Type": "application/json" }}, body: "{{}}" }});\n',
     {(MK, 1, 17)}),
    ("fetch-shorthand-none", "call.mjs",
     f'const headers = {{ "Content-Type": "application/json" }};\nawait fetch("{CHAT}", {{ method: "POST", headers }});\n',
     {(MK, 2, 7)}),
    ("fetch-shorthand-bearer", "call.mjs",
     f'const headers = {{ Authorization: `Bearer ${{process.env.DASHSCOPE_API_KEY}}` }};\n'
     f'await fetch("{CHAT}", {{ method: "POST", headers }});\n', set()),
    ("fetch-spread-init", "call.mjs", f'await fetch("{CHAT}", {{ ...opts, body: "{{}}" }});\n', set()),
    ("fetch-spread-headers", "call.mjs", f'await fetch("{CHAT}", {{ headers: {{ ...auth }} }});\n', set()),
    ("fetch-init-variable", "call.mjs", f'await fetch("{CHAT}", options);\n', set()),
    ("fetch-wrapped", "call.mjs", f'const fetch = withAuth(globalThis.fetch);\nawait fetch("{MODELS}");\n', set()),
    ("fetch-imported-wrapper", "call.mjs", f'import fetch from "./authFetch.js";\nawait fetch("{MODELS}");\n', set()),
    ("fetch-node-fetch", "call.mjs", f'import fetch from "node-fetch";\nawait fetch("{MODELS}");\n', {(MK, 2, 7)}),
    ("requests-rebound", "call.py", f'import requests\n\nrequests = make_session()\nr = requests.post("{CHAT}")\n', set()),
    ("fetch-parameter", "call.mjs", f'export async function list(fetch) {{\n  return fetch("{MODELS}");\n}}\n', set()),
    ("fetch-key-without-bearer", "call.mjs",
     f'await fetch("{MODELS}", {{ headers: {{ Authorization: process.env.DASHSCOPE_API_KEY }} }});\n', {(BAD, 1, 86)}),
    ("axios-defaults", "call.mjs", f'import axios from "axios";\nawait axios.post("{CHAT}", {{ model: "qwen-plus" }});\n',
     set()),
    # ---------------------------------------------------------------- Java / Kotlin java.net.http, OkHttp
    ("java-none", "Main.java",
     'class Main {\n  void f() throws Exception {\n    HttpRequest request = HttpRequest.newBuilder()\n'
     f'        .uri(URI.create("{CHAT}"))\n        .header("Content-Type", "application/json")\n'
     '        .POST(HttpRequest.BodyPublishers.ofString(body))\n        .build();\n  }\n}\n', {(MK, 4, 10)}),
    ("java-bearer", "Main.java",
     'class Main {\n  void f() throws Exception {\n    HttpRequest request = HttpRequest.newBuilder()\n'
     f'        .uri(URI.create("{CHAT}"))\n        .header("Authorization", "Bearer " + apiKey)\n'
     '        .build();\n  }\n}\n', set()),
    ("java-key-without-bearer", "Main.java",
     'class Main {\n  void f() throws Exception {\n    String apiKey = System.getenv("DASHSCOPE_API_KEY");\n'
     f'    HttpRequest request = HttpRequest.newBuilder().uri(URI.create("{MODELS}"))\n'
     '        .header("Authorization", apiKey).GET().build();\n  }\n}\n', {(BAD, 5, 17)}),
    ("java-builder-variable", "Main.java",
     'class Main {\n  void f() {\n    HttpRequest.Builder b = HttpRequest.newBuilder();\n'
     f'    b.uri(URI.create("{CHAT}"));\n    auth(b);\n  }}\n}}\n', set()),
    ("java-unbuilt", "Main.java",
     f'class Main {{\n  HttpRequest.Builder f() {{\n    return HttpRequest.newBuilder().uri(URI.create("{CHAT}"));\n  }}\n}}\n',
     set()),
    ("okhttp-interceptors", "Main.java",
     f'class Main {{\n  void f() {{\n    Request r = new Request.Builder().url("{CHAT}").post(body).build();\n  }}\n}}\n',
     set()),
    ("kotlin-none", "Main.kt",
     f'fun main() {{\n    val request = HttpRequest.newBuilder()\n        .uri(URI.create("{MODELS}"))\n        .GET()\n'
     '        .build()\n}\n', {(MK, 3, 10)}),
    # ---------------------------------------------------------------- Go net/http
    ("go-post", "main.go",
     f'package main\n\nimport "net/http"\n\nfunc main() {{\n\tresp, err := http.Post("{CHAT}", "application/json", body)\n'
     '\t_, _ = resp, err\n}\n', {(MK, 6, 20)}),
    ("go-newrequest-none", "main.go",
     f'package main\n\nimport "net/http"\n\nfunc main() {{\n\treq, err := http.NewRequest("POST", "{CHAT}", body)\n'
     '\tclient := &http.Client{}\n\tresp, err := client.Do(req)\n\t_, _ = resp, err\n}\n', {(MK, 6, 19)}),
    ("go-newrequest-header", "main.go",
     f'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() {{\n\treq, _ := http.NewRequest("POST", "{CHAT}", body)\n'
     '\treq.Header.Set("Authorization", "Bearer "+os.Getenv("DASHSCOPE_API_KEY"))\n'
     '\tresp, _ := http.DefaultClient.Do(req)\n\t_ = resp\n}\n', set()),
    ("go-transport", "main.go",
     f'package main\n\nimport "net/http"\n\nfunc main() {{\n\treq, _ := http.NewRequest("GET", "{MODELS}", nil)\n'
     '\tclient := &http.Client{Transport: authTransport{}}\n\tresp, _ := client.Do(req)\n\t_ = resp\n}\n', set()),
    ("go-helper", "main.go",
     f'package main\n\nimport "net/http"\n\nfunc main() {{\n\treq, _ := http.NewRequest("GET", "{MODELS}", nil)\n'
     '\tresp, _ := send(req)\n\t_ = resp\n}\n', set()),
    # ---------------------------------------------------------------- C# HttpClient
    ("csharp-none", "Program.cs",
     'class P {\n  static async Task Main() {\n    using var client = new HttpClient();\n'
     f'    var resp = await client.PostAsync("{CHAT}", content);\n  }}\n}}\n', {(MK, 4, 29)}),
    ("csharp-default-headers", "Program.cs",
     'class P {\n  static async Task Main() {\n    using var client = new HttpClient();\n'
     '    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);\n'
     f'    var resp = await client.PostAsync("{CHAT}", content);\n  }}\n}}\n', set()),
    ("csharp-injected", "Program.cs",
     'class Api {\n  private readonly HttpClient client;\n  public Api(HttpClient client) { this.client = client; }\n'
     f'  public Task<HttpResponseMessage> Go() => client.PostAsync("{CHAT}", content);\n}}\n', set()),
    # ---------------------------------------------------------------- PHP curl
    ("php-none", "call.php",
     f"<?php\n$ch = curl_init();\ncurl_setopt($ch, CURLOPT_URL, '{CHAT}');\n"
     "curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json']);\n$r = curl_exec($ch);\n",
     {(MK, 3, 1)}),
    ("php-bearer", "call.php",
     f"<?php\n$apiKey = getenv('DASHSCOPE_API_KEY');\n$ch = curl_init();\ncurl_setopt($ch, CURLOPT_URL, '{CHAT}');\n"
     "curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json', 'Authorization: Bearer ' . $apiKey]);\n"
     "$r = curl_exec($ch);\n", set()),
    ("php-key-without-bearer", "call.php",
     f"<?php\n$apiKey = getenv('DASHSCOPE_API_KEY');\n$ch = curl_init('{CHAT}');\n"
     "curl_setopt($ch, CURLOPT_HTTPHEADER, ['Authorization: ' . $apiKey]);\n$r = curl_exec($ch);\n",
     {(BAD, 4, 39)}),
    ("php-options-variable", "call.php",
     f"<?php\n$ch = curl_init('{CHAT}');\ncurl_setopt_array($ch, $options);\n$r = curl_exec($ch);\n", set()),
    ("php-handle-passed", "call.php",
     f"<?php\n$ch = curl_init('{CHAT}');\nadd_auth($ch);\n$r = curl_exec($ch);\n", set()),
    # ---------------------------------------------------------------- Rust: a client's default headers are never seen
    ("rust-reqwest", "main.rs",
     f'fn main() {{\n    let r = client.post("{CHAT}").json(&body).send();\n}}\n', set()),
]


@pytest.mark.parametrize("name, path, text, expected", CASES, ids=[c[0] for c in CASES])
def test_auth_header_of_a_raw_request(tmp_path: Path, name: str, path: str, text: str,
                                      expected: set[tuple[str, int, int]]) -> None:
    dest = tmp_path / path
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    report = run_check([str(tmp_path)], isolated=True)
    found = {(f.rule, f.loc.line, f.loc.column) for f in report.findings if f.rule in AUTH_RULES}
    assert found == expected, [(f.rule, str(f.loc), f.message) for f in report.findings]
    for f in report.findings:
        if f.rule in AUTH_RULES:
            assert "401" in f.message and "$DASHSCOPE_API_KEY" not in f.message
            bare = "without the `Bearer ` scheme" in f.message
            assert f.severity.name == ("WARNING" if bare else "ERROR"), (f.severity, f.message)


def test_every_request_form_has_a_positive_and_a_silent_case() -> None:
    by_form: dict[str, set[bool]] = {}
    for _n, path, _t, expected in CASES:
        by_form.setdefault(Path(path).suffix or Path(path).name, set()).add(bool(expected))
    # never judged: reqwest clients (default headers), cmd ^ continuations, documentation (a template)
    assert {k for k, v in by_form.items() if v == {False}} == {".rs", ".cmd", ".md", ".rest", ".ps1"}
    assert {k for k, v in by_form.items() if v == {True, False}} >= {".sh", ".http", ".py", ".mjs", ".java", ".go",
                                                                    ".cs", ".php"}
