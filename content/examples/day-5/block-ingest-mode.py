"""Python twin of block-ingest-mode.ts:
A block limit in ingest mode, which Pay-i refuses to record.
"""
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()  # ingest mode, the default
client = OpenAI()
payi = Payi()  # reads PAYI_API_KEY
budget_id = "lim_budget-user_123"
payi.limits.create(
    limit_name="budget-user_123",
    limit_id=budget_id,
    max=0.00003,
    limit_type="block",
)


def ask(question: str) -> None:
    # Ingest mode: the call goes straight to the provider, and
    # Pay-i is told about it afterwards.
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    tracked = getattr(r, "xproxy_result", None)
    if tracked is not None and getattr(tracked, "code", None):
        # Pay-i refused to record it: an error with a code.
        print(f"answered, but not recorded: {tracked.code}")
    else:
        state = tracked.limits[budget_id].state if tracked else None
        print(f"answered; budget {state}")


chat = ingest(user_id="user_123", limit_ids=[budget_id])(ask)
questions = ["Plan my week", "Now plan next week", "And the week after"]
for question in questions:
    chat(question)
