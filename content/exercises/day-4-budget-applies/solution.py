# Support tickets are paid from the team's budget, and each
# user also has a budget of their own.
# Solution: a header's limit ids replace the context's, but a
# nested scope's are added to its parent's. So the user's
# budget goes in a nested scope, next to the user id.
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest

payi_instrument()
client = OpenAI()
payi = Payi()
team = "lim_team-support"
user_budget = "lim_budget-user_123"
payi.limits.create(limit_name="team-support", limit_id=team, max=1)
payi.limits.create(limit_name="budget-user_123", limit_id=user_budget, max=0.01)


def work() -> None:
    for step in ["Summarize the ticket", "Draft a reply"]:
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": step}],
        )


def handle_ticket(user_id: str) -> None:
    ingest(user_id=user_id, limit_ids=[user_budget])(work)()


ingest(limit_ids=[team])(handle_ticket)("user_123")
