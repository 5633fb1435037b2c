"""Python twin of inherit-override-clear.ts:
Inner scopes inherit, override and clear.
"""
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()


def ask(prompt: str) -> str:
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
    )
    return r.choices[0].message.content or ""


# Inner scopes: each names only what it changes.
@ingest(use_case_name="translate")
def translate(text: str) -> str:
    return ask(f"Translate to English: {text}")


@ingest(user_id="")
def update_faq_stats(question: str) -> str:
    return ask(f"Which FAQ topic is this? {question}")


def answer(question: str) -> str:
    # user inherited, own use case
    english = translate(question)
    # use case inherited, user cleared
    update_faq_stats(english)
    # both from this scope
    return ask(f"Answer the customer: {english}")


# The outer scope, built per request with this request's user.
def handle_request(user_id: str, question: str) -> str:
    scope = ingest(user_id=user_id, use_case_name="support_chat")
    return scope(answer)(question)


handle_request("user_123", "Où est ma commande ?")
print("Three calls: translate, update the FAQ stats, answer.")
