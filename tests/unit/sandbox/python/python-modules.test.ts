/**
 * The course's Python modules (`payi`, `openai`) run in Pyodide under Node, exactly as the
 * browser's Python runner runs them (the same host code, the same runtime bundle), with no network:
 * Python's own semantics (decorator arguments read at decoration time, context managers,
 * contextvars across asyncio tasks), the OpenAI client's shape (streaming, Responses, embeddings,
 * async clients, errors), Pay-i's result shape, and errors that read like Python.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { CallEvent } from "../../../../shared/calls/event.ts";
import { ensureBundle } from "../../../../sandbox/cli/ensure-bundle.ts";
import { runPythonProgram } from "../../../../sandbox/cli/run-python-program.ts";

before(async () => {
  await ensureBundle();
});

async function run(source: string, fileName = "program.py") {
  const result = await runPythonProgram(source, { fileName, latencyScale: 0, timeoutMs: 60_000 });
  const plain = result.output.replace(/\u001b\[[0-9;]*m/g, "");
  return { ...result, plain };
}

const users = (events: CallEvent[]) => events.map((event) => event.userId.value);

const CALL = `client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])`;

describe("Python modules in Pyodide", { concurrency: 2 }, () => {
  test("decorator arguments are read when the decorator is applied (the g.user trap)", async () => {
    const { events, end, plain } = await run(`
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest
payi_instrument()
client = OpenAI()
current = {"id": "user_123"}

@ingest(user_id=current["id"])
def reply():
    ${CALL}

reply()
current["id"] = "user_456"
reply()
print("done")
`);
    assert.deepEqual(end, { kind: "exited", code: 0, crashed: false }, plain);
    assert.deepEqual(users(events), ["user_123", "user_123"]);
    assert.equal(events[0]?.userId.origin.kind, "ingest");
    assert.equal(events[0]?.userId.origin.label, "ingest() on reply, line 8");
    assert.equal(events[0]?.callSite?.line, 10);
    assert.equal(events[0]?.useCase.value?.name, "program", "the default use case names the file");
  });

  test("contextvars keep two asyncio tasks' scopes apart, and track_context nests and restores", async () => {
    const { events, plain } = await run(`
import asyncio
from openai import AsyncOpenAI
from payi.lib.instrument import payi_instrument, ingest, track_context
payi_instrument(config={"user_id": "service"})
client = AsyncOpenAI()

async def chat(pause):
    await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "a"}])
    await asyncio.sleep(pause)
    with track_context(use_case_step="second"):
        await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "b"}])

async def main():
    await asyncio.gather(ingest(user_id="user_1")(chat)(0.05), ingest(user_id="user_2")(chat)(0))
    await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "c"}])

asyncio.run(main())
`);
    assert.deepEqual(users(events), ["user_1", "user_2", "user_2", "user_1", "service"], plain);
    assert.equal(events[4]?.userId.origin.kind, "global");
    assert.equal(events[2]?.userId.origin.kind, "ingest", "inherited through track_context");
    assert.equal(events[2]?.userId.origin.label.startsWith("ingest() on chat"), true);
  });

  test("None means not given, '' and [] clear, use_case_version=0 is no version", async () => {
    const { events, plain } = await run(`
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest, track_context
payi_instrument(config={"user_id": "u", "limit_ids": ["a"]})
client = OpenAI()
with track_context(user_id=None, limit_ids=None):
    ${CALL}
with track_context(user_id="", limit_ids=[]):
    ${CALL}
with track_context(use_case_name="x", use_case_version=0):
    ${CALL}
`);
    assert.equal(events.length, 3, plain);
    assert.equal(events[0]?.userId.value, "u");
    assert.deepEqual(events[0]?.limitIds.value, ["a"]);
    assert.equal(events[1]?.userId.value, null);
    assert.equal(events[1]?.userId.cleared, true);
    assert.equal(events[1]?.limitIds.cleared, true);
    assert.equal(events[2]?.useCase.value?.version, null);
  });

  test("create_headers and raw headers win per call; the warnings speak Python", async () => {
    const { events, plain } = await run(`
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest
from payi.lib.helpers import create_headers
payi_instrument()
client = OpenAI()

@ingest(user_id="user_123", use_case_id="ignored")
def handle():
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
        extra_headers=create_headers(user_id="user_456", limit_ids=[" a ", "", "b"]))
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
        extra_headers={"xProxy-User-ID": ""})

handle()
print(create_headers(use_case_version=0, user_id=""))
`);
    assert.equal(events[0]?.userId.value, "user_456");
    assert.equal(events[0]?.userId.origin.kind, "header");
    assert.deepEqual(events[0]?.limitIds.value, ["a", "b"]);
    assert.equal(events[1]?.userId.value, null);
    assert.equal(events[1]?.userId.cleared, true);
    assert.match(plain, /use_case_id\/use_case_version are ignored without use_case_name/);
    assert.doesNotMatch(plain, /useCaseName|payiInstrument/);
    assert.match(plain, /^\{\}$/m);
  });

  test("streaming with stream_options, the Responses API and embeddings are each one call", async () => {
    const { events, plain, end } = await run(`
from openai import OpenAI
from payi.lib.instrument import payi_instrument
payi_instrument()
client = OpenAI()
stream = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Tell me a joke"}],
    stream=True, stream_options={"include_usage": True})
text = ""
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        text += chunk.choices[0].delta.content
    if chunk.usage:
        print("usage", chunk.usage.prompt_tokens > 0)
print("streamed", len(text) > 0)
r = client.responses.create(model="gpt-4o-mini", input="Write a haiku")
print("responses", len(r.output_text) > 0, r.xproxy_result.cost.total.base > 0)
e = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
print("embeddings", len(e.data), e.usage.prompt_tokens > 0)
with client.responses.create(model="gpt-4o-mini", input="hi", stream=True) as events:
    kinds = {event.type for event in events}
print("events", "response.completed" in kinds)
`);
    assert.deepEqual(end, { kind: "exited", code: 0, crashed: false }, plain);
    assert.match(
      plain,
      /usage True\nstreamed True\nresponses True True\nembeddings 2 True\nevents True/,
    );
    assert.deepEqual(
      events.map((event) => [event.api, event.streaming, event.cost.status]),
      [
        ["chat.completions", true, "priced"],
        ["responses", false, "priced"],
        ["embeddings", false, "priced"],
        ["responses", true, "priced"],
      ],
    );
  });

  test("Pay-i's result shape, limits, and a proxy refusal as BadRequestError with Pay-i's body", async () => {
    const { plain, events } = await run(`
from openai import OpenAI, BadRequestError, APIStatusError
from payi import Payi
from payi.lib.instrument import payi_instrument, proxy
payi_instrument()
client = OpenAI()
payi = Payi()
payi.limits.create(limit_name="tiny", limit_id="lim_tiny", max=0.000001, limit_type="block")

@proxy(user_id="user_1", limit_ids=["lim_tiny"])
def ask():
    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    print("state", r.xproxy_result.limits["lim_tiny"].state, r.xproxy_result.user_id)

ask()
try:
    ask()
except BadRequestError as error:
    print("refused", error.status_code, error.body["xproxy_error"]["code"], isinstance(error, APIStatusError))
print("spent", payi.limits.retrieve(limit_id="lim_tiny").limit.totals.cost.total.base > 0)
try:
    client.chat.completions.create(model="no-such-model", messages=[])
except APIStatusError as error:
    print("error", type(error).__name__, error.status_code)
`);
    assert.match(plain, /state overrun user_1\nrefused 400 limit_reached True\nspent True/);
    assert.match(plain, /error BadRequestError 400|error NotFoundError 404/);
    assert.equal(events[0]?.mode, "proxy");
    assert.equal(events[1]?.limits[0]?.state, "blocked");
  });

  test("an uncaught error is a Python traceback of the learner's lines; print and logging reach the output", async () => {
    const { end, plain } = await run(
      `
import logging
print("before")
logging.warning("careful")

def fail():
    raise ValueError("no user id")

fail()
`,
      "broken.py",
    );
    assert.deepEqual(end, { kind: "exited", code: 1, crashed: true });
    assert.match(plain, /before\nWARNING:root:careful\n/);
    assert.match(
      plain,
      /Traceback \(most recent call last\):\n {2}File "broken\.py", line 9, in <module>\n {4}fail\(\)\n[\s\S]*File "broken\.py", line 7, in fail\n[\s\S]*ValueError: no user id/,
    );
    assert.doesNotMatch(plain, /_payi_runner|site-packages|payi-course/);
  });

  test("a syntax error is reported before anything runs", async () => {
    const { end, plain, events } = await run(
      `print("this must not print")\nfrom payi.lib.instrument import payi_instrument\nif True\n    payi_instrument()\n`,
      "typo.py",
    );
    assert.equal(end.kind, "syntax-error");
    assert.equal(events.length, 0);
    assert.doesNotMatch(plain, /this must not print/);
    assert.match(plain, /File "typo\.py", line 3\n[\s\S]*SyntaxError: expected ':'/);
  });

  test("calls before payi_instrument() are uncaptured; a wrong type is a Python TypeError", async () => {
    const { uncaptured, events, plain, end } = await run(`
from openai import OpenAI
from payi.lib.instrument import payi_instrument, ingest
client = OpenAI()
${CALL}
payi_instrument()
${CALL}
ingest(user_id=123)
`);
    assert.equal(uncaptured.length, 1);
    assert.equal(uncaptured[0]?.reason, "not-instrumented");
    assert.equal(uncaptured[0]?.callSite?.line, 5);
    assert.equal(events.length, 1, "the call after payi_instrument() is captured");
    assert.equal(end.kind, "exited");
    assert.match(plain, /made before payi_instrument\(\)/);
    assert.match(plain, /TypeError: ingest: user_id must be a str, not int/);
  });
});
