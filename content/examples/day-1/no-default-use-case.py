"""Python twin of no-default-use-case.ts:
Turn the default use case off.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument

# An empty name turns the default use case off: calls are
# still captured and priced, but belong to no use case.
payi_instrument(config={"use_case_name": ""})

client = OpenAI()
question = "Explain prompt caching briefly."
response = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": question}],
)
print(response.choices[0].message.content)
