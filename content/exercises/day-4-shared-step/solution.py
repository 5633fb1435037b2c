# Answering a question also refreshes the shared search index,
# which serves every user.
# Solution: an inner scope that clears the user and the limit
# ids, and names nothing else, so the use case is still
# inherited.
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()
payi = Payi()
budget = "lim_budget-user_123"
payi.limits.create(limit_name="budget-user_123", limit_id=budget, max=0.01)
docs = ["Returns are free for 30 days.", "Shipping takes two days."]


@ingest(user_id="", limit_ids=[])
def refresh_search_index() -> None:
    client.embeddings.create(
        model="text-embedding-3-small",
        input=docs,
    )


def answer(question: str) -> str | None:
    refresh_search_index()
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return r.choices[0].message.content


def handle_request(user_id: str, limit_id: str, question: str) -> str | None:
    scope = ingest(user_id=user_id, use_case_name="support_chat", limit_ids=[limit_id])
    return scope(answer)(question)


print(handle_request("user_123", budget, "Can I return shoes?"))
