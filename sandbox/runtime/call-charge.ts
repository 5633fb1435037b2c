/**
 * What a call costs and what it does to its limits, by mode. Proxy mode: a block limit over its
 * max refuses the call before it reaches the provider. Ingest mode: every call goes to the
 * provider, and Pay-i refuses the ingest of a call that names a block limit, so none of its
 * limits counts it. The warnings (a refused ingest, a model without a price) go on the call's
 * event.
 */
import { priceCall } from "../pricing/index.ts";
import type { CallCost, CallEvent, LimitReport, Units } from "../../shared/calls/event.ts";
import {
  blockLimitNames,
  blockingLimits,
  chargeLimits,
  notRecordedReports,
  refusedReports,
} from "./limits.ts";
import type { XproxyError } from "./result.ts";

export type CallMode = CallEvent["mode"];

/** Pay-i's refusal of an ingest that names a block limit (https://docs.pay-i.com/docs/error-code-strings). */
export const BLOCKING_LIMIT_NOT_ALLOWED: XproxyError = {
  code: "blocking_limit_not_allowed",
  message: "Block limits cannot be used for ingest requests",
};

/** Pay-i's message for a call a block limit refused (https://docs.pay-i.com/docs/handling-errors). */
export const LIMIT_REACHED_MESSAGE = "Insufficient limit for the requested operation";

/** The cost of a call's usage, priced as `priceAs` when the call asked for it. */
export function costOf(model: string, priceAs: string | null, units: Units | null): CallCost {
  if (!units) return { status: "not-charged", reason: "no usage was reported" };
  const pricedAs = priceAs ?? model;
  const result = priceCall(pricedAs, units);
  return { ...result, pricedAs } as CallCost;
}

export interface ChargedCall {
  mode: CallMode;
  model: string;
  /** `xProxy-PriceAs-Resource`, if the call sent it. */
  priceAs: string | null;
  limitIds: readonly string[];
  /** The call's warnings, which this adds to. */
  warnings: string[];
}

export class CallCharge {
  /** Pay-i refused to record the call (ingest mode, a block limit named): nothing is counted. */
  readonly ingestRefused: boolean;
  readonly #call: ChargedCall;

  constructor(call: ChargedCall) {
    this.#call = call;
    // Ingest mode reports the call to Pay-i after the provider answered; Pay-i refuses an ingest
    // that names a block limit, so nothing of this call is recorded (its limits count nothing).
    const blockNames = call.mode === "ingest" ? blockLimitNames(call.limitIds) : [];
    this.ingestRefused = blockNames.length > 0;
    if (this.ingestRefused) {
      call.warnings.push(
        `Pay-i refused to record this call (blocking_limit_not_allowed: ${BLOCKING_LIMIT_NOT_ALLOWED.message}): ` +
          `${blockNames.join(", ")} ${blockNames.length === 1 ? "is a block limit" : "are block limits"}, ` +
          "which need proxy mode. The provider still answered and charged for the call.",
      );
    }
  }

  /** Proxy mode: the proxy's refusal, when a block limit the call names is over its max. */
  refusal(): { message: string; limits: LimitReport[] } | null {
    if (this.#call.mode !== "proxy") return null;
    const { limitIds } = this.#call;
    const blocked = blockingLimits(limitIds);
    if (blocked.length === 0) return null;
    const names = blocked.map((limit) => limit.name).join(", ");
    return {
      message: `${LIMIT_REACHED_MESSAGE}: ${names} is over its max. The Pay-i proxy refused the call; nothing was sent to the provider.`,
      limits: refusedReports(limitIds, blocked),
    };
  }

  /** Charges the call's limits `costUsd` (nothing, for a refused ingest) and reports them. */
  limitsAfter(costUsd: number): LimitReport[] {
    const { limitIds } = this.#call;
    return this.ingestRefused ? notRecordedReports(limitIds) : chargeLimits(limitIds, costUsd);
  }

  /** Prices the usage the provider reported and charges the limits with it. */
  settle(units: Units | null): { cost: CallCost; limits: LimitReport[] } {
    const { model, priceAs, warnings } = this.#call;
    const cost = costOf(model, priceAs, units);
    if (cost.status === "unpriced")
      warnings.push(
        `${cost.pricedAs} has no price in ${cost.source.name}: its cost is unknown, not $0`,
      );
    const limits = this.limitsAfter(cost.status === "priced" ? cost.total : 0);
    return { cost, limits };
  }
}
