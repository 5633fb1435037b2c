"""Python twin of invalid-use-case-name.ts:
A use case name Pay-i refuses, and a valid one.
"""
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


# Not a valid Pay-i name: it has spaces. Only letters,
# digits, ".", "-" and "_", at most 64 characters.
@ingest(use_case_name="Ticket summary v2")
def summarize_old(ticket: str) -> str:
    return ask(f"Summarize: {ticket}")


# The same feature, named by the rule, with its release as
# the version instead of in the name.
@ingest(use_case_name="ticket_summary", use_case_version=2)
def summarize(ticket: str) -> str:
    return ask(f"Summarize: {ticket}")


summarize_old("My order is broken.")
summarize("My order is broken.")
print("Read the warning on the first row.")
