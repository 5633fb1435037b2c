"""Python twin of header-wins.ts:
A user header wins over @ingest, for that call only.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest
from payi.lib.helpers import create_headers

payi_instrument()
client = OpenAI()


@ingest(user_id="user_123")
def handle() -> None:
    # Tagged from the context: user_123.
    client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Summarize my inbox"}],
    )
    # Made on behalf of someone else: the header wins.
    client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Summarize Sam's inbox"}],
        extra_headers=create_headers(user_id="user_456"),
    )
    # No header: the scope's user again. A header counts for
    # the one call it is passed with.
    client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Draft my reply"}],
    )


handle()
print("Calls 1 and 3 are user_123's, call 2 is user_456's.")
