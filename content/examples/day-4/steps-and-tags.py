"""Python twin of steps-and-tags.ts:
Use case steps and request tags with track_context.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest, track_context

payi_instrument()
client = OpenAI()


def ask(prompt: str) -> str:
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return r.choices[0].message.content or ""


def retrieve(question: str) -> str:
    client.embeddings.create(
        model="text-embedding-3-small",
        input=question,
    )
    # Nested: inherits the user and use case, not the tags or the
    # step.
    with track_context(use_case_step="rerank"):
        return ask(f"Pick the facts for: {question}")


def answer(question: str) -> str:
    with track_context(
        use_case_step="retrieve", request_tags=["rag"]
    ):
        facts = retrieve(question)

    with track_context(
        use_case_step="draft", request_tags=["prompt-v2"]
    ):
        return ask(f"Answer with: {facts}")


request = ingest(user_id="user_123", use_case_name="support_chat")
request(answer)("Can I return shoes?")
print("Three calls, one use case, three steps.")
