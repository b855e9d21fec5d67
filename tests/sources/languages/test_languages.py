"""The seeds' code samples in every language they show (Java, Go, C#, PHP, curl) plus Kotlin,
Rust, Spring AI, LangChain4j, .http files, Makefiles, Dockerfiles and CI steps: each clean
sample is a target with the right client and gives at most the info ``shared-endpoint``;
each mutated copy (one typical mistake) gives exactly that rule at the mistake's line and column.

The samples live in ``samples/`` (the seed texts, cut at their language headings); mutations are
applied here so every copy differs from its sample in one place only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from validator.api import run_check

SAMPLES = Path(__file__).parent / "samples"
KEY = "sk-" + "0123456789abcdef" * 2
PLAN_KEY = "sk-sp-" + "7Hq2Lm9Xv4Rt8Nw3Kp6Zb1Yc"
BJ = "https://dashscope.aliyuncs.com"

# what the seeds' own samples still get: the shared domain is fine, a workspace domain is recommended
INFO_ONLY = {"shared-endpoint"}   # (it was deprecated-endpoint before the split into two rules)

# sample -> catalogue client of each target it gives (in file order)
CLIENTS = {
    "OpenAiMain.java": ["openai-sdk"],
    "DashScopeMain.java": ["dashscope-sdk"],
    "SpringAiConfig.java": ["spring-ai-openai", "spring-ai-dashscope"],
    "LangChain4jDemo.java": ["langchain4j-openai", "langchain4j-dashscope"],
    "AnthropicMain.java": ["anthropic-sdk"],
    "Main.kt": ["openai-sdk"],
    "main_openai.go": ["openai-sdk"],
    "main_anthropic.go": ["anthropic-sdk"],
    "main_goopenai.go": ["go-openai"],
    "main_dashscope.go": ["http-request"],
    "OpenAiHttp.cs": ["http-request"],
    "DashScopeHttp.cs": ["http-request"],
    "OpenAiSdk.cs": ["openai-dotnet"],
    "openai_http.php": ["http-request"],
    "dashscope_http.php": ["http-request"],
    "openai_sdk.php": ["openai-php"],
    "main.rs": ["async-openai"],
    "openai_curl.sh": ["http-request"],
    "dashscope_curl.sh": ["http-request"],
    "anthropic_curl.sh": ["http-request"],
    "wget_httpie.sh": ["http-request", "http-request"],
    "chat.http": ["http-request", "http-request"],
    "Makefile": ["http-request"],
    "Dockerfile": ["http-request"],
    ".github/workflows/smoke.yml": ["http-request"],
    "req.py": ["http-request"],
    "hx.py": ["http-request"],
    "ax.ts": ["http-request"],
    "ds_fetch.mjs": ["http-request"],
}

# (sample, text replaced, replacement, rule, line, column)
MUTATIONS: list[tuple[str, str, str, str, int, int]] = [
    # ---- Java: openai-java
    ("OpenAiMain.java", '/compatible-mode/v1")', '/compatible-mode/v1/chat/completions")',
     "malformed-base-url", 10, 10),
    ("OpenAiMain.java", '.model("qwen-plus")', '.model("qwen-plus-lastest")', "unknown-model", 14, 8),
    ("OpenAiMain.java", '.apiKey(System.getenv("DASHSCOPE_API_KEY"))', f'.apiKey("{KEY}")', "hardcoded-secret", 9, 9),
    # ---- Java: DashScope SDK pointed at the OpenAI-compatible path; a placeholder left in
    ("DashScopeMain.java", "Generation gen = new Generation();",
     'Generation gen = new Generation(Protocol.HTTP.getValue(), "https://dashscope-intl.aliyuncs.com/compatible-mode/v1");',
     "protocol-mismatch", 15, 59),
    ("DashScopeMain.java", "Generation gen = new Generation();",
     'Constants.baseHttpApiUrl = "https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/api/v1"; Generation gen = new Generation();',
     "unreplaced-placeholder", 15, 28),
    # ---- Spring AI / Spring AI Alibaba / LangChain4j / Anthropic Java
    ("SpringAiConfig.java", '/compatible-mode")', '/compatible-mode/v1")', "malformed-base-url", 7, 22),
    ("SpringAiConfig.java", '.baseUrl("https://dashscope.aliyuncs.com")',
     '.baseUrl("https://dashscope.aliyuncs.com/compatible-mode/v1")', "protocol-mismatch", 15, 22),
    ("LangChain4jDemo.java", '.modelName("qwen-plus")', '.modelName("qwen-plus-us")', "model-not-in-region", 9, 28),
    ("AnthropicMain.java", '/apps/anthropic")', '/apps/anthropic/v1")', "malformed-base-url", 9, 22),
    # ---- Kotlin
    ("Main.kt", ".temperature(0.7)", ".temperature(2.5)", "unsupported-parameter", 12, 22),
    ("Main.kt", "/compatible-mode/v1", "/api/v1", "protocol-mismatch", 7, 18),
    # ---- Go: openai-go, anthropic-sdk-go, go-openai, net/http
    ("main_openai.go", f'WithBaseURL("{BJ}/compatible-mode/v1")', f'WithBaseURL("{BJ}/api/v1")',
     "protocol-mismatch", 11, 20),
    ("main_openai.go", f'WithBaseURL("{BJ}/compatible-mode/v1")',
     'WithBaseURL("https://coding.dashscope.aliyuncs.com/v1")', "plan-usage-restricted", 11, 20),
    ("main_anthropic.go", '/apps/anthropic")', '/compatible-mode/v1")', "protocol-mismatch", 14, 22),
    ("main_goopenai.go", '/compatible-mode/v1"', '/compatible-mode/v1/chat/completions"', "malformed-base-url", 13, 19),
    ("main_dashscope.go", '"https://dashscope.aliyuncs.com/api/v1/services/aigc/text-generation/generation"',
     '"https://dashscope.aliyuncs.com/api/v1"', "malformed-base-url", 54, 37),
    ("main_dashscope.go", 'Model: "qwen-plus"', 'Model: "qwen-plus-lastest"', "unknown-model", 32, 8),
    # ---- C#: HttpClient and the OpenAI .NET SDK
    ("OpenAiHttp.cs", '/compatible-mode/v1/chat/completions";', '/compatible-mode/v1";', "malformed-base-url", 16, 14),
    ("OpenAiHttp.cs", '""model"": ""qwen-plus""', '""model"": ""qwen-plus-lastest""', "unknown-model", 19, 12),
    ("DashScopeHttp.cs", "/api/v1/services/aigc/text-generation/generation", "/compatible-mode/v1/chat/completions",
     "protocol-mismatch", 16, 14),
    ("OpenAiSdk.cs", 'new Uri("https://', 'new Uri("http://', "malformed-base-url", 12, 32),
    # ---- PHP: curl_* and openai-php
    ("openai_http.php", "'Authorization: Bearer '.$apiKey", "'x-api-key: '.$apiKey", "protocol-mismatch", 3, 8),
    ("dashscope_http.php", "$apiKey = getenv('DASHSCOPE_API_KEY');", f"$apiKey = '{KEY}';", "hardcoded-secret", 3, 11),
    ("openai_sdk.php", "compatible-mode/v1')", "compatible-mode/v1/chat/completions')", "malformed-base-url", 6, 19),
    # ---- Rust: async-openai
    ("main.rs", f'"{BJ}/compatible-mode/v1"', '"https://llm-xxx.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"',
     "unreplaced-placeholder", 7, 24),
    # ---- curl, wget, HTTPie
    ("openai_curl.sh", '"model": "qwen-plus",', '"model": "qwen-plus", "temperature": 2.5,', "unsupported-parameter", 6, 38),
    ("dashscope_curl.sh", "/api/v1/services/aigc/text-generation/generation", "/compatible-mode/v1/chat/completions",
     "protocol-mismatch", 2, 18),
    ("anthropic_curl.sh", "/apps/anthropic/v1/messages", "/apps/anthropic", "malformed-base-url", 2, 15),
    ("wget_httpie.sh", "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions\nhttp",
     "https://dashscope.aliyun.com/compatible-mode/v1/chat/completions\nhttp", "unknown-host", 4, 3),
    ("wget_httpie.sh", "temperature:=0.5", "temperature:=2.5", "unsupported-parameter", 6, 74),
    # ---- .http file, Makefile, Dockerfile, CI step
    ("chat.http", "POST {{host}}/compatible-mode/v1/chat/completions", "POST {{host}}/compatible-mode/v1",
     "malformed-base-url", 5, 6),
    ("Makefile", '-H "Authorization: Bearer $$DASHSCOPE_API_KEY"', f'-H "Authorization: Bearer {PLAN_KEY}"',
     "plan-endpoint-mismatch", 3, 30),
    ("Dockerfile", "/compatible-mode/v1/models", "/compatible-mode/v1", "malformed-base-url", 3, 73),
    (".github/workflows/smoke.yml", '"model": "qwen-plus"', '"model": "glm-4.7"', "model-not-in-region", 9, 27),
    # ---- Python requests / httpx, JS axios / fetch
    ("req.py", '/compatible-mode/v1/chat/completions"', '/compatible-mode/v1"', "malformed-base-url", 5, 7),
    ("hx.py", '"model": "qwen-plus"', '"model": "qwen-plus-lastest"', "unknown-model", 7, 36),
    ("ax.ts", "{ Authorization: `Bearer ${process.env.DASHSCOPE_API_KEY}` }",
     '{ "x-api-key": process.env.DASHSCOPE_API_KEY }', "protocol-mismatch", 3, 30),
    ("ds_fetch.mjs", "/api/v1/services/aigc/text-generation/generation'", "/api/v1'", "malformed-base-url", 21, 7),
]


# a mutation that rightly gives a second finding too: a literal key is also a hardcoded secret; the
# Coding Plan host also has its own model list
ALSO = {("Makefile", "plan-endpoint-mismatch"): {"hardcoded-secret"},
        ("main_openai.go", "plan-usage-restricted"): {"model-not-on-protocol"}}


def _tree(tmp_path: Path, sample: str, old: str | None = None, new: str | None = None) -> Path:
    root = tmp_path / "repo"
    dest = root / sample
    dest.parent.mkdir(parents=True, exist_ok=True)
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    if old is not None:
        assert text.count(old) == 1, f"the mutation must change one place of {sample}"
        text = text.replace(old, new or "")
    dest.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("sample", sorted(CLIENTS))
def test_clean_sample_is_a_target_with_the_right_client_and_stays_clean(tmp_path: Path, sample: str) -> None:
    from validator.catalogue.index import load
    from validator.engine import Options
    from validator.sources import collect

    root = _tree(tmp_path, sample)
    collected = collect([str(root)], Options(use_environment=False), load())
    clients = [t.client for t in collected.targets if t.kind == "code"]
    assert clients == CLIENTS[sample]
    assert not collected.problems
    for t in collected.targets:
        assert t.base_url is None or t.base_url.loc is None or t.base_url.loc.column > 0
    report = run_check([str(root)], isolated=True)
    assert {f.rule for f in report.findings} <= INFO_ONLY, [(f.rule, str(f.loc), f.message)
                                                                         for f in report.findings]


@pytest.mark.parametrize("sample, old, new, rule, line, column", MUTATIONS,
                         ids=[f"{m[3]}:{m[0]}:{m[4]}" for m in MUTATIONS])
def test_each_mistake_is_reported_at_its_place(tmp_path: Path, sample: str, old: str, new: str, rule: str,
                                               line: int, column: int) -> None:
    report = run_check([str(_tree(tmp_path, sample, old, new))], isolated=True)
    found = [(f.rule, f.loc.line, f.loc.column) for f in report.findings if f.rule not in INFO_ONLY]
    assert (rule, line, column) in found, [(f.rule, str(f.loc), f.message) for f in report.findings]
    also = ALSO.get((sample, rule), set())
    assert {r for r, _l, _c in found} <= {rule} | also, [(f.rule, str(f.loc), f.message) for f in report.findings]
    for f in report.findings:
        assert KEY not in f.message and PLAN_KEY not in f.message


def test_every_sample_has_a_mutation() -> None:
    assert {m[0] for m in MUTATIONS} == set(CLIENTS)
    assert sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file()) == sorted(CLIENTS)


def test_samples_are_copied_verbatim_from_the_seeds() -> None:
    """The Java, Go, C#, PHP and curl samples are the seeds' own text (cut at the headings)."""
    assert (SAMPLES / "OpenAiMain.java").read_text(encoding="utf-8").startswith("// 该代码 OpenAI SDK 版本为 2.6.0\n")
    assert (SAMPLES / "main_dashscope.go").read_text(encoding="utf-8").startswith("package main\n")
    assert "CURLOPT_URL" in (SAMPLES / "openai_http.php").read_text(encoding="utf-8")


