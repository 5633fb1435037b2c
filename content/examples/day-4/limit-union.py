"""Python twin of limit-union.ts:
Limit ids form a union in scopes, a header replaces them.
"""
from openai import OpenAI
from payi import Payi
from payi.lib.instrument import payi_instrument, ingest
from payi.lib.helpers import create_headers

payi_instrument()
client = OpenAI()
payi = Payi()  # reads PAYI_API_KEY


def create_limit(name: str, max_usd: float) -> str:
    # A deterministic limit id, the same as the TypeScript twin's.
    limit_id = f"lim_{name}"
    payi.limits.create(limit_name=name, limit_id=limit_id, max=max_usd)
    return limit_id


team = create_limit("team-support", 1)
user = create_limit("budget-user_123", 0.01)
trial = create_limit("free-trial", 0.001)


def ask(prompt: str, headers: dict[str, str] | None = None) -> None:
    client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
        extra_headers=headers,
    )


def for_user() -> None:
    # a union: the team's limit and the user's
    ask("Draft my reply")
    # A header's list replaces the context's, for this call only.
    ask("Try the new model", create_headers(limit_ids=[trial]))


def for_team() -> None:
    ask("Summarize today's tickets")  # the team's limit only
    ingest(user_id="user_123", limit_ids=[user])(for_user)()


ingest(limit_ids=[team])(for_team)()
