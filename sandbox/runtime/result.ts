/**
 * The tracking result attached to every instrumented non-streaming response, like the
 * `xproxy_result` of Pay-i's responses: `console.log(xproxyResult(response))`.
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

/** The result Pay-i attached to a response, or null when the call was not instrumented. */
export function xproxyResult(response: unknown): XproxyResult | null {
  if (response && typeof response === "object" && "xproxy_result" in response) {
    return (response as { xproxy_result: XproxyResult }).xproxy_result;
  }
  return null;
}
