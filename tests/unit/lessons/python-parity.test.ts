/**
 * Parity: every lesson example and its Python twin, each run as its sandbox runs it (the
 * TypeScript program compiled and run on the runtime bundle, the Python twin in Pyodide on the
 * same bundle), produce the same events: tags and where each came from, mode, use cases (names,
 * versions, steps, instance ids by pattern), limits and their states, units, costs and their
 * status, errors and warnings (the TypeScript run's in Python's words). What is left out, and
 * why, is written in tests/support/parity.ts. A twin that cannot match is fixed, not the comparison.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { SandboxEvent } from "../../../shared/calls/event.ts";
import { ensureBundle } from "../../../sandbox/cli/ensure-bundle.ts";
import { runProgram } from "../../../sandbox/cli/run-program.ts";
import { runPythonProgram } from "../../../sandbox/cli/run-python-program.ts";
import { comparableEvents, comparableTypeScriptEvents } from "../../support/parity.ts";

const examplesDir = fileURLToPath(new URL("../../../content/examples/", import.meta.url));

function examples(): string[] {
  return readdirSync(examplesDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .sort();
}

/** Calls and uncaptured calls in the order they happened. */
function inOrder(run: { events: SandboxEvent[]; uncaptured: SandboxEvent[] }): SandboxEvent[] {
  const place = (event: SandboxEvent) =>
    event.type === "call" ? event.seq : event.afterSeq + event.index / 1000;
  return [...run.events, ...run.uncaptured].sort((a, b) => place(a) - place(b));
}

before(async () => {
  await ensureBundle();
});

describe("every example runs the same in Python", { concurrency: 2 }, () => {
  for (const file of examples()) {
    const twin = file.replace(/\.ts$/, ".py");
    test(`${file} and ${path.basename(twin)}: the same events`, async () => {
      const [ts, py] = await Promise.all([
        runProgram(readFileSync(path.join(examplesDir, file), "utf8"), {
          fileName: path.basename(file),
          latencyScale: 0,
          timeoutMs: 60_000,
        }),
        runPythonProgram(readFileSync(path.join(examplesDir, twin), "utf8"), {
          fileName: path.basename(twin),
          latencyScale: 0,
          timeoutMs: 90_000,
        }),
      ]);
      assert.deepEqual(py.end, { kind: "exited", code: 0, crashed: false }, py.output);
      assert.ok(ts.events.length > 0, `${file} made no instrumented call`);
      assert.deepEqual(
        comparableEvents(inOrder(py)),
        comparableTypeScriptEvents(inOrder(ts)),
        `${twin} and ${file} disagree`,
      );
    });
  }
});
