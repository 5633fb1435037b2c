"""Python twin of name-a-use-case.ts:
A named use case and the default one.
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


# One feature of the product: every call inside it is
# counted under its name.
@ingest(use_case_name="ticket_summary")
def summarize_ticket(ticket: str) -> str:
    return ask(f"Summarize this support ticket: {ticket}")


print(summarize_ticket("My order is broken."))

# Outside any named use case: the default one, named
# after this file.
print(ask("Tell me a joke about support"))
