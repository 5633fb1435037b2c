"""Python twin of header-use-case.ts:
A header moves one call to another use case.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest
from payi.lib.helpers import create_headers

payi_instrument()
client = OpenAI()
model = "gpt-4o-mini"


@ingest(use_case_name="support_reply", use_case_version=3)
def handle_ticket(ticket: str) -> str | None:
    # The abuse check is a feature of its own: the header
    # moves this one call to it.
    check = f"Is this abusive? {ticket}"
    client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": check}],
        extra_headers=create_headers(use_case_name="moderation"),
    )

    # No header: this call is in support_reply, version 3.
    draft = f"Reply to: {ticket}"
    reply = client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": draft}],
    )
    return reply.choices[0].message.content


print(handle_ticket("I was charged twice."))