def test_unparseable_and_huge_files_are_findings_not_tracebacks(tmp_path: Path) -> None:
    (tmp_path / "Broken.java").write_text('class X { String u = "https://dashscope.aliyun.com/compatible-mode/v1\n'
                                          '  OpenAIOkHttpClient.builder().baseUrl(( ((( " \\', encoding="utf-8")
    (tmp_path / "Huge.go").write_text("package main\n// openai\n" + "x := 1\n" * 120_000, encoding="utf-8")
    report = run_check([str(tmp_path)], isolated=True)
    assert all(f.loc.line >= 1 for f in report.findings)
    big = [f for f in report.findings if f.rule == "file-too-large"]
    assert [(f.loc.path.endswith("Huge.go"), f.loc.line, f.severity.name) for f in big] == [(True, 1, "INFO")]
    # the lexer reads what it can, and says where it lost track (an info: the compiler may know better)
    assert [(f.loc.line, f.loc.column, f.severity.name) for f in report.findings
            if f.rule == "parse-error"] == [(1, 22, "INFO")]
    # the loose-literal checks still look at the file the reader could not make sense of
    assert any(f.rule == "unknown-host" and f.loc.path.endswith("Broken.java") and f.loc.line == 1
               for f in report.findings)


def test_markdown_fences_in_these_languages_are_read_in_place(tmp_path: Path) -> None:
    """A README's curl command, ``.http`` request and Java snippet are targets at their own lines."""
    (tmp_path / "README.md").write_text(
        "# Demo\n\n```bash\ncurl -X POST https://dashscope.aliyuncs.com/compatible-mode/v1 \\\n"
        '  -H "Authorization: Bearer $DASHSCOPE_API_KEY" \\\n'
        "  -d '{\"model\": \"qwen-plus\", \"messages\": []}'\n```\n\n```java\n"
        'OpenAIClient c = OpenAIOkHttpClient.builder().apiKey(System.getenv("K"))'
        '.baseUrl("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions").build();\n```\n\n'
        "```http\nPOST https://dashscope.aliyuncs.com/api/v1\nAuthorization: Bearer {{key}}\n```\n",
        encoding="utf-8")
    found = {(f.rule, f.loc.line, f.loc.column) for f in run_check([str(tmp_path)], isolated=True).findings
             if f.rule not in INFO_ONLY}
    assert found == {("malformed-base-url", 4, 14), ("malformed-base-url", 10, 82), ("malformed-base-url", 14, 6)}
