/**
 * Test-only entry, bundled by the parity test and injected into a site page: exposes the site's
 * real in-browser runner (the same modules the sandboxes use) to the test.
 */
import { BrowserRunner } from "../../../src/runners/browser/browser-runner.ts";
import { loadRuntimeFiles } from "../../../src/runners/runtime-files.ts";
import type { CompiledProgram, RunEnd, RunOutput } from "../../../src/runners/types.ts";

let runner: Promise<BrowserRunner> | undefined;

async function runInBrowser(
  program: CompiledProgram,
): Promise<{ output: string; events: unknown[]; end: RunEnd }> {
  runner ??= loadRuntimeFiles("/sandbox-runtime/").then(
    (files) => new BrowserRunner(files, document),
  );
  const outputs: RunOutput[] = [];
  const handle = (await runner).run(program, {
    latencyScale: 0,
    timeoutMs: 30_000,
    onOutput: (item) => void outputs.push(item),
  });
  const end = await handle.done;
  return {
    end,
    output: outputs.map((item) => (item.kind === "text" ? item.text : "")).join(""),
    events: outputs.flatMap((item) => (item.kind === "event" ? [item.event] : [])),
  };
}

(window as unknown as { __runInBrowser: typeof runInBrowser }).__runInBrowser = runInBrowser;
