# A support agent works through the ticket queue. The queue
# summary is the agent's own call; each reply drafted for a
# ticket counts against that ticket's customer.
# Task: tag each drafted reply with its customer.
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest

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
        # Made for ticket["customer_id"], but still tagged agent_7.
        prompt = f"Draft a reply to: {ticket['question']}"
        client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": prompt}],
        )


work_queue()
