# A support agent works through the ticket queue. The queue
# summary is the agent's own call; each reply drafted for a
# ticket counts against that ticket's customer.
# Solution: the replies carry their customer in their own
# headers, which win over @ingest for that call only.
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest
from payi.lib.helpers import create_headers

payi_instrument()
client = OpenAI()

tickets = [
    {"customer_id": "cust_ana", "question": "Why was I charged twice?"},
    {"customer_id": "cust_bo", "question": "How do I export my data?"},
]


@ingest(user_id="agent_7")
def work_queue() -> None:
    # The agent's own call: billed to agent_7.
    client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Summarize the open tickets"}],
    )
    for ticket in tickets:
        # Made for the customer: billed to ticket["customer_id"].
        prompt = f"Draft a reply to: {ticket['question']}"
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": prompt}],
            extra_headers=create_headers(user_id=ticket["customer_id"]),
        )


work_queue()
