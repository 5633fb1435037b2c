"""Python twin of instance-ids.ts:
New use case instances and joined ones.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()


def ask(prompt: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return response.choices[0].message.content or ""


class SupportBot:
    @ingest(use_case_name="support_reply")
    def handle_ticket(self, ticket: str) -> str:
        summary = self.summarize(ticket)
        draft = ask(f"Draft a reply to: {summary}")
        return self.check_tone(draft)

    # A different name from its caller: a new instance id
    # on every entry.
    @ingest(use_case_name="ticket_summary")
    def summarize(self, ticket: str) -> str:
        return ask(f"Summarize: {ticket}")

    # The same name as its caller: it joins that instance.
    @ingest(use_case_name="support_reply")
    def check_tone(self, draft: str) -> str:
        return ask(f"Is this reply polite? {draft}")


bot = SupportBot()
bot.handle_ticket("My order arrived broken.")
bot.handle_ticket("I was charged twice this month.")
