import os
import requests

API_KEY = os.getenv("DASHSCOPE_API_KEY")
url = "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"
resp = requests.post(
    url,
    headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
    json={"model": "qwen-plus", "temperature": 0.7, "messages": [{"role": "user", "content": "hi"}]},
)
print(resp.json())
