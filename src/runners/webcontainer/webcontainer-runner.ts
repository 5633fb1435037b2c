/**
 * Runs programs in Node.js inside the page's WebContainer: the runtime bundle is mounted once as
 * real packages, and each run writes the compiled program and spawns `node` on the Node host,
 * exactly as the CLI does on a developer's machine.
 */
import { keyToHex, newRunKey } from "../../../shared/calls/channel-decoder.ts";
import { createOutputSink } from "../output-stream.ts";
import { startRunClock } from "../run-clock.ts";
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
  #runs = 0;

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
    let stopRequested: RunEnd | undefined;
    let kill: (() => void) | undefined;
    const stop = (end: RunEnd) => {
      stopRequested ??= end;
      kill?.();
    };
    const done = (async (): Promise<RunEnd> => {
      if (this.#failure) return { kind: "runner-failed", message: this.#failure };
      const clock = startRunClock(options, stop);
      try {
        await this.#mounted;
        const programPath = `${PROGRAM_DIR}/${program.outputFile}`;
        await this.#container.fs.writeFile(programPath, program.code);
        await this.#container.fs.writeFile(`${programPath}.map`, program.map);
        // The run's event key: the host reads and deletes this file before the program starts.
        const key = newRunKey();
        const keyFile = `${PROGRAM_DIR}/.payi-event-key-${++this.#runs}`;
        await this.#container.fs.writeFile(keyFile, keyToHex(key));
        if (stopRequested) return stopRequested;
        const process = await this.#container.spawn(
          "node",
          ["node_modules/payi-lab/host-node.js", programPath, program.fileName],
          {
            env: {
              PAYI_SANDBOX_LATENCY: String(options.latencyScale),
              PAYI_EVENT_KEY_FILE: keyFile,
            },
          },
        );
        kill = () => process.kill();
        if (stopRequested) process.kill();
        const sink = createOutputSink(
          (batch) => {
            clock.progress(batch);
            options.onOutput(batch);
          },
          { key },
        );
        const reading = readAll(process.output, (text) =>
          sink.pushText(text.replace(/\r\n/g, "\n")),
        );
        const code = await process.exit;
        await reading.catch(() => undefined);
        sink.end();
        if (stopRequested) return stopRequested;
        return { kind: "exited", code, crashed: sink.crashed };
      } catch (error) {
        if (stopRequested) return stopRequested;
        return {
          kind: "runner-failed",
          message: error instanceof Error ? error.message : String(error),
        };
      } finally {
        clock.stop();
      }
    })();
    return { done, stop: () => stop({ kind: "stopped" }) };
  }

  dispose(): void {
    // The WebContainer is shared by the page; nothing of ours to release.
  }
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
