"""Python twin of verify-spend.ts:
Each user's spend from the responses and from their budget.
"""
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()
payi = Payi()  # reads PAYI_API_KEY
budgets: dict[str, str] = {}
for user_id in ["user_123", "user_456", "user_789"]:
    budgets[user_id] = f"lim_budget-{user_id}"
    payi.limits.create(
        limit_name=f"budget-{user_id}",
        limit_id=budgets[user_id],
        max=0.01,
    )

# What the program saw: each response's tracking result, summed
# per user.
seen: dict[str, float] = {}


def handle_request(user_id: str, question: str) -> None:
    ask = ingest(user_id=user_id, limit_ids=[budgets[user_id]])(
        lambda: client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": question}],
        )
    )
    result = getattr(ask(), "xproxy_result", None)
    # No code: a tracking result, not a refusal.
    recorded = result is not None and not getattr(result, "code", None)
    if recorded and result.user_id:
        before = seen.get(result.user_id, 0.0)
        seen[result.user_id] = before + float(result.cost.total.base)


handle_request("user_123", "Plan my week")
handle_request("user_456", "Summarize this article")
handle_request("user_123", "Now plan next week")
handle_request("user_789", "Translate this email")

for user_id, limit_id in budgets.items():
    responses = seen.get(user_id, 0.0)
    status = payi.limits.retrieve(limit_id=limit_id)
    limit = float(status.limit.totals.cost.total.base)
    print(f"{user_id}: responses ${responses:.6f}, budget ${limit:.6f}")
