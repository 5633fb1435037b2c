/**
 * `npm run sandbox -- <file.ts> [--events jsonl] [--timeout <seconds>] [--latency <scale>] [--no-typecheck]`
 *
 * Runs a lesson program in Node exactly as the browser does and prints its output; with
 * `--events jsonl`, also one JSON line per instrumented call, where it happened in the output.
 * Exit codes: the program's own, 1 for syntax errors, 2 for bad usage, 124 after a timeout.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../compiler/compile.ts";
import { typeCheckLesson } from "../compiler/typecheck.ts";
import { ensureBundle } from "./ensure-bundle.ts";
import { runProgram } from "./run-program.ts";
import { runPythonProgram } from "./run-python-program.ts";

const USAGE =
  "usage: npm run sandbox -- <file.ts or file.py> [--events jsonl] [--timeout <seconds>] [--latency <scale>] [--no-typecheck]";
const YELLOW = (text: string) => (process.stderr.isTTY ? `\u001b[33m${text}\u001b[0m` : text);

function fail(message: string, code = 2): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(code);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        events: { type: "string" },
        timeout: { type: "string", default: "30" },
        latency: { type: "string", default: "1" },
        "no-typecheck": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

const { values, positionals } = parse();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [file] = positionals;
if (!file)
  fail(
    `no program given.\n${USAGE}\nExample: npm run sandbox -- content/examples/day-1/first-call.ts`,
  );
if (positionals.length > 1)
  fail(`one program at a time, got ${positionals.length}: ${positionals.join(", ")}.\n${USAGE}`);
if (values.events !== undefined && values.events !== "jsonl")
  fail(`--events takes "jsonl", got "${values.events}".`);
const timeoutSeconds = Number(values.timeout);
if (!(timeoutSeconds > 0))
  fail(`--timeout takes a number of seconds above 0, got "${values.timeout}".`);
const latencyScale = Number(values.latency);
if (!(latencyScale >= 0))
  fail(`--latency takes a scale of 0 or more (0 = no simulated latency), got "${values.latency}".`);

const filePath = path.resolve(file);
if (!existsSync(filePath))
  fail(`cannot read ${file}: no such file. Pass the path of a TypeScript or Python program.`);
const python = filePath.endsWith(".py");
if (!python && !/\.(c|m)?ts$/.test(filePath))
  fail(`${file} is neither a TypeScript file (.ts) nor a Python file (.py).`);
const source = readFileSync(filePath, "utf8");
const fileName = path.basename(filePath);

if (!python && !values["no-typecheck"]) {
  for (const diagnostic of typeCheckLesson(source, fileName)) {
    process.stderr.write(
      YELLOW(`${formatDiagnostic(diagnostic)} (type errors do not stop the run)`) + "\n",
    );
  }
}

await ensureBundle();
const result = await (python ? runPythonProgram : runProgram)(source, {
  fileName,
  latencyScale,
  timeoutMs: timeoutSeconds * 1000,
  onText: (text) => process.stdout.write(text),
  onEvent:
    values.events === "jsonl"
      ? (event) => process.stdout.write(`${JSON.stringify(event)}\n`)
      : undefined,
});

if (result.forgedEvents > 0) {
  process.stderr.write(
    YELLOW(
      `${result.forgedEvents} call event${result.forgedEvents === 1 ? "" : "s"} in the program's own output ${result.forgedEvents === 1 ? "was" : "were"} ignored: only the runtime reports calls.`,
    ) + "\n",
  );
}
if (result.end.kind === "syntax-error") {
  // Python prints its own SyntaxError (with the line) in the output, before this.
  if ("diagnostics" in result.end)
    for (const diagnostic of result.end.diagnostics)
      process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  fail("the program has syntax errors and was not run. Fix the line above and run it again.", 1);
}
if (result.end.kind === "timed-out") {
  fail(
    `stopped after ${timeoutSeconds} s: the program did not finish. Look for an endless loop or a timer that is never cleared, or raise --timeout.`,
    124,
  );
}
process.exit(result.end.code);
