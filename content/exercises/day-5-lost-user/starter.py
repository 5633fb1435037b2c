# Each request answers a question, then suggests a title for
# the conversation.
# Task: the per-user summary shows an "unattributed" row, and
# each budget has counted only one call. Make every call count
# for the user who made the request, and against that user's
# budget.
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()
payi = Payi()
budgets: dict[str, str] = {}
for user_id in ["user_123", "user_456"]:
    budgets[user_id] = f"lim_budget-{user_id}"
    payi.limits.create(limit_name=f"budget-{user_id}", limit_id=budgets[user_id], max=0.01)


def ask(prompt: str) -> str:
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return r.choices[0].message.content or ""


def handle_request(user_id: str, question: str) -> dict[str, str]:
    scope = ingest(user_id=user_id, limit_ids=[budgets[user_id]])
    answer = scope(ask)(question)
    title = ask(f"A five-word title for: {answer}")
    return {"answer": answer, "title": title}


handle_request("user_123", "How do I reset my password?")
handle_request("user_456", "Which plan includes SSO?")
