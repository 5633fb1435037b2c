/**
 * Runs a compiled lesson program in Node (the CLI and WebContainer):
 * `node host-node.js <program.mjs> <learner-file.ts>`. It wires the runtime's output and
 * source mapping, reports uncaught errors on the learner's lines, then imports the program.
 *
 * Events are signed with the run's key (see shared/calls/channel-format.ts). The key arrives in
 * a file named by PAYI_EVENT_KEY_FILE, which is read and deleted, and the variable removed,
 * before the program is imported; the functions that write and sign are captured now, so later
 * changes the program makes to `process.stdout` or `node:crypto` cannot reach them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installEventSink } from "../event-channel.ts";
import { configureHost } from "../host-hooks.ts";
import { installConsole } from "./console.ts";
import { formatUncaught } from "./errors.ts";
import { openNodeChannel } from "./node-channel.ts";
import { createPositionMapper } from "./source-map.ts";

const [programArg, sourceName = "program.ts"] = process.argv.slice(2);
if (!programArg) {
  process.stderr.write("usage: host-node <program.mjs> [learner-file.ts]\n");
  process.exit(2);
}
const { write, writeSigned } = openNodeChannel();
installEventSink(writeSigned);

const programPath = path.resolve(programArg);
const programUrl = pathToFileURL(programPath).href;
const mapper = createPositionMapper(
  programUrl,
  readFileSync(`${programPath}.map`, "utf8"),
  sourceName,
);

configureHost({ write, entryFile: sourceName, mapPosition: mapper });
installConsole(write);

const crash = (error: unknown, kind: "error" | "rejection") => {
  write(formatUncaught(error, mapper, kind));
  writeSigned({ v: 1, type: "note", note: "crashed" });
  process.exit(1);
};
process.on("uncaughtException", (error) => crash(error, "error"));
process.on("unhandledRejection", (reason) => crash(reason, "rejection"));

let settled = false;
process.on("beforeExit", () => {
  if (settled) return;
  // Same words and code as the worker host (Node's own warning would name this host file).
  write(
    "Warning: Detected unsettled top-level await: the program waits for something that can never happen.\n",
  );
  process.exit(13);
});
try {
  await import(programUrl);
} finally {
  settled = true;
}
