#!/bin/sh
wget -qO- --header="Authorization: Bearer $DASHSCOPE_API_KEY" --header="Content-Type: application/json" \
  --post-data='{"model": "qwen-plus", "messages": [{"role": "user", "content": "hi"}]}' \
  https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions
http POST https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions \
  Authorization:"Bearer $DASHSCOPE_API_KEY" model=qwen-plus temperature:=0.5 messages:='[{"role": "user", "content": "hi"}]'
