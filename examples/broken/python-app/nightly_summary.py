"""Nightly job: summarise the day's support tickets with Qwen (run from cron)."""

from openai import OpenAI

client = OpenAI(
    api_key="sk-sp-7Hq2Lm9Xv4Rt8Nw3Kp6Zb1Yc",
    base_url="https://coding.dashscope.aliyuncs.com/v1",
)


def summarise(tickets: list[str]) -> str:
    response = client.chat.completions.create(
        model="qwen3-max",
        messages=[{"role": "user", "content": "Summarise:\n" + "\n".join(tickets)}],
        temperature=2.0,
        n=3,
    )
    return response.choices[0].message.content
