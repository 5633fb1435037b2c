"""Python twin of user-from-parameter.ts:
The user passed with each call, in its headers.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument
from payi.lib.helpers import create_headers

payi_instrument()
client = OpenAI()


# The user comes in as a parameter: tag the call itself.
def answer_for(user_id: str, prompt: str) -> str | None:
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
        extra_headers=create_headers(user_id=user_id),
    )
    return reply.choices[0].message.content


print(answer_for("user_123", "Tell me a joke"))
print(answer_for("user_456", "Write a haiku about spring"))
