import os
import httpx

with httpx.Client() as client:
    r = client.post("https://dashscope.aliyuncs.com/api/v1/services/aigc/text-generation/generation",
                    headers={"Authorization": "Bearer " + os.environ["DASHSCOPE_API_KEY"]},
                    json={"model": "qwen-plus", "input": {"messages": []}, "parameters": {"result_format": "message"}})
