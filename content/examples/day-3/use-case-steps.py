"""Python twin of use-case-steps.ts:
Steps of one run, and a step with no use case.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest, track_context

payi_instrument(config={"use_case_name": ""})  # no default use case
client = OpenAI()


def ask(prompt: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return response.choices[0].message.content or ""


@ingest(use_case_name="docs_qa", use_case_version=3)
def answer_question(question: str) -> str:
    # Each step keeps the use case's name, id and version.
    with track_context(use_case_step="rewrite_query"):
        query = ask(f"Rewrite as a search query: {question}")
    with track_context(use_case_step="answer"):
        return ask(f"Answer from the docs: {query}")


print(answer_question("How do I rotate a key?"))

# No use case is in scope here, so the step has nothing
# to belong to: it is dropped.
with track_context(use_case_step="warm_up"):
    ask("Hello")
