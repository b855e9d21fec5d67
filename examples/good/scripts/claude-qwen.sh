#!/usr/bin/env bash
# Start Claude Code on Model Studio; the key comes from your shell (DASHSCOPE_API_KEY).
export ANTHROPIC_BASE_URL="https://ws-8f3k2m1q.cn-beijing.maas.aliyuncs.com/apps/anthropic"
export ANTHROPIC_AUTH_TOKEN="${DASHSCOPE_API_KEY}"
export ANTHROPIC_MODEL="qwen3-coder-plus"
exec claude "$@"
