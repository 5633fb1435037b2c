/**
 * Runs a compiled lesson program in Node (the CLI and WebContainer):
 * `node host-node.js <program.mjs> <learner-file.ts>`. It wires the runtime's output and
 * source mapping, reports uncaught errors on the learner's lines, then imports the program.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { configureHost } from "../host-hooks.ts";
import { installConsole } from "./console.ts";
import { formatUncaught } from "./errors.ts";
import { createPositionMapper } from "./source-map.ts";

const [programArg, sourceName = "program.ts"] = process.argv.slice(2);
if (!programArg) {
  process.stderr.write("usage: host-node <program.mjs> [learner-file.ts]\n");
  process.exit(2);
}
const programPath = path.resolve(programArg);
const programUrl = pathToFileURL(programPath).href;
const write = (text: string) => void process.stdout.write(text);
const mapper = createPositionMapper(
  programUrl,
  readFileSync(`${programPath}.map`, "utf8"),
  sourceName,
);

configureHost({ write, entryFile: sourceName, mapPosition: mapper });
installConsole(write);

process.on("uncaughtException", (error) => {
  write(formatUncaught(error, mapper));
  process.exit(1);
});
process.on("unhandledRejection", (reason) => {
  write(formatUncaught(reason, mapper, "rejection"));
  process.exit(1);
});

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
