/**
 * A stand-in for WebContainer with the same interface, backed by a real folder and real Node
 * child processes. A real WebContainer cannot boot here (it loads from StackBlitz's servers and
 * there is no internet), so the runner's adapter is tested against this.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type {
  Container,
  ContainerProcess,
  FileTree,
} from "../../../../src/runners/webcontainer/container.ts";

export interface FakeWebContainer extends Container {
  readonly root: string;
  readonly spawned: { command: string; args: string[]; env: Record<string, string> }[];
  destroy(): void;
  /** Simulates WebContainer's internal error event. */
  emitError(message: string): void;
}

function writeTree(dir: string, tree: FileTree): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, node] of Object.entries(tree)) {
    const target = path.join(dir, name);
    if ("directory" in node) writeTree(target, node.directory);
    else writeFileSync(target, node.file.contents);
  }
}

export function createFakeWebContainer(nodeBinary = process.execPath): FakeWebContainer {
  const root = mkdtempSync(path.join(os.tmpdir(), "fake-webcontainer-"));
  const errorListeners = new Set<(error: { message: string }) => void>();
  const spawned: FakeWebContainer["spawned"] = [];
  return {
    root,
    spawned,
    async mount(tree) {
      writeTree(root, tree);
    },
    fs: {
      async writeFile(file, contents) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), contents);
      },
    },
    async spawn(command, args, options): Promise<ContainerProcess> {
      const env = options?.env ?? {};
      spawned.push({ command, args, env });
      const child = spawn(command === "node" ? nodeBinary : command, args, {
        cwd: root,
        env: { PATH: process.env["PATH"] ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const output = new ReadableStream<string>({
        start(controller) {
          let open = 2;
          const close = () => {
            if (--open === 0) controller.close();
          };
          for (const stream of [child.stdout, child.stderr]) {
            stream.setEncoding("utf8");
            // WebContainer's terminal turns \n into \r\n; so do we, so the runner must undo it.
            stream.on("data", (text: string) => controller.enqueue(text.replace(/\n/g, "\r\n")));
            stream.on("end", close);
          }
        },
      });
      const exit = new Promise<number>((resolve) =>
        child.on("close", (code, signal) => resolve(code ?? (signal ? 143 : 1))),
      );
      return { output, exit, kill: () => void child.kill("SIGKILL") };
    },
    on(_event, listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    emitError(message) {
      for (const listener of errorListeners) listener({ message });
    },
    destroy() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
