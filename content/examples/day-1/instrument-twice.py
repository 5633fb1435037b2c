"""Python twin of instrument-twice.ts:
A second payi_instrument() does nothing.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument

# Your start-up code instruments the process...
payi_instrument()

# ...and later a module tries again with its own settings.
# This second call does nothing: the first one stays.
payi_instrument(
    config={"user_id": "user_123", "use_case_name": "reports"}
)

client = OpenAI()
question = "Summarize: revenue rose 4%."
response = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": question}],
)
print(response.choices[0].message.content)
