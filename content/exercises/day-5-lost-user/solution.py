# Each request answers a question, then suggests a title for
# the conversation.
# Solution: the title was asked for after the @ingest wrapper
# had returned, outside the scope. Wrap the whole request, so
# both calls carry the user and count against the budget.
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
    @ingest(user_id=user_id, limit_ids=[budgets[user_id]])
    def request() -> dict[str, str]:
        answer = ask(question)
        title = ask(f"A five-word title for: {answer}")
        return {"answer": answer, "title": title}

    return request()


handle_request("user_123", "How do I reset my password?")
handle_request("user_456", "Which plan includes SSO?")
