"""Python twin of precedence.ts:
Global config, then @ingest, then track_context, then headers.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest, track_context
from payi.lib.helpers import create_headers

# The global context.
payi_instrument(config={"user_id": "service_nightly"})
client = OpenAI()


def ask(prompt: str, headers: dict[str, str] | None = None) -> None:
    client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
        extra_headers=headers,
    )


def handle_request() -> None:
    # 2. ingest overrides global
    ask("Answer my question")
    with track_context(user_id="user_456"):
        # 3. track_context overrides ingest
        ask("Answer for the user I help")
        headers = create_headers(user_id="user_789")
        # 4. the header wins
        ask("Check with a colleague", headers)


# 1. global
ask("Write the nightly digest")
ingest(user_id="user_123")(handle_request)()
