# Two requests arrive, one after the other, from two users.
# Task: tag each request's call with the user who made it,
# without changing the two requests at the bottom.
from types import SimpleNamespace

from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

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


# The user id is read once, here, when the handler is defined...
handle_request = ingest(user_id=current_user.id)(answer)

# ...so the request from user_456 is still tagged user_123.
current_user.id = "user_123"
handle_request("What is on my calendar today?")
current_user.id = "user_456"
handle_request("Draft a reply to my last email.")
