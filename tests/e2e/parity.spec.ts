/**
 * Parity: every program under content/ (examples, exercise starters and solutions) gives the same
 * events (time fields aside) and the same output in the three ways it can run: the CLI (Node), the
 * WebContainer runner (against the fake backed by real Node processes: a real WebContainer cannot
 * boot without internet) and the in-browser runner (the site's real runner, in Chromium).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import * as esbuild from "esbuild";
import { compileLesson } from "../../sandbox/compiler/compile.ts";
import { ensureBundle } from "../../sandbox/cli/ensure-bundle.ts";
import { runProgram } from "../../sandbox/cli/run-program.ts";
import type { CallEvent } from "../../shared/calls/event.ts";
import { WebContainerRunner } from "../../src/runners/webcontainer/webcontainer-runner.ts";
import type { CompiledProgram, RunBatch, RunEnd } from "../../src/runners/types.ts";
import { createFakeWebContainer } from "../unit/site/runners/fake-webcontainer.ts";
import { runtimeFiles } from "../unit/site/runners/bundle-files.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

function programsUnder(dir: string): { file: string; fileName: string }[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith("check.ts"))
    .sort()
    .map((file) => {
      // Exercises are named after their id on the page (`<id>.ts`).
      const fileName = dir.endsWith("exercises") ? `${path.dirname(file)}.ts` : path.basename(file);
      return { file: path.join(dir, file), fileName };
    });
}

const PROGRAMS = [...programsUnder("content/examples"), ...programsUnder("content/exercises")];

interface Outcome {
  end: RunEnd | { kind: "exited"; code: number; crashed: boolean };
  output: string;
  events: unknown[];
}

/** Events without the fields that legitimately differ from run to run. */
function comparable(events: unknown[]): unknown[] {
  return (events as CallEvent[]).map(
    ({ time: _time, endTime: _endTime, latencyMs: _latency, ...rest }) => rest,
  );
}

async function viaCli(source: string, fileName: string): Promise<Outcome> {
  const events: unknown[] = [];
  const result = await runProgram(source, {
    fileName,
    latencyScale: 0,
    timeoutMs: 30_000,
    onEvent: (event) => void events.push(event),
  });
  const end =
    result.end.kind === "exited"
      ? result.end
      : { kind: "exited" as const, code: -1, crashed: false };
  return { end, output: result.output, events };
}

async function viaWebContainerRunner(program: CompiledProgram): Promise<Outcome> {
  const container = createFakeWebContainer();
  try {
    const runner = new WebContainerRunner(container, await runtimeFiles());
    const batches: RunBatch[] = [];
    const end = await runner.run(program, {
      latencyScale: 0,
      idleTimeoutMs: 30_000,
      maxRunMs: 60_000,
      onOutput: (batch) => void batches.push(batch),
    }).done;
    return {
      end,
      output: batches.map((batch) => batch.text).join(""),
      events: batches.flatMap((batch) => batch.events),
    };
  } finally {
    container.destroy();
  }
}

let harness: string;

test.beforeAll(async () => {
  await ensureBundle();
  const built = await esbuild.build({
    entryPoints: [path.join(root, "tests/e2e/support/browser-runner-harness.ts")],
    bundle: true,
    format: "esm",
    write: false,
    target: "es2022",
  });
  harness = built.outputFiles[0]!.text;
});

test("there are programs to compare", () => {
  expect(PROGRAMS.length).toBeGreaterThan(2);
});

for (const { file, fileName } of PROGRAMS) {
  test(`parity: ${file}`, async ({ page }) => {
    const source = readFileSync(path.join(root, file), "utf8");
    const compiled = compileLesson(source, fileName);
    expect(compiled.ok).toBe(true);
    const program: CompiledProgram = {
      fileName,
      outputFile: compiled.outputFile,
      code: compiled.code,
      map: compiled.map,
    };

    await page.goto("/404.html");
    await page.addScriptTag({ content: harness, type: "module" });
    await page.waitForFunction(() => "__runInBrowser" in window);
    const [cli, webcontainer, browser] = await Promise.all([
      viaCli(source, fileName),
      viaWebContainerRunner(program),
      page.evaluate(
        (p) =>
          (
            window as unknown as { __runInBrowser: (p: unknown) => Promise<Outcome> }
          ).__runInBrowser(p),
        program,
      ),
    ]);
    expect(cli.end).toEqual({
      kind: "exited",
      code: cli.end.kind === "exited" ? cli.end.code : -1,
      crashed: cli.end.kind === "exited" ? cli.end.crashed : false,
    });
    expect(webcontainer.end, "WebContainer runner end").toEqual(cli.end);
    expect(browser.end, "in-browser runner end").toEqual(cli.end);
    expect(webcontainer.output, "WebContainer runner output").toBe(cli.output);
    expect(browser.output, "in-browser runner output").toBe(cli.output);
    expect(comparable(webcontainer.events), "WebContainer runner events").toEqual(
      comparable(cli.events),
    );
    expect(comparable(browser.events), "in-browser runner events").toEqual(comparable(cli.events));
    expect(cli.events.length + cli.output.length).toBeGreaterThan(0);
  });
}
