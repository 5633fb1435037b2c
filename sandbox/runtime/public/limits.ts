/** `payi-lab/limits`: budgets that calls count against through `limitIds`. */
export { createLimit, limitStatus } from "../limits.ts";
export type { Limit, LimitOptions, LimitState, LimitType } from "../limits.ts";
