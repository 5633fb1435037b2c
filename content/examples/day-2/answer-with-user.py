"""Python twin of answer-with-user.ts:
Every call a function makes, tagged with one user.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()


@ingest(user_id="user_123")
def answer(prompt: str) -> str | None:
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return r.choices[0].message.content


print(answer("Tell me a joke"))
