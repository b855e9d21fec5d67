"""Every rule on realistic files in several formats: it fires on the broken file, at the right
line, and stays silent on the corrected twin. Files go through the real readers and linker."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.api import run_check

PAYG = "sk-" + "0123456789abcdef" * 2
PLAN = "sk-sp-" + "7Hq2Lm9Xv4Rt8Nw3Kp6Zb1Yc"
FOREIGN = "sk-proj-" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1"
WS = "ws-8f3k2m1q"
BJ = "https://dashscope.aliyuncs.com"
SG = "https://dashscope-intl.aliyuncs.com"
WSBJ = f"https://{WS}.cn-beijing.maas.aliyuncs.com"

# (rule, file name, broken text, line the finding points at, corrected text)
CASES: list[tuple[str, str, str, int, str]] = [
    # ------------------------------------------------------------------ unknown-host
    ("unknown-host", ".env",
     "OPENAI_BASE_URL=https://dashscope.aliyun.com/compatible-mode/v1\nOPENAI_MODEL=qwen-plus\n", 1,
     f"OPENAI_BASE_URL={BJ}/compatible-mode/v1\nOPENAI_MODEL=qwen-plus\n"),
    ("unknown-host", ".claude/settings.json",
     '{"env": {"ANTHROPIC_BASE_URL": "https://trail.cn-beijing.maas.aliyuncs.com/apps/anthropic"}}\n', 1,
     '{"env": {"ANTHROPIC_BASE_URL": "https://trial.cn-beijing.maas.aliyuncs.com/apps/anthropic"}}\n'),
    ("unknown-host", "app.py",
     "from openai import OpenAI\nimport os\nc = OpenAI(api_key=os.environ['DASHSCOPE_API_KEY'],\n"
     "           base_url='https://dashscope-intl.aliyun.com/compatible-mode/v1')\n", 4,
     "from openai import OpenAI\nimport os\nc = OpenAI(api_key=os.environ['DASHSCOPE_API_KEY'],\n"
     f"           base_url='{SG}/compatible-mode/v1')\n"),
    # ------------------------------------------------------------------ malformed-base-url
    ("malformed-base-url", ".env",
     f"OPENAI_BASE_URL={BJ}/compatible-mode/v1/chat/completions\nOPENAI_MODEL=qwen-plus\n", 1,
     f"OPENAI_BASE_URL={BJ}/compatible-mode/v1\nOPENAI_MODEL=qwen-plus\n"),
    ("malformed-base-url", ".claude/settings.json",
     '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "' + BJ + '/apps/anthropic/v1"\n  }\n}\n', 3,
     '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "' + BJ + '/apps/anthropic"\n  }\n}\n'),
    ("malformed-base-url", "opencode.json",
     '{"provider": {"ms": {"npm": "@ai-sdk/anthropic",\n "options": {"baseURL": "' + BJ
     + '/apps/anthropic"}, "models": {"qwen3-coder-plus": {}}}}}\n', 2,
     '{"provider": {"ms": {"npm": "@ai-sdk/anthropic",\n "options": {"baseURL": "' + BJ
     + '/apps/anthropic/v1"}, "models": {"qwen3-coder-plus": {}}}}}\n'),
    ("malformed-base-url", ".claude-code-router/config.json",
     '{"Providers": [{"name": "ds",\n "api_base_url": "' + BJ + '/compatible-mode/v1",\n'
     ' "api_key": "$DASHSCOPE_API_KEY", "models": ["qwen-plus"]}]}\n', 2,
     '{"Providers": [{"name": "ds",\n "api_base_url": "' + BJ + '/compatible-mode/v1/chat/completions",\n'
     ' "api_key": "$DASHSCOPE_API_KEY", "models": ["qwen-plus"]}]}\n'),
    ("malformed-base-url", ".codex/config.toml",
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "http://dashscope.aliyuncs.com/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\n'
     'wire_api = "responses"\n', 5,
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{BJ}/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "responses"\n'),
    # ------------------------------------------------------------------ protocol-mismatch
    ("protocol-mismatch", ".claude/settings.json",
     '{"env": {"ANTHROPIC_BASE_URL": "' + BJ + '/compatible-mode/v1"}}\n', 1,
     '{"env": {"ANTHROPIC_BASE_URL": "' + BJ + '/apps/anthropic"}}\n'),
    ("protocol-mismatch", "run.sh",
     f"#!/bin/sh\nexport ANTHROPIC_BASE_URL={SG}/api/v1\nexec claude\n", 2,
     f"#!/bin/sh\nexport ANTHROPIC_BASE_URL={SG}/apps/anthropic\nexec claude\n"),
    ("protocol-mismatch", ".qwen/settings.json",
     '{"modelProviders": {"openai": [{"id": "qwen-plus", "baseUrl": "' + BJ + '/apps/anthropic",\n'
     ' "envKey": "DASHSCOPE_API_KEY"}]}, "security": {"auth": {"selectedType": "openai"}}}\n', 1,
     '{"modelProviders": {"openai": [{"id": "qwen-plus", "baseUrl": "' + BJ + '/compatible-mode/v1",\n'
     ' "envKey": "DASHSCOPE_API_KEY"}]}, "security": {"auth": {"selectedType": "openai"}}}\n'),
    # ------------------------------------------------------------------ unreplaced-placeholder
    ("unreplaced-placeholder", ".env",
     "DASHSCOPE_API_KEY=YOUR_DASHSCOPE_API_KEY\nOPENAI_API_KEY=${DASHSCOPE_API_KEY}\n"
     f"OPENAI_BASE_URL={BJ}/compatible-mode/v1\n", 1,
     f"OPENAI_API_KEY=${{DASHSCOPE_API_KEY}}\nOPENAI_BASE_URL={BJ}/compatible-mode/v1\n"),
    ("unreplaced-placeholder", "docker-compose.yml",
     "services:\n  app:\n    image: x\n    environment:\n"
     "      OPENAI_BASE_URL: https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/compatible-mode/v1\n", 5,
     f"services:\n  app:\n    image: x\n    environment:\n      OPENAI_BASE_URL: {WSBJ}/compatible-mode/v1\n"),
    ("unreplaced-placeholder", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     "    base_url: https://llm-xxx.ap-northeast-1.maas.aliyuncs.com/compatible-mode/v1\n", 5,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: https://{WS}.ap-northeast-1.maas.aliyuncs.com/compatible-mode/v1\n"),
    # ------------------------------------------------------------------ invalid-workspace-domain
    ("invalid-workspace-domain", ".env",
     "OPENAI_BASE_URL=https://ws_ik8r2d.cn-beijing.maas.aliyuncs.com/compatible-mode/v1\n", 1,
     f"OPENAI_BASE_URL={WSBJ}/compatible-mode/v1\n"),
    ("invalid-workspace-domain", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: https://{WS}.cn-shanghai.maas.aliyuncs.com/compatible-mode/v1\n", 5,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: https://{WS}.cn-hongkong.maas.aliyuncs.com/compatible-mode/v1\n"),
    # ------------------------------------------------------------------ deprecated-endpoint
    ("deprecated-endpoint", "claude-qwen.sh",
     f'export ANTHROPIC_BASE_URL="{BJ}/api/v2/apps/claude-code-proxy"\nexec claude\n', 1,
     f'export ANTHROPIC_BASE_URL="{WSBJ}/apps/anthropic"\nexec claude\n'),
    ("deprecated-endpoint", ".claude/settings.json",
     '{"env": {"ANTHROPIC_BASE_URL": "' + BJ + '/api/v2/apps/claude-code-proxy"}}\n', 1,
     '{"env": {"ANTHROPIC_BASE_URL": "' + BJ + '/apps/anthropic"}}\n'),
    # ------------------------------------------------------------------ removed-setting
    ("removed-setting", ".codex/config.toml",
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{WSBJ}/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "chat"\n', 7,
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{WSBJ}/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "responses"\n'),
    ("removed-setting", "home/.codex/config.toml",
     'model_provider = "sg"\n[model_providers.cn]\nname = "cn"\n'
     f'base_url = "{WSBJ}/compatible-mode/v1"\nwire_api = "responses"\n'
     '[model_providers.sg]\nname = "sg"\n'
     f'base_url = "{SG}/compatible-mode/v1"\nwire_api = "chat"\n', 9,
     'model_provider = "sg"\n[model_providers.cn]\nname = "cn"\n'
     f'base_url = "{WSBJ}/compatible-mode/v1"\nwire_api = "responses"\n'
     '[model_providers.sg]\nname = "sg"\n'
     f'base_url = "{SG}/compatible-mode/v1"\nwire_api = "responses"\n'),
    # ------------------------------------------------------------------ shared-endpoint (opt-in)
    ("shared-endpoint", ".env",
     f"OPENAI_BASE_URL={SG}/compatible-mode/v1\n", 1,
     f"OPENAI_BASE_URL=https://{WS}.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1\n"),
    ("shared-endpoint", "app.py",
     "from openai import OpenAI\nimport os\nc = OpenAI(api_key=os.environ['DASHSCOPE_API_KEY'],\n"
     f"           base_url='{BJ}/compatible-mode/v1')\n", 4,
     "from openai import OpenAI\nimport os\nc = OpenAI(api_key=os.environ['DASHSCOPE_API_KEY'],\n"
     f"           base_url='{WSBJ}/compatible-mode/v1')\n"),
    # ------------------------------------------------------------------ trial-endpoint
    ("trial-endpoint", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     "    base_url: https://trial.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1\n    usage: backend\n", 5,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: https://{WS}.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1\n    usage: backend\n"),
    ("trial-endpoint", "service.py",
     "from openai import OpenAI\nimport os\n"
     "c = OpenAI(api_key=os.environ['K'], base_url='https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1')\n",
     3,
     f"from openai import OpenAI\nimport os\nc = OpenAI(api_key=os.environ['K'], base_url='{WSBJ}/compatible-mode/v1')\n"),
    # ------------------------------------------------------------------ plan-endpoint-mismatch
    ("plan-endpoint-mismatch", ".env",
     f"OPENAI_BASE_URL={BJ}/compatible-mode/v1\nOPENAI_API_KEY={PLAN}\n", 2,
     f"OPENAI_BASE_URL=https://coding.dashscope.aliyuncs.com/v1\nOPENAI_API_KEY={PLAN}\n"),
    ("plan-endpoint-mismatch", ".claude/settings.json",
     '{"env": {"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic",\n'
     f' "ANTHROPIC_AUTH_TOKEN": "{PAYG}"}}}}\n', 2,
     f'{{"env": {{"ANTHROPIC_BASE_URL": "{BJ}/apps/anthropic",\n "ANTHROPIC_AUTH_TOKEN": "{PAYG}"}}}}\n'),
    # ------------------------------------------------------------------ plan-usage-restricted
    ("plan-usage-restricted", "worker.py",
     "from openai import OpenAI\nimport os\n"
     "c = OpenAI(api_key=os.environ['BAILIAN_CODING_PLAN_API_KEY'],\n"
     "           base_url='https://coding.dashscope.aliyuncs.com/v1')\n", 4,
     "from openai import OpenAI\nimport os\nc = OpenAI(api_key=os.environ['DASHSCOPE_API_KEY'],\n"
     f"           base_url='{BJ}/compatible-mode/v1')\n"),
    ("plan-usage-restricted", ".github/workflows/review.yml",
     "on: [push]\njobs:\n  r:\n    runs-on: ubuntu-latest\n    env:\n"
     "      ANTHROPIC_BASE_URL: https://coding-intl.dashscope.aliyuncs.com/apps/anthropic\n"
     "      ANTHROPIC_AUTH_TOKEN: ${{ secrets.K }}\n    steps:\n      - run: claude -p review\n", 6,
     "on: [push]\njobs:\n  r:\n    runs-on: ubuntu-latest\n    env:\n"
     f"      ANTHROPIC_BASE_URL: {SG}/apps/anthropic\n"
     "      ANTHROPIC_AUTH_TOKEN: ${{ secrets.K }}\n    steps:\n      - run: claude -p review\n"),
    # ------------------------------------------------------------------ key-region-mismatch
    ("key-region-mismatch", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {SG}/compatible-mode/v1\n    key: {{region: cn-beijing}}\n", 5,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {BJ}/compatible-mode/v1\n    key: {{region: cn-beijing}}\n"),
    # ------------------------------------------------------------------ key-workspace-mismatch
    ("key-workspace-mismatch", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {WSBJ}/compatible-mode/v1\n    key: {{workspace: ws-other99}}\n", 5,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {WSBJ}/compatible-mode/v1\n    key: {{workspace: {WS}}}\n"),
    # ------------------------------------------------------------------ malformed-key
    ("malformed-key", ".claude/settings.json",
     f'{{"env": {{"ANTHROPIC_BASE_URL": "{SG}/apps/anthropic",\n "ANTHROPIC_AUTH_TOKEN": "Bearer {PAYG}"}}}}\n', 2,
     f'{{"env": {{"ANTHROPIC_BASE_URL": "{SG}/apps/anthropic",\n "ANTHROPIC_AUTH_TOKEN": "{PAYG}"}}}}\n'),
    ("malformed-key", ".env",
     f"OPENAI_BASE_URL={SG}/compatible-mode/v1\nOPENAI_API_KEY={FOREIGN}\n", 2,
     f"OPENAI_BASE_URL={SG}/compatible-mode/v1\nOPENAI_API_KEY={PAYG}\n"),
    ("malformed-key", "client.py",
     "import os\nfrom openai import OpenAI\n"
     f"c = OpenAI(api_key=os.getenv('{PAYG}'), base_url='{SG}/compatible-mode/v1')\n", 3,
     "import os\nfrom openai import OpenAI\n"
     f"c = OpenAI(api_key=os.getenv('DASHSCOPE_API_KEY'), base_url='{SG}/compatible-mode/v1')\n"),
    ("malformed-key", ".codex/config.toml",
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{SG}/compatible-mode/v1"\nenv_key = "{PAYG}"\nwire_api = "responses"\n', 6,
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{SG}/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "responses"\n'),
    # ------------------------------------------------------------------ missing-key
    ("missing-key", ".env",
     f"DASHSCOPE_API_KEY=\nDASHSCOPE_HTTP_BASE_URL={BJ}/api/v1\n", 1,
     f"DASHSCOPE_API_KEY={PAYG}\nDASHSCOPE_HTTP_BASE_URL={BJ}/api/v1\n"),
    ("missing-key", ".codex/config.toml",
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{SG}/compatible-mode/v1"\napi_key = "{PAYG}"\nwire_api = "responses"\n', 6,
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{SG}/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "responses"\n'),
    # ------------------------------------------------------------------ conflicting-credentials
    ("conflicting-credentials", ".claude/settings.json",
     f'{{"env": {{"ANTHROPIC_BASE_URL": "{SG}/apps/anthropic",\n "ANTHROPIC_AUTH_TOKEN": "{PAYG}",\n'
     f' "ANTHROPIC_API_KEY": "sk-{"fedcba9876543210" * 2}"}}}}\n', 2,
     f'{{"env": {{"ANTHROPIC_BASE_URL": "{SG}/apps/anthropic",\n "ANTHROPIC_AUTH_TOKEN": "{PAYG}"}}}}\n'),
    # ------------------------------------------------------------------ hardcoded-secret
    ("hardcoded-secret", "app.py",
     f"from openai import OpenAI\nclient = OpenAI(\n    api_key='{PAYG}',\n    base_url='{BJ}/compatible-mode/v1')\n", 3,
     "import os\nfrom openai import OpenAI\nclient = OpenAI(\n    api_key=os.environ['DASHSCOPE_API_KEY'],\n"
     f"    base_url='{BJ}/compatible-mode/v1')\n"),
    ("hardcoded-secret", "app.ts",
     'import OpenAI from "openai";\n'
     f'const client = new OpenAI({{ apiKey: "{PAYG}", baseURL: "{BJ}/compatible-mode/v1" }});\n', 2,
     'import OpenAI from "openai";\n'
     f'const client = new OpenAI({{ apiKey: process.env.DASHSCOPE_API_KEY, baseURL: "{BJ}/compatible-mode/v1" }});\n'),
    # ------------------------------------------------------------------ unknown-model
    ("unknown-model", ".env",
     f"OPENAI_BASE_URL={BJ}/compatible-mode/v1\nOPENAI_MODEL=qwen-plus-lastest\n", 2,
     f"OPENAI_BASE_URL={BJ}/compatible-mode/v1\nOPENAI_MODEL=qwen-plus-latest\n"),
    ("unknown-model", ".claude/settings.json",
     f'{{"env": {{"ANTHROPIC_BASE_URL": "{BJ}/apps/anthropic",\n "ANTHROPIC_MODEL": "Qwen3-Coder-Plus"}}}}\n', 2,
     f'{{"env": {{"ANTHROPIC_BASE_URL": "{BJ}/apps/anthropic",\n "ANTHROPIC_MODEL": "qwen3-coder-plus"}}}}\n'),
    ("unknown-model", "chat.py",
     "import os\nfrom openai import OpenAI\n"
     f"c = OpenAI(api_key=os.environ['K'], base_url='{BJ}/compatible-mode/v1')\n"
     "c.chat.completions.create(model='minimax-m2.5', messages=[])\n", 4,
     "import os\nfrom openai import OpenAI\n"
     f"c = OpenAI(api_key=os.environ['K'], base_url='{BJ}/compatible-mode/v1')\n"
     "c.chat.completions.create(model='MiniMax-M2.5', messages=[])\n"),
    # ------------------------------------------------------------------ model-not-in-region
    ("model-not-in-region", ".env",
     f"OPENAI_BASE_URL={SG}/compatible-mode/v1\nOPENAI_MODEL=qwen-plus-us\n", 2,
     "OPENAI_BASE_URL=https://dashscope-us.aliyuncs.com/compatible-mode/v1\nOPENAI_MODEL=qwen-plus-us\n"),
    ("model-not-in-region", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {SG}/compatible-mode/v1\n    model: glm-4.7\n", 6,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {BJ}/compatible-mode/v1\n    model: glm-4.7\n"),
    # ------------------------------------------------------------------ model-not-on-protocol
    ("model-not-on-protocol", ".codex/config.toml",
     'model = "qwen-turbo"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{SG}/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "responses"\n', 1,
     'model = "qwen3-max"\nmodel_provider = "ms"\n[model_providers.ms]\nname = "ms"\n'
     f'base_url = "{SG}/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\nwire_api = "responses"\n'),
    ("model-not-on-protocol", ".claude/settings.json",
     '{"env": {"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic",\n'
     ' "ANTHROPIC_MODEL": "qwen-plus"}}\n', 2,
     '{"env": {"ANTHROPIC_BASE_URL": "https://coding.dashscope.aliyuncs.com/apps/anthropic",\n'
     ' "ANTHROPIC_MODEL": "qwen3-coder-plus"}}\n'),
    # ------------------------------------------------------------------ unsupported-parameter
    ("unsupported-parameter", "chat.py",
     "import os\nfrom openai import OpenAI\n"
     f"c = OpenAI(api_key=os.environ['K'], base_url='{BJ}/compatible-mode/v1')\n"
     "c.chat.completions.create(model='qwen-max', messages=[],\n    temperature=2.0)\n", 5,
     "import os\nfrom openai import OpenAI\n"
     f"c = OpenAI(api_key=os.environ['K'], base_url='{BJ}/compatible-mode/v1')\n"
     "c.chat.completions.create(model='qwen-max', messages=[],\n    temperature=1.2)\n"),
    ("unsupported-parameter", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {BJ}/compatible-mode/v1\n    model: qwen-max\n    parameters: {{n: 3, top_p: 0.8}}\n", 7,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {BJ}/compatible-mode/v1\n    model: qwen-plus\n    parameters: {{n: 3, top_p: 0.8}}\n"),
    # ------------------------------------------------------------------ feature-not-in-region
    ("feature-not-in-region", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {SG}/compatible-mode/v1\n    features: [fine-tuning]\n", 6,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     f"    base_url: {BJ}/compatible-mode/v1\n    features: [fine-tuning]\n"),
    # ------------------------------------------------------------------ residency-violation
    ("residency-violation", "modelstudio.yaml",
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     "    base_url: https://dashscope-us.aliyuncs.com/compatible-mode/v1\n    model: qwen-plus\n"
     "    residency: us\n", 6,
     "version: 1\ntargets:\n  - name: t\n    client: openai-compatible\n"
     "    base_url: https://dashscope-us.aliyuncs.com/compatible-mode/v1\n    model: qwen-plus-us\n"
     "    residency: us\n"),
]


# The same rules on the other languages the Model Studio docs show (Java, Kotlin, Go, C#, PHP,
# Rust) and on raw HTTP requests (curl, .http files, Makefiles): each static rule has at least one
# case outside Python and JS (checked below).
JAVA = ("import com.openai.client.okhttp.OpenAIOkHttpClient;\nclass Main {{ void m() {{\n"
        "  var c = OpenAIOkHttpClient.builder()\n      .apiKey({key})\n      .baseUrl(\"{base}\")\n      .build();\n}} }}\n")
GO = ('package main\nimport (\n\t"os"\n\t"github.com/openai/openai-go"\n\t"github.com/openai/openai-go/option"\n)\n'
      'func main() {{\n\tc := openai.NewClient(\n\t\toption.WithAPIKey({key}),\n\t\toption.WithBaseURL("{base}"),\n\t)\n'
      '\t_ = c\n\t_ = os.Args\n}}\n')
CURL = ("#!/bin/sh\ncurl -X POST {url} \\\n  -H \"Authorization: Bearer $DASHSCOPE_API_KEY\" \\\n"
        "  -d '{{\"model\": \"{model}\", \"messages\": []}}'\n")
GETENV_J = 'System.getenv("DASHSCOPE_API_KEY")'
GETENV_G = 'os.Getenv("DASHSCOPE_API_KEY")'
CHAT = "/compatible-mode/v1/chat/completions"
OTHER_LANGUAGE_CASES: list[tuple[str, str, str, int, str]] = [
    ("unknown-host", "Main.java", JAVA.format(key=GETENV_J, base="https://dashscope.aliyun.com/compatible-mode/v1"), 5,
     JAVA.format(key=GETENV_J, base=f"{BJ}/compatible-mode/v1")),
    ("malformed-base-url", "main.go", GO.format(key=GETENV_G, base=f"{BJ}{CHAT}"), 10,
     GO.format(key=GETENV_G, base=f"{BJ}/compatible-mode/v1")),
    ("protocol-mismatch", "Gen.java",
     'class G {\n  Generation gen = new Generation(Protocol.HTTP.getValue(), "' + SG + '/compatible-mode/v1");\n}\n', 2,
     'class G {\n  Generation gen = new Generation(Protocol.HTTP.getValue(), "' + SG + '/api/v1");\n}\n'),
    ("unreplaced-placeholder", "call.sh",
     CURL.format(url=f"https://{{WorkspaceId}}.cn-beijing.maas.aliyuncs.com{CHAT}", model="qwen-plus"), 2,
     CURL.format(url=f"{WSBJ}{CHAT}", model="qwen-plus")),
    ("invalid-workspace-domain", "Program.cs",
     'var o = new OpenAIClientOptions {\n  Endpoint = new Uri("https://ws_ik8r2d.cn-beijing.maas.aliyuncs.com/compatible-mode/v1")\n};\n',
     2, 'var o = new OpenAIClientOptions {\n  Endpoint = new Uri("' + WSBJ + '/compatible-mode/v1")\n};\n'),
    ("shared-endpoint", "call.sh", CURL.format(url=f"{SG}{CHAT}", model="qwen-plus"), 2,
     CURL.format(url=f"https://{WS}.ap-southeast-1.maas.aliyuncs.com{CHAT}", model="qwen-plus")),
    ("deprecated-endpoint", "Main.java",
     JAVA.replace("OpenAIOkHttpClient", "AnthropicOkHttpClient").format(
         key='System.getenv("ANTHROPIC_API_KEY")', base=f"{BJ}/api/v2/apps/claude-code-proxy"), 5,
     JAVA.replace("OpenAIOkHttpClient", "AnthropicOkHttpClient").format(
         key='System.getenv("ANTHROPIC_API_KEY")', base=f"{WSBJ}/apps/anthropic")),
    ("trial-endpoint", "main.go", GO.format(key=GETENV_G, base="https://trial.cn-beijing.maas.aliyuncs.com/compatible-mode/v1"),
     10, GO.format(key=GETENV_G, base=f"{WSBJ}/compatible-mode/v1")),
    ("plan-endpoint-mismatch", "Makefile",
     f"chat:\n\tcurl {BJ}{CHAT} \\\n\t  -H 'Authorization: Bearer {PLAN}'\n", 3,
     f"chat:\n\tcurl https://coding.dashscope.aliyuncs.com/v1/chat/completions \\\n\t  -H 'Authorization: Bearer {PLAN}'\n"),
    ("plan-usage-restricted", "main.go", GO.format(key=GETENV_G, base="https://coding.dashscope.aliyuncs.com/v1"), 10,
     GO.format(key=GETENV_G, base=f"{BJ}/compatible-mode/v1")),
    ("malformed-key", "Main.java", JAVA.format(key=f'"{FOREIGN}"', base=f"{SG}/compatible-mode/v1"), 4,
     JAVA.format(key=GETENV_J, base=f"{SG}/compatible-mode/v1")),
    ("hardcoded-secret", "main.go", GO.format(key=f'"{PAYG}"', base=f"{BJ}/compatible-mode/v1"), 9,
     GO.format(key=GETENV_G, base=f"{BJ}/compatible-mode/v1")),
    ("unknown-model", "call.sh", CURL.format(url=f"{BJ}{CHAT}", model="qwen-plus-lastest"), 4,
     CURL.format(url=f"{BJ}{CHAT}", model="qwen-plus-latest")),
    ("model-not-in-region", "chat.http",
     f'POST {SG}{CHAT}\nAuthorization: Bearer {{{{$dotenv DASHSCOPE_API_KEY}}}}\n\n{{"model": "glm-4.7", "messages": []}}\n', 4,
     f'POST {BJ}{CHAT}\nAuthorization: Bearer {{{{$dotenv DASHSCOPE_API_KEY}}}}\n\n{{"model": "glm-4.7", "messages": []}}\n'),
    ("model-not-on-protocol", "call.sh",
     CURL.format(url="https://coding.dashscope.aliyuncs.com/v1/chat/completions", model="qwen-plus"), 4,
     CURL.format(url="https://coding.dashscope.aliyuncs.com/v1/chat/completions", model="qwen3-coder-plus")),
    ("unsupported-parameter", "Main.kt",
     'val c = OpenAIOkHttpClient.builder().baseUrl("' + BJ + '/compatible-mode/v1").build()\n'
     'val p = ChatCompletionCreateParams.builder().model("qwen-max")\n    .temperature(2.5).build()\n', 3,
     'val c = OpenAIOkHttpClient.builder().baseUrl("' + BJ + '/compatible-mode/v1").build()\n'
     'val p = ChatCompletionCreateParams.builder().model("qwen-max")\n    .temperature(1.2).build()\n'),
]
CASES += OTHER_LANGUAGE_CASES
_PY_JS = (".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")


def _check(tmp_path: Path, name: str, text: str, rule: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return run_check([str(tmp_path)], isolated=True, extend_select=[rule])   # opt-in rules too


@pytest.mark.parametrize("rule, name, broken, line, good", CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_rule_fires_on_broken_and_not_on_corrected(tmp_path: Path, rule: str, name: str, broken: str,
                                                    line: int, good: str) -> None:
    report = _check(tmp_path / "broken", name, broken, rule)
    hits = [f for f in report.findings if f.rule == rule]
    assert hits, f"{rule} did not fire; got {[(f.rule, f.message) for f in report.findings]}"
    assert line in {f.loc.line for f in hits}, [(f.loc, f.message) for f in hits]
    for f in hits:
        assert f.fix is not None and f.fix.description, "every finding says how to fix it"
        assert PAYG not in f.message and PLAN not in f.message and FOREIGN not in f.message

    fixed = _check(tmp_path / "good", name, good, rule)
    assert [f for f in fixed.findings if f.rule == rule] == [], [f.message for f in fixed.findings]


CODEX = ('model = "qwen3.6-plus"\nmodel_provider = "bailian"\n[model_providers.bailian]\nname = "B"\n'
         'base_url = "https://dashscope.aliyuncs.com/compatible-mode/v1"\nenv_key = "DASHSCOPE_API_KEY"\n'
         'wire_api = "responses"\n')


def test_key_only_in_a_dotenv_that_codex_does_not_load(tmp_path: Path) -> None:
    """Codex reads env_key from its environment only: a key in .env alone means no key at all."""
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text(CODEX, encoding="utf-8")
    (tmp_path / ".env").write_text("DASHSCOPE_API_KEY=sk-0123456789abcdef0123456789abcdef\n", encoding="utf-8")
    findings = run_check([str(tmp_path)]).findings
    missing = [f for f in findings if f.rule == "missing-key"]
    assert len(missing) == 1
    assert missing[0].loc.path.endswith(".env") and missing[0].loc.line == 1
    assert "does not load" in missing[0].message and "Codex" in missing[0].message
    # the unread .env value is not a *competing* definition
    assert not [f for f in findings if f.rule == "conflicting-credentials"]


def test_key_in_the_shell_script_codex_reads_is_not_missing(tmp_path: Path) -> None:
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text(CODEX, encoding="utf-8")
    (tmp_path / "env.sh").write_text("export DASHSCOPE_API_KEY=sk-0123456789abcdef0123456789abcdef\n",
                                     encoding="utf-8")
    assert not [f for f in run_check([str(tmp_path)]).findings if f.rule == "missing-key"]


def test_urls_that_urlsplit_rejects_are_findings_not_crashes(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "OPENAI_BASE_URL=https://ws-8f3k2m1q.[cn-beijing.maas.aliyuncs.com/compatible-mode/v1\n"
        "OPENAI_API_KEY=${DASHSCOPE_API_KEY}\n", encoding="utf-8")
    findings = run_check([str(tmp_path)]).findings
    assert any(f.rule == "unknown-host" and f.loc.line == 1 for f in findings)


# Rules that need declared context also fire on any format when the context comes from the
# command line (--key-region, --key-workspace, --residency) or from the code itself (features).
KEY_A, KEY_B = "sk-" + "1" * 32, "sk-" + "2" * 32
US = "https://dashscope-us.aliyuncs.com/compatible-mode/v1"
BATCH = ("import os\nfrom openai import OpenAI\n"
         "client = OpenAI(api_key=os.getenv('DASHSCOPE_API_KEY'), base_url='{base}')\n"
         "client.batches.create(input_file_id='f', endpoint='/v1/chat/completions', completion_window='24h')\n")
CONTEXT_CASES = [
    ("key-region-mismatch", {"key_region": "ap-southeast-1"},
     {".env": "OPENAI_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\nOPENAI_API_KEY=${DASHSCOPE_API_KEY}\n"},
     (".env", 1),
     {".env": "OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n"
              "OPENAI_API_KEY=${DASHSCOPE_API_KEY}\n"}),
    ("key-workspace-mismatch", {"key_workspace": "ws-prod01"},
     {".claude/settings.json": '{"env": {"ANTHROPIC_BASE_URL": "https://ws-dev02.cn-beijing.maas.aliyuncs.com/apps/anthropic"}}\n'},
     ("settings.json", 1),
     {".claude/settings.json": '{"env": {"ANTHROPIC_BASE_URL": "https://ws-prod01.cn-beijing.maas.aliyuncs.com/apps/anthropic"}}\n'}),
    ("residency-violation", {"residency": "us"},
     {"app.py": f"from openai import OpenAI\nclient = OpenAI(base_url='{US}')\n"
                "client.chat.completions.create(model='qwen-plus', messages=[])\n"},
     ("app.py", 3),
     {"app.py": f"from openai import OpenAI\nclient = OpenAI(base_url='{US}')\n"
                "client.chat.completions.create(model='qwen-plus-us', messages=[])\n"}),
    ("feature-not-in-region", {},
     {"jobs.py": BATCH.format(base=US)},
     ("jobs.py", 4),
     {"jobs.py": BATCH.format(base="https://dashscope.aliyuncs.com/compatible-mode/v1")}),
    # the same context rules on Java, Go and PHP code
    ("key-region-mismatch", {"key_region": "ap-southeast-1"},
     {"Main.java": JAVA.format(key=GETENV_J, base=f"{BJ}/compatible-mode/v1")}, ("Main.java", 5),
     {"Main.java": JAVA.format(key=GETENV_J, base=f"{SG}/compatible-mode/v1")}),
    ("key-workspace-mismatch", {"key_workspace": "ws-prod01"},
     {"main.go": GO.format(key=GETENV_G, base="https://ws-dev02.cn-beijing.maas.aliyuncs.com/compatible-mode/v1")},
     ("main.go", 10),
     {"main.go": GO.format(key=GETENV_G, base="https://ws-prod01.cn-beijing.maas.aliyuncs.com/compatible-mode/v1")}),
    ("residency-violation", {"residency": "us"},
     {"call.sh": CURL.format(url=f"https://dashscope-us.aliyuncs.com{CHAT}", model="qwen-plus")}, ("call.sh", 4),
     {"call.sh": CURL.format(url=f"https://dashscope-us.aliyuncs.com{CHAT}", model="qwen-plus-us")}),
    ("feature-not-in-region", {},
     {"Jobs.java": JAVA.format(key=GETENV_J, base=US).replace("} }", "  c.batches().create(params);\n} }")}, ("Jobs.java", 7),
     {"Jobs.java": JAVA.format(key=GETENV_J, base=f"{BJ}/compatible-mode/v1")
      .replace("} }", "  c.batches().create(params);\n} }")}),
    ("missing-key", {},
     {".env": "DASHSCOPE_API_KEY=\n", "Main.java": JAVA.format(key=GETENV_J, base=f"{BJ}/compatible-mode/v1")},
     (".env", 1),
     {".env": f"DASHSCOPE_API_KEY={KEY_A}\n", "Main.java": JAVA.format(key=GETENV_J, base=f"{BJ}/compatible-mode/v1")}),
    ("conflicting-credentials", {},
     {".env": f"DASHSCOPE_API_KEY={KEY_A}\n", "env.sh": f"export DASHSCOPE_API_KEY={KEY_B}\n",
      "app.php": "<?php\n$k = getenv('DASHSCOPE_API_KEY');\n$ch = curl_init('" + BJ + CHAT + "');\n"
                 "curl_setopt($ch, CURLOPT_HTTPHEADER, ['Authorization: Bearer ' . $k]);\n"},
     None,
     {".env": f"DASHSCOPE_API_KEY={KEY_A}\n",
      "app.php": "<?php\n$k = getenv('DASHSCOPE_API_KEY');\n$ch = curl_init('" + BJ + CHAT + "');\n"
                 "curl_setopt($ch, CURLOPT_HTTPHEADER, ['Authorization: Bearer ' . $k]);\n"}),
    ("conflicting-credentials", {},
     {".env": f"DASHSCOPE_API_KEY={KEY_A}\n", "env.sh": f"export DASHSCOPE_API_KEY={KEY_B}\n",
      "app.py": "import os\nfrom openai import OpenAI\nc = OpenAI(api_key=os.getenv('DASHSCOPE_API_KEY'), "
                "base_url='https://dashscope.aliyuncs.com/compatible-mode/v1')\n"},
     None,
     {".env": f"DASHSCOPE_API_KEY={KEY_A}\n",
      "app.py": "import os\nfrom openai import OpenAI\nc = OpenAI(api_key=os.getenv('DASHSCOPE_API_KEY'), "
                "base_url='https://dashscope.aliyuncs.com/compatible-mode/v1')\n"}),
]


def _tree(root: Path, files: dict[str, str]) -> str:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return str(root)


@pytest.mark.parametrize("rule, context, broken, where, good", CONTEXT_CASES, ids=[c[0] for c in CONTEXT_CASES])
def test_context_rules_fire_in_more_formats(tmp_path: Path, rule: str, context: dict, broken: dict,
                                           where: tuple[str, int] | None, good: dict) -> None:
    hits = [f for f in run_check([_tree(tmp_path / "broken", broken)], isolated=True, **context).findings
            if f.rule == rule]
    assert hits, rule
    if where is not None:
        assert any(f.loc.path.endswith(where[0]) and f.loc.line == where[1] for f in hits), \
            [(str(f.loc), f.message) for f in hits]
    assert all(KEY_A not in f.message and KEY_B not in f.message for f in hits)
    fixed = run_check([_tree(tmp_path / "good", good)], isolated=True, **context).findings
    assert [f for f in fixed if f.rule == rule] == [], [f.message for f in fixed if f.rule == rule]


def test_every_static_rule_has_a_format_case() -> None:
    from validator.rules import all_rules

    static = {r.name for r in all_rules() if r.static}
    assert static == {c[0] for c in CASES}
    counts = {r: sum(1 for c in CASES + CONTEXT_CASES if c[0] == r) for r in static}
    assert all(n >= 2 for n in counts.values()), {r: n for r, n in counts.items() if n < 2}


# rules about one tool's own settings file, which no other language has
ONLY_WHERE_IT_APPLIES = {"removed-setting"}   # Codex's wire_api in config.toml


def test_every_static_rule_fires_in_a_language_other_than_python_and_js() -> None:
    """Java, Kotlin, Go, C#, PHP, Rust or a raw HTTP request (curl, .http, Makefile) for each rule."""
    from validator.rules import all_rules

    def other(names) -> bool:
        return any(not n.endswith(_PY_JS) and not n.endswith((".env", ".json", ".yaml", ".yml", ".toml"))
                   for n in names)

    static = {r.name for r in all_rules() if r.static} - ONLY_WHERE_IT_APPLIES
    covered = {c[0] for c in CASES if other([c[1]])} | {c[0] for c in CONTEXT_CASES if other(c[2])}
    assert static <= covered, sorted(static - covered)
