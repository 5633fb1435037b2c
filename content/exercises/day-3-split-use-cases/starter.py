# A support bot handles two tickets. For each ticket, one
# call summarizes it, then two calls draft and polish the
# reply. All six calls land in the default use case.
# Task: put the summary calls in "ticket_summary" (version 2)
# and the reply calls in "support_reply" (version 1), with
# one instance of each per ticket.
from openai import OpenAI
from payi.lib.instrument import payi_instrument

payi_instrument()
client = OpenAI()


def ask(prompt: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return response.choices[0].message.content or ""


def summarize(ticket: str) -> str:
    return ask(f"Summarize this support ticket: {ticket}")


def write_reply(summary: str) -> str:
    draft = ask(f"Draft a reply to: {summary}")
    return ask(f"Make this reply friendlier: {draft}")


tickets = ["My order is broken.", "I paid twice."]
for ticket in tickets:
    summary = summarize(ticket)
    print(write_reply(summary))
