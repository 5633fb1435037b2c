/**
 * Runs programs in Node.js inside the page's WebContainer: the runtime bundle is mounted once as
 * real packages, and each run writes the compiled program and spawns `node` on the Node host,
 * exactly as the CLI does on a developer's machine.
 */
import { createOutputSink } from "../output-stream.ts";
import type { RuntimeFile } from "../runtime-files.ts";
import type { CompiledProgram, RunEnd, RunHandle, RunOptions, Runner } from "../types.ts";
import { toFileTree, type Container } from "./container.ts";

const PROGRAM_DIR = "program";

export class WebContainerRunner implements Runner {
  readonly kind = "webcontainer" as const;
  readonly label = "Node.js 20 in WebContainer";
  readonly #container: Container;
  readonly #mounted: Promise<void>;
  #failure: string | undefined;

  constructor(container: Container, runtimeFiles: RuntimeFile[]) {
    this.#container = container;
    this.#mounted = container.mount(
      toFileTree([...runtimeFiles, { path: `${PROGRAM_DIR}/.keep`, text: "" }]),
    );
    container.on?.("error", (error) => {
      this.#failure = error.message;
    });
  }

  run(program: CompiledProgram, options: RunOptions): RunHandle {
    let stopRequested: "stopped" | "timed-out" | undefined;
    let kill: (() => void) | undefined;
    const stop = (why: "stopped" | "timed-out") => {
      stopRequested ??= why;
      kill?.();
    };
    const done = (async (): Promise<RunEnd> => {
      if (this.#failure) return { kind: "runner-failed", message: this.#failure };
      const timer = setTimeout(() => stop("timed-out"), options.timeoutMs);
      try {
        await this.#mounted;
        const programPath = `${PROGRAM_DIR}/${program.outputFile}`;
        await this.#container.fs.writeFile(programPath, program.code);
        await this.#container.fs.writeFile(`${programPath}.map`, program.map);
        if (stopRequested) return endFor(stopRequested, options);
        const process = await this.#container.spawn(
          "node",
          ["node_modules/payi-lab/host-node.js", programPath, program.fileName],
          {
            env: { PAYI_SANDBOX_LATENCY: String(options.latencyScale) },
          },
        );
        kill = () => process.kill();
        if (stopRequested) process.kill();
        const sink = createOutputSink(options.onOutput);
        const reading = readAll(process.output, (text) => sink.push(text.replace(/\r\n/g, "\n")));
        const code = await process.exit;
        await reading.catch(() => undefined);
        sink.end();
        if (stopRequested) return endFor(stopRequested, options);
        return { kind: "exited", code };
      } catch (error) {
        if (stopRequested) return endFor(stopRequested, options);
        return {
          kind: "runner-failed",
          message: error instanceof Error ? error.message : String(error),
        };
      } finally {
        clearTimeout(timer);
      }
    })();
    return { done, stop: () => stop("stopped") };
  }

  dispose(): void {
    // The WebContainer is shared by the page; nothing of ours to release.
  }
}

function endFor(why: "stopped" | "timed-out", options: RunOptions): RunEnd {
  return why === "stopped"
    ? { kind: "stopped" }
    : { kind: "timed-out", afterMs: options.timeoutMs };
}

async function readAll(
  stream: ReadableStream<string>,
  onChunk: (text: string) => void,
): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onChunk(value);
  }
}
