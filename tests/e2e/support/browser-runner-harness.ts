/**
 * Test-only entry, bundled by the parity test and injected into a site page: exposes the site's
 * real in-browser runner (the same modules the sandboxes use) to the test.
 */
import { BrowserRunner } from "../../../src/runners/browser/browser-runner.ts";
import { loadRuntimeFiles } from "../../../src/runners/runtime-files.ts";
import type { CompiledProgram, RunBatch, RunEnd } from "../../../src/runners/types.ts";

let runner: Promise<BrowserRunner> | undefined;

async function runInBrowser(
  program: CompiledProgram,
): Promise<{ output: string; events: unknown[]; end: RunEnd }> {
  runner ??= loadRuntimeFiles("/sandbox-runtime/").then(
    (files) => new BrowserRunner(files, document),
  );
  const batches: RunBatch[] = [];
  const handle = (await runner).run(program, {
    latencyScale: 0,
    idleTimeoutMs: 30_000,
    maxRunMs: 60_000,
    onOutput: (batch) => void batches.push(batch),
  });
  const end = await handle.done;
  return {
    end,
    output: batches.map((batch) => batch.text).join(""),
    events: batches.flatMap((batch) => batch.events),
  };
}

(window as unknown as { __runInBrowser: typeof runInBrowser }).__runInBrowser = runInBrowser;
