# user_456 asks three questions, then user_123 asks one. Today
# both share one budget.
# Task: give each user a block budget of their own, named
# budget-<user id>, with a max of $0.00003, and enforce it, so
# that user_456's third question is refused and user_123 is
# still answered.
from openai import BadRequestError, OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()
payi = Payi()
shared = "lim_budget-everyone"
payi.limits.create(
    limit_name="budget-everyone", limit_id=shared, max=0.00003, limit_type="block"
)


def handle_request(user_id: str, question: str) -> None:
    chat = ingest(user_id=user_id, limit_ids=[shared])(
        lambda: client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": question}],
        )
    )
    try:
        chat()
        print(f"{user_id}: answered")
    except BadRequestError as error:
        # A budget refusal: HTTP 400, Pay-i's code limit_reached.
        body = error.body if isinstance(error.body, dict) else {}
        if body.get("xproxy_error", {}).get("code") != "limit_reached":
            raise
        print(f"{user_id}: refused ({body['xproxy_error']['message']})")


handle_request("user_456", "Plan my week")
handle_request("user_456", "Now plan next week")
handle_request("user_456", "And the week after")
handle_request("user_123", "Summarize this article")
