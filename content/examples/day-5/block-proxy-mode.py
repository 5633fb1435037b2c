"""Python twin of block-proxy-mode.ts:
The same block limit in proxy mode, which refuses calls.
"""
from openai import BadRequestError, OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

# Proxy mode: block limits are enforced.
payi_instrument(config={"proxy": True})
# In your own app, proxy mode also points the client at Pay-i:
# OpenAI(base_url=payi_openai_url(),
#        default_headers={"xProxy-Api-Key": ...})
client = OpenAI()
payi = Payi()  # reads PAYI_API_KEY
budget_id = "lim_budget-user_123"
payi.limits.create(
    limit_name="budget-user_123",
    limit_id=budget_id,
    max=0.00003,
    limit_type="block",
)


def ask(question: str) -> None:
    try:
        r = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": question}],
        )
        tracked = getattr(r, "xproxy_result", None)
        # No code: a tracking result, not a refusal.
        if tracked is not None and not getattr(tracked, "code", None):
            state = tracked.limits[budget_id].state
            print(f"answered; budget {state}")
    except BadRequestError as error:
        # A block limit refused it: HTTP 400, code limit_reached
        # (Pay-i's code is in the body's xproxy_error).
        body = error.body if isinstance(error.body, dict) else {}
        if body.get("xproxy_error", {}).get("code") != "limit_reached":
            raise
        message = body["xproxy_error"]["message"]
        print(f"refused: {error.status_code} {message}")


chat = ingest(user_id="user_123", limit_ids=[budget_id])(ask)
questions = ["Plan my week", "Now plan next week", "And the week after"]
for question in questions:
    chat(question)
