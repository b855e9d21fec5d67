"""Nightly job: summarise the day's support tickets with Qwen (run from cron)."""

import os

from openai import OpenAI

client = OpenAI(
    api_key=os.environ["DASHSCOPE_API_KEY"],
    base_url="https://ws-8f3k2m1q.cn-beijing.maas.aliyuncs.com/compatible-mode/v1",
)


def summarise(tickets: list[str]) -> str:
    response = client.chat.completions.create(
        model="qwen-plus",
        messages=[{"role": "user", "content": "Summarise:\n" + "\n".join(tickets)}],
        temperature=0.7,
        n=2,
    )
    return response.choices[0].message.content
