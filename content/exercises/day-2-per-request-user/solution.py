# Two requests arrive, one after the other, from two users.
# Solution: read the user when each request is handled, and
# open the request's scope there.
from types import SimpleNamespace

from openai import OpenAI
from payi.lib.instrument import payi_instrument, track_context

payi_instrument()
client = OpenAI()

# Stands in for the signed-in user of the request being handled
# (like Flask's g.user).
current_user = SimpleNamespace(id="user_123")


def answer(question: str) -> str | None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.content


def handle_request(question: str) -> str | None:
    # Per request: current_user.id is this request's user. (The
    # @ingest-era way works too: ingest(user_id=...)(answer)(question).)
    with track_context(user_id=current_user.id):
        return answer(question)


current_user.id = "user_123"
handle_request("What is on my calendar today?")
current_user.id = "user_456"
handle_request("Draft a reply to my last email.")
