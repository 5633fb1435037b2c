"""Python twin of print-the-result.ts:
Print what was tracked for one call.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument

payi_instrument()
client = OpenAI()

question = "Give me three tips on saving tokens"
response = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": question}],
)
print(response.choices[0].message.content)

# What was tracked for this call: use case, user, cost,
# limit states. None means the call was not instrumented.
tracked = getattr(response, "xproxy_result", None)
print(tracked)

# A priced call has a total in US dollars (Pay-i puts each
# amount under "base"). When Pay-i refuses to record a call,
# the result is an error with a code and a message instead.
if tracked is not None and getattr(tracked, "code", None) is None:
    print(f"{tracked.use_case_name}: ${tracked.cost.total.base}")
