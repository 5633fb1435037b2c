"""Python twin of before-and-after.ts:
A call before payi_instrument() and a call after it.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument


def ask(client: OpenAI, question: str) -> str | None:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return response.choices[0].message.content


# Too early: instrumentation is not on yet, so this call
# leaves no record.
early = OpenAI()  # reads OPENAI_API_KEY
print("Before:", ask(early, "Tell me a joke about invoices"))

# Instrument first, then create the client you use from now
# on: Pay-i hooks into the provider library as it starts.
payi_instrument()
client = OpenAI()

# From here on, every OpenAI call is captured.
print("After:", ask(client, "Tell me a joke about budgets"))
