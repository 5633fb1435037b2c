"""Python twin of two-users.ts:
Two requests at once, two users, no mix-ups.
"""
import asyncio

from openai import AsyncOpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = AsyncOpenAI()


async def chat(question: str, think_seconds: float) -> None:
    await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    # Meanwhile, the other request runs.
    await asyncio.sleep(think_seconds)
    await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "user", "content": f"Say more about: {question}"}
        ],
    )


# One scope per request, built with that request's user.
async def handle_request(
    user_id: str, question: str, think_seconds: float
) -> None:
    await ingest(user_id=user_id)(chat)(question, think_seconds)


# Two requests at once: their awaits interleave, their scopes
# do not mix.
async def main() -> None:
    await asyncio.gather(
        handle_request("user_123", "What is a vector index?", 1.0),
        handle_request("user_456", "What is a token?", 0.01),
    )
    print("Four calls, two users, no mix-ups.")


asyncio.run(main())
