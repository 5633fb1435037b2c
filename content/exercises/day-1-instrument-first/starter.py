# A small app: a warm-up call checks that the model answers,
# then it answers two questions.
# Task: make all three calls tracked, and print what was
# tracked for the warm-up call.
from openai import OpenAI
from payi.lib.instrument import payi_instrument

client = OpenAI()


def ask(question: str):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )


warm_up = ask("Hello, are you there?")
print("Warm-up tracked as:", getattr(warm_up, "xproxy_result", None))

payi_instrument()

questions = ["What is a token?", "What is a prompt?"]
for question in questions:
    answer = ask(question)
    print(answer.choices[0].message.content)
