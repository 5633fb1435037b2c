# Support tickets are paid from the team's budget, and each
# user also has a budget of their own.
# Task: make both calls count against BOTH limits, team-support
# and budget-user_123, without naming the team's limit inside
# handle_ticket.
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest
from payi.lib.helpers import create_headers

payi_instrument()
client = OpenAI()
payi = Payi()
team = "lim_team-support"
user_budget = "lim_budget-user_123"
payi.limits.create(limit_name="team-support", limit_id=team, max=1)
payi.limits.create(limit_name="budget-user_123", limit_id=user_budget, max=0.01)


def handle_ticket(user_id: str) -> None:
    for step in ["Summarize the ticket", "Draft a reply"]:
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": step}],
            extra_headers=create_headers(user_id=user_id, limit_ids=[user_budget]),
        )


ingest(limit_ids=[team])(handle_ticket)("user_123")
