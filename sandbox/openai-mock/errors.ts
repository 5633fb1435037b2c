/** Errors shaped like the real API's, so the SDK raises its own typed errors (BadRequestError, NotFoundError...). */

/** A request the API would refuse: an HTTP status and the API's `error` object. */
export class MockApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;

  constructor(
    status: number,
    message: string,
    param: string | null = null,
    code: string | null = null,
  ) {
    super(message);
    this.status = status;
    this.type = "invalid_request_error";
    this.param = param;
    this.code = code;
  }

  /** The JSON body the API sends with this error. */
  toJSON(): {
    error: { message: string; type: string; param: string | null; code: string | null };
  } {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

export const modelNotFound = (model: string): MockApiError =>
  new MockApiError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    null,
    "model_not_found",
  );

export const invalidUrl = (method: string, path: string): MockApiError =>
  new MockApiError(404, `Invalid URL (${method} ${path})`);

export const invalidJson = (): MockApiError =>
  new MockApiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
      "correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  );

export const missingParameter = (param: string): MockApiError =>
  new MockApiError(
    400,
    `Missing required parameter: '${param}'.`,
    param,
    "missing_required_parameter",
  );

export const invalidValue = (param: string, message: string): MockApiError =>
  new MockApiError(400, message, param, "invalid_value");

/** The API's name for a JSON value's type, as used in its "Invalid type" messages. */
function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  return "an object";
}

/** The "Invalid type for 'x': expected ..., but got ... instead." error. */
export const invalidType = (param: string, expected: string, value: unknown): MockApiError =>
  new MockApiError(
    400,
    `Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`,
    param,
    "invalid_type",
  );

/** A JSON object, as the handlers see the parsed request body. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `body[name]` when it is a string; undefined when absent; otherwise the API's type error. */
export function optionalString(body: JsonObject, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidType(name, "a string", value);
  return value;
}

/** `body[name]` when it is an integer in [min, max]; undefined when absent; otherwise the API's error. */
export function optionalInteger(
  body: JsonObject,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidType(name, "an integer", value);
  }
  if (value < min || value > max) {
    const [bound, limit] =
      value < min ? ["below minimum", `>= ${min}`] : ["above maximum", `<= ${max}`];
    throw new MockApiError(
      400,
      `Invalid '${name}': integer ${bound} value. Expected a value ${limit}, but got ${value} instead.`,
      name,
      value < min ? "integer_below_min_value" : "integer_above_max_value",
    );
  }
  return value;
}

/** The required `model` parameter. */
export function requiredModel(body: JsonObject): string {
  const model = optionalString(body, "model");
  if (model === undefined) throw missingParameter("model");
  return model;
}
