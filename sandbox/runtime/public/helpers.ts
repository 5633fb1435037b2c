/** `payi-lab/helpers`: the TypeScript counterpart of `payi.lib.helpers`. */
export { createHeaders } from "../headers.ts";
export type { CreateHeadersOptions } from "../headers.ts";
export { xproxyResult } from "../result.ts";
export type { XproxyError, XproxyResult } from "../result.ts";
