# A support bot handles two tickets. For each ticket, one
# call summarizes it, then two calls draft and polish the
# reply.
# Solution: decorate each feature's function once; every call
# of a decorated function is a new instance.
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()


def ask(prompt: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return response.choices[0].message.content or ""


@ingest(use_case_name="ticket_summary", use_case_version=2)
def summarize(ticket: str) -> str:
    return ask(f"Summarize this support ticket: {ticket}")


# Both calls run in one entry, so they share one instance.
@ingest(use_case_name="support_reply", use_case_version=1)
def write_reply(summary: str) -> str:
    draft = ask(f"Draft a reply to: {summary}")
    return ask(f"Make this reply friendlier: {draft}")


tickets = ["My order is broken.", "I paid twice."]
for ticket in tickets:
    summary = summarize(ticket)
    print(write_reply(summary))
