"""Python twin of user-budgets.ts:
One allow limit per user, warning at 75%.
"""
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()
payi = Payi()  # reads PAYI_API_KEY

# One budget per user, warning at 75%. The max is tiny so the
# sandbox gets there: each call costs about $0.00002.
users = ["user_123", "user_456"]
budgets: dict[str, str] = {}
for user_id in users:
    # A deterministic id: the same every run, easy to find again.
    budgets[user_id] = f"lim_budget-{user_id}"
    payi.limits.create(
        limit_name=f"budget-{user_id}",
        limit_id=budgets[user_id],
        max=0.00005,  # USD
        threshold=0.75,
    )


def handle_request(user_id: str, question: str) -> None:
    @ingest(user_id=user_id, limit_ids=[budgets[user_id]])
    def chat() -> None:
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": question}],
        )

    chat()


handle_request("user_123", "Plan my week")
handle_request("user_123", "Now plan next week")
handle_request("user_456", "Summarize this article")
handle_request("user_123", "And the week after")

for user_id, limit_id in budgets.items():
    status = payi.limits.retrieve(limit_id=limit_id)
    spent = float(status.limit.totals.cost.total.base)
    print(f"{user_id}: ${spent:.6f} of $0.00005")
