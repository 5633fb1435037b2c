/**
 * What the runtime needs from whoever runs the program (the Node host, the worker host, or a
 * test): where output goes (events do not: see installEventSink in event-channel.ts), the entry
 * file's name, how to map compiled positions back to the learner's source, and the mock latency.
 * Defaults suit plain Node.
 */

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface HostHooks {
  /** Writes program output (the runtime's warnings go here too). */
  write: (text: string) => void;
  /** The learner's entry file as they named it, e.g. `basic.ts`: names the default use case. */
  entryFile: string | undefined;
  /** Maps a position in the compiled program back to the learner's source; null if not the program. */
  mapPosition: (file: string, line: number, column: number) => SourcePosition | null;
  /** 1 = realistic mock latency, 0 = none. */
  latencyScale: number;
}

interface ProcessLike {
  stdout?: { write(text: string): unknown };
  argv?: string[];
  env?: Record<string, string | undefined>;
}

const processLike = (globalThis as { process?: ProcessLike }).process;

function defaultLatencyScale(): number {
  const raw = processLike?.env?.["PAYI_SANDBOX_LATENCY"];
  const parsed = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : 1;
}

const defaults: HostHooks = {
  write: (text) => {
    if (processLike?.stdout) processLike.stdout.write(text);
    else console.log(text.replace(/\n$/, ""));
  },
  entryFile: processLike?.argv?.[1],
  // Without a host, any frame outside the runtime and installed packages is the program's.
  mapPosition: (file, line, column) =>
    /node_modules|payi-lab|sandbox\/runtime|^node:|^internal\//.test(file)
      ? null
      : { file, line, column },
  latencyScale: defaultLatencyScale(),
};

let hooks: HostHooks = { ...defaults };

export function configureHost(overrides: Partial<HostHooks>): void {
  hooks = { ...hooks, ...overrides };
}

export function host(): Readonly<HostHooks> {
  return hooks;
}

/** A warning in the run's output, in yellow where the terminal shows colour. */
export function warn(message: string): void {
  hooks.write(`\u001b[33m[payi] warning: ${message}\u001b[0m\n`);
}
