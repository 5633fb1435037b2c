"""Python twin of user-read-at-definition.ts:
The trap of reading the user once, at definition.
"""
from types import SimpleNamespace

from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()

# Stands in for Flask's g: g.user is the signed-in user of the
# request being handled. (Flask's own g does not exist outside
# a request, so there the decorator below would raise.)
g = SimpleNamespace(user=SimpleNamespace(id="user_123"))


class Assistant:
    # Runs once, when the class is defined: user_123 for good.
    @ingest(user_id=g.user.id)
    def reply(self, prompt: str) -> str | None:
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": prompt}],
        )
        return response.choices[0].message.content


assistant = Assistant()


def handle_request(user_id: str, prompt: str) -> str | None:
    # What your authentication middleware does for each request:
    g.user.id = user_id
    return assistant.reply(prompt)


# Two requests, from two different users.
handle_request("user_123", "Summarize my inbox")
handle_request("user_456", "Plan my week")
print("user_456's request was billed to user_123.")
