/**
 * WebContainer runs Node 20, not the Node 24 the project pins. The same compiled program and bundle
 * must behave the same there: run the propagation fixture on a Node 20 from the machine, if any.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ensureBundle } from "../../../../sandbox/cli/ensure-bundle.ts";
import { runProgram } from "../../../../sandbox/cli/run-program.ts";

function findNode20(): string | undefined {
  for (const candidate of [process.env["NODE20_PATH"], "/usr/bin/node", "/usr/local/bin/node"]) {
    if (!candidate) continue;
    try {
      if (execFileSync(candidate, ["--version"], { encoding: "utf8" }).startsWith("v20."))
        return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
}

const node20 = findNode20();

test(
  "the propagation fixture gives the same tags on Node 20 as on the pinned Node",
  { skip: node20 ? false : "no Node 20 on this machine (set NODE20_PATH)" },
  async () => {
    await ensureBundle();
    const source = readFileSync(new URL("../fixtures/propagation.ts", import.meta.url), "utf8");
    const run = (nodeBinary?: string) =>
      runProgram(source, {
        fileName: "propagation.ts",
        latencyScale: 0,
        timeoutMs: 60_000,
        nodeBinary,
      });
    const [pinned, old] = await Promise.all([run(), run(node20)]);
    assert.deepEqual(old.end, { kind: "exited", code: 0, crashed: false }, old.output);
    const tagsOf = (events: typeof pinned.events) =>
      events.map((event) => `${event.requestTags.value?.[0]}=${event.userId.value}`).sort();
    assert.deepEqual(tagsOf(old.events), tagsOf(pinned.events));
    assert.equal(old.output, pinned.output);
  },
);
