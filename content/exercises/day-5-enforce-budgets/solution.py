# user_456 asks three questions, then user_123 asks one.
# Solution: one block limit per user, attached next to that
# user's id, and proxy mode, the only mode in which a block
# limit can refuse a call.
from openai import BadRequestError, OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument(config={"proxy": True})
client = OpenAI()
payi = Payi()
budgets: dict[str, str] = {}


def budget_for(user_id: str) -> str:
    if user_id not in budgets:
        budgets[user_id] = f"lim_budget-{user_id}"
        payi.limits.create(
            limit_name=f"budget-{user_id}",
            limit_id=budgets[user_id],
            max=0.00003,
            limit_type="block",
        )
    return budgets[user_id]


def handle_request(user_id: str, question: str) -> None:
    chat = ingest(user_id=user_id, limit_ids=[budget_for(user_id)])(
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
