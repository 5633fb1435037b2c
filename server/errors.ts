/**
 * The room service's failures and the one place that turns any error into the protocol's error
 * body (`{ error: { code, message } }`, shared/workshop/protocol.ts), with a sentence that says
 * what to do.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { LIMITS, type ApiError, type ApiErrorCode } from "../shared/workshop/protocol.ts";

/** A refusal the client can act on: thrown by hooks, handlers and request validation. */
export class ApiFailure extends Error {
  readonly statusCode: number;
  readonly code: ApiErrorCode;
  constructor(statusCode: number, code: ApiErrorCode, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export function noRoom(code: string): ApiFailure {
  return new ApiFailure(
    404,
    "room_not_found",
    `There is no room ${code} on this server. Check the code on the instructor's screen; the room may have been deleted.`,
  );
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
) {
  const body: ApiError = { error: { code, message } };
  return reply.code(status).header("Cache-Control", "no-store").send(body);
}

/** Fastify's error handler: our failures as they are, Fastify's own (parsing, limits) translated. */
export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const send = (status: number, code: ApiErrorCode, message: string) =>
    sendError(reply, status, code, message);
  if (error instanceof ApiFailure) return send(error.statusCode, error.code, error.message);
  const statusCode = "statusCode" in error ? error.statusCode : undefined;
  if (statusCode === 413)
    return send(
      413,
      "too_large",
      `The request is larger than ${LIMITS.maxRequestBytes / 1024} KB: send fewer calls per request.`,
    );
  if (statusCode === 415)
    return send(415, "invalid_request", "Send the body as JSON (Content-Type: application/json).");
  if (statusCode === 429)
    return send(
      429,
      "rate_limited",
      "Too many requests: wait for the time in Retry-After, then send again.",
    );
  if (statusCode && statusCode >= 400 && statusCode < 500)
    return send(statusCode, "invalid_request", `Invalid request: ${error.message}.`);
  request.log.error(error);
  return send(500, "internal", "The room service failed to handle this request; try again.");
}
