/**
 * Fastify's validator compiler for valibot schemas: every route declares its `params` and `body`
 * with the schemas of ./requests.ts, and Fastify runs them before any handler, exactly where it
 * would have run a JSON Schema. A failure is a 400 `invalid_request` whose message names the
 * fields (./messages.ts).
 */
import type { FastifySchemaCompiler } from "fastify";
import * as v from "valibot";
import { ApiFailure } from "../errors.ts";
import { describeIssues } from "./messages.ts";

function isValibotSchema(schema: unknown): schema is v.GenericSchema {
  return (
    typeof schema === "object" &&
    schema !== null &&
    "kind" in schema &&
    schema.kind === "schema" &&
    "~run" in schema
  );
}

export const valibotValidatorCompiler: FastifySchemaCompiler<unknown> = ({
  schema,
  method,
  url,
  httpPart = "body",
}) => {
  if (!isValibotSchema(schema))
    throw new Error(
      `${method} ${url}: its ${httpPart} schema is not a valibot schema; routes validate with the schemas in server/validation/requests.ts.`,
    );
  return (data: unknown) => {
    const result = v.safeParse(schema, data);
    if (result.success) {
      // Validation only: the request keeps what was sent (valibot's output would drop the fields
      // of an event that the schema does not know, and the size limit applies to what was sent).
      return { value: data };
    }
    return {
      error: new ApiFailure(
        400,
        "invalid_request",
        `Invalid request: ${describeIssues(httpPart, result.issues)}.`,
      ),
    };
  };
};
