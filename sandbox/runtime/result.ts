/**
 * The tracking result attached to every instrumented non-streaming response, like the
 * `xproxy_result` of Pay-i's responses: `console.log(xproxyResult(response))`. When Pay-i refused
 * to record the call, it is an error object `{ code, message }` instead, as in Pay-i's SDK, which
 * attaches the `XproxyError` of a refused ingest to the response
 * (`payi/lib/instrument.py`, `_ingest_units_worker`).
 */
export interface XproxyResult {
  request_id: string;
  user_id: string | null;
  use_case_name: string | null;
  use_case_id: string | null;
  use_case_version: number | null;
  request_tags: string[];
  cost:
    | { currency: "usd"; input: number; output: number; total: number }
    | { status: "unpriced" | "not-charged" };
  limits: Record<string, { state: string }>;
}

/** What Pay-i sends back instead of a result when it refuses a call, e.g. `blocking_limit_not_allowed`. */
export interface XproxyError {
  code: string;
  message: string;
}

/**
 * The result Pay-i attached to a response: a tracking result, an error object when Pay-i refused
 * to record the call (tell them apart with `"code" in result`), or null when the call was not
 * instrumented.
 */
export function xproxyResult(response: unknown): XproxyResult | XproxyError | null {
  if (response && typeof response === "object" && "xproxy_result" in response) {
    return (response as { xproxy_result: XproxyResult | XproxyError }).xproxy_result;
  }
  return null;
}
