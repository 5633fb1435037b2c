"""Python twin of user-read-per-request.ts:
A scope opened per request, with its user.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, track_context

payi_instrument()
client = OpenAI()


class Assistant:
    # No user here: this code is shared by every request.
    def reply(self, prompt: str) -> str | None:
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": prompt}],
        )
        return response.choices[0].message.content


assistant = Assistant()


def handle_request(user_id: str, prompt: str) -> str | None:
    # A scope opened per request, with this request's user.
    with track_context(user_id=user_id):
        return assistant.reply(prompt)


handle_request("user_123", "Summarize my inbox")
handle_request("user_456", "Plan my week")
print("Each request is tagged with its own user.")
