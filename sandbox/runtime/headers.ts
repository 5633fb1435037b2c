/**
 * The `xProxy-*` request headers: building them (`createHeaders`) and reading them off a request.
 */
export const HEADER = {
  userId: "xProxy-User-ID",
  useCaseName: "xProxy-UseCase-Name",
  useCaseId: "xProxy-UseCase-ID",
  useCaseVersion: "xProxy-UseCase-Version",
  useCaseStep: "xProxy-UseCase-Step",
  limitIds: "xProxy-Limit-IDs",
  requestTags: "xProxy-Request-Tags",
  priceAsCategory: "xProxy-PriceAs-Category",
  priceAsResource: "xProxy-PriceAs-Resource",
  resourceScope: "xProxy-Resource-Scope",
} as const;

export type HeaderKey = keyof typeof HEADER;

export interface CreateHeadersOptions {
  /** The end user the call is attributed to. Prefer a stable, pseudonymous id (not an email). */
  userId?: string;
  /** The use case; when sent, the context's use case id, version and step are not used. */
  useCaseName?: string;
  useCaseId?: string;
  useCaseVersion?: number;
  useCaseStep?: string;
  /** Limits (budgets) the call counts against. Replaces the context's list for this call. */
  limitIds?: string[];
  requestTags?: string[];
  priceAsCategory?: string;
  /** Price the call as this model instead of the one requested. */
  priceAsResource?: string;
  resourceScope?: string;
}

function listValue(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new TypeError(
      `createHeaders: ${name} must be an array of strings, e.g. ${name}: ["${String(value)}"].`,
    );
  }
  const items = value.map((item) => String(item).trim()).filter((item) => item !== "");
  return items.length > 0 ? items.join(",") : undefined;
}

/**
 * Builds the per-request `xProxy-*` headers for one OpenAI call:
 * `client.chat.completions.create(body, { headers: createHeaders({ userId }) })`.
 * Only options that are set become headers: an empty value (`""`, `[]`, `0`, `undefined`) gives
 * no header at all, so to clear a context value for one call send the raw header with `""`.
 */
export function createHeaders(options: CreateHeadersOptions = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(HEADER) as HeaderKey[]) {
    const raw = options[key];
    const value =
      key === "limitIds" || key === "requestTags"
        ? listValue(key, raw)
        : raw
          ? String(raw)
          : undefined;
    if (value) headers[HEADER[key]] = value;
  }
  return headers;
}

/** Splits a list header as the SDK does: on commas, items trimmed, blanks dropped. */
export function splitListHeader(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

const LOWER_TO_KEY = new Map(
  Object.entries(HEADER).map(([key, name]) => [name.toLowerCase(), key as HeaderKey]),
);

/** The `xProxy-*` values a request carries (names matched case-insensitively), and the other headers. */
export function partitionHeaders(headers: Headers): {
  tags: Partial<Record<HeaderKey, string>>;
  rest: Headers;
} {
  const tags: Partial<Record<HeaderKey, string>> = {};
  const rest = new Headers();
  headers.forEach((value, name) => {
    const key = LOWER_TO_KEY.get(name.toLowerCase());
    if (key) tags[key] = value;
    else rest.append(name, value);
  });
  return { tags, rest };
}
