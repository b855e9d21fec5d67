#!/usr/bin/env bash
# Start Claude Code on Model Studio (copied from an old blog post).
export ANTHROPIC_BASE_URL="https://dashscope.aliyuncs.com/api/v2/apps/claude-code-proxy"
export ANTHROPIC_AUTH_TOKEN="sk-xxx"
export ANTHROPIC_MODEL="qwen3-coder-plus"
exec claude "$@"
