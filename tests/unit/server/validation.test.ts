/**
 * The room service's request validation: valibot issues become one short sentence naming the
 * fields, and a route can only declare valibot schemas.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import Fastify from "fastify";
import * as v from "valibot";
import { valibotValidatorCompiler } from "../../../server/validation/compiler.ts";
import { describeIssues } from "../../../server/validation/messages.ts";

function issuesOf(schema: v.GenericSchema, value: unknown) {
  const result = v.safeParse(schema, value);
  assert.ok(!result.success, "the value must be invalid");
  return result.issues;
}

test("what is missing from one object and what it must not have are said together", () => {
  const schema = v.strictObject({ a: v.string(), b: v.number(), c: v.boolean() });
  assert.equal(
    describeIssues("body", issuesOf(schema, { c: true, d: 1 })),
    "body must have a and b and must NOT have additional property d",
  );
});

test("at most three problems are listed, then how many more", () => {
  const schema = v.array(v.object({ id: v.string() }));
  assert.equal(
    describeIssues("body", issuesOf(schema, [{}, {}, {}, {}, {}])),
    "body/0 must have id; body/1 must have id; body/2 must have id; and 2 more",
  );
});

test("a long value is cut in the message", () => {
  const message = describeIssues("body", issuesOf(v.number(), "x".repeat(10_000)));
  assert.ok(message.length < 80, message);
  assert.match(message, /^body must be number, not "x+…$/);
});

test("a route that declares a JSON Schema is refused when the app starts", async () => {
  const app = Fastify();
  app.setValidatorCompiler(valibotValidatorCompiler);
  app.post("/x", { schema: { body: { type: "object" } } }, async () => ({}));
  await assert.rejects(
    async () => void (await app.ready()),
    /POST \/x: its body schema is not a valibot schema/,
  );
  await app.close();
});
