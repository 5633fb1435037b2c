"""Python twin of no-user-yet.ts:
Day 1's set-up, where no call has a user.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument

# Day 1's set-up: every call is captured, priced and timed...
payi_instrument()
client = OpenAI()

prompts = ["Tell me a joke", "Write a haiku about spring"]
for prompt in prompts:
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    print(reply.choices[0].message.content)
# ...but nothing says who asked: neither call has a user.
