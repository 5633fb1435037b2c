"""Python twin of what-is-captured.ts:
Model, tokens, cost and latency of three calls.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument

payi_instrument()
client = OpenAI()
question = "Write a haiku about cloud bills"

# A chat completion on a model with a public price.
chat = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": question}],
)
print(chat.choices[0].message.content)

# An embedding: it has input tokens only.
client.embeddings.create(
    model="text-embedding-3-small",
    input=question,
)

# A fine-tuned model: its name is unique to your
# organization, so the price table has no entry for it.
client.chat.completions.create(
    model="ft:gpt-4o-mini:acme::abc123",
    messages=[{"role": "user", "content": question}],
)
print("Done: compare the three rows.")
