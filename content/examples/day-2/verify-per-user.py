"""Python twin of verify-per-user.ts:
Requests and spend per user, and one untagged call.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()


def answer(model: str, prompt: str) -> str | None:
    reply = client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": prompt}],
    )
    return reply.choices[0].message.content


# One request: its user's id wraps the work.
def handle(user_id: str, model: str, prompt: str) -> str | None:
    return ingest(user_id=user_id)(answer)(model, prompt)


# Four requests from three users; one uses a bigger model.
handle("u_7f3a9c", "gpt-4o-mini", "Summarize my inbox")
handle("u_91c2d0", "gpt-4o", "Review this contract")
handle("u_7f3a9c", "gpt-4o-mini", "Draft a reply to Sam")
handle("u_0d44e1", "gpt-4o-mini", "Plan my week")

# A background job nobody tagged: its cost is nobody's.
answer("gpt-4o-mini", "Write tonight's release notes")
