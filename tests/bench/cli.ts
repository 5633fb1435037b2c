/**
 * The CLI's own times for the bench's big programs, the yardstick of "done within 2x the CLI's
 * time": `npm run sandbox -- <file> --latency 0` (run here as `node sandbox/cli/main.ts`, without
 * npm's own start-up) in the measured site's project folder, wall time from start to exit, the
 * output read through a pipe and checked for the program's last line. One unmeasured run first
 * (it may build the runtime bundle).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FLOOD_PROGRAM } from "./flood.ts";
import { LINES_PROGRAM } from "./lines.ts";
import { stats, type Stats } from "./stats.ts";

const NODE = join(import.meta.dirname, "../../node_modules/.bin/node");

export interface CliProgramResult {
  program: string;
  wall: Stats;
  /** Bytes the program printed (last sample). */
  outputBytes: number;
}

export interface CliResult {
  root: string;
  programs: CliProgramResult[];
}

async function runCli(root: string, file: string, lastLine: string): Promise<[number, number]> {
  const started = performance.now();
  const child = spawn(NODE, ["sandbox/cli/main.ts", file, "--latency", "0", "--timeout", "600"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let bytes = 0;
  let tail = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    tail = (tail + chunk.toString()).slice(-200);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`the CLI exited ${code} on ${file}:\n${stderr}`);
  if (!tail.includes(lastLine))
    throw new Error(`the CLI's output of ${file} ends without "${lastLine}"`);
  return [ms, bytes];
}

export async function measureCli(
  root: string,
  { samples = 3, log = (_message: string): void => undefined } = {},
): Promise<CliResult> {
  const dir = join(tmpdir(), "payi-bench-programs");
  mkdirSync(dir, { recursive: true });
  const programs = [
    { name: "10,000 calls", file: join(dir, "flood.ts"), code: FLOOD_PROGRAM, last: "flood done" },
    {
      name: "1,000,000 lines",
      file: join(dir, "lines.ts"),
      code: LINES_PROGRAM,
      last: "lines done",
    },
  ];
  const results: CliProgramResult[] = [];
  for (const program of programs) {
    writeFileSync(program.file, program.code);
    await runCli(root, program.file, program.last); // warm-up: bundle, caches
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < samples; i += 1) {
      const [ms, printed] = await runCli(root, program.file, program.last);
      times.push(ms);
      bytes = printed;
      log(`CLI ${program.name}: ${Math.round(ms)} ms`);
    }
    results.push({ program: program.name, wall: stats(times), outputBytes: bytes });
  }
  return { root, programs: results };
}
