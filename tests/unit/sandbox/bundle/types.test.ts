/**
 * The editor's type bundle, checked the way the editor's TypeScript worker uses it: a language
 * service over an in-memory host that knows ONLY the bundle's files and TypeScript's own lib files
 * (like Monaco's worker: every bundle file is a root, paths are `file:///` URIs, no directory
 * listing), with the editor's compiler options.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import {
  GLOBALS_PATH,
  VIRTUAL_MODULES,
  buildTypes,
  type TypeBundle,
} from "../../../../sandbox/bundle/types.ts";
import { EDITOR_COMPILER_OPTIONS } from "../../../../src/sandbox-ui/editor/compiler-options.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const tsLibDir = path.dirname(ts.getDefaultLibFilePath({}));
const PROGRAM = "file:///editors/1/program.ts";

interface Checker {
  service: ts.LanguageService;
  setProgram(source: string): void;
}

function createChecker(bundle: TypeBundle): Checker {
  let program = "";
  let version = 0;
  const read = (fileName: string): string | undefined => {
    if (fileName === PROGRAM) return program;
    if (fileName in bundle.files) return bundle.files[fileName];
    // Lib files are asked for by bare name (`lib.es2022.d.ts`), as in Monaco's worker.
    if (/^lib\.[\w.]+\.d\.ts$/.test(fileName))
      return ts.sys.readFile(path.join(tsLibDir, fileName));
    return undefined;
  };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => EDITOR_COMPILER_OPTIONS as unknown as ts.CompilerOptions,
    getScriptFileNames: () => [
      PROGRAM,
      ...Object.keys(bundle.files).filter((name) => name.endsWith(".d.ts")),
    ],
    getScriptVersion: (fileName) => (fileName === PROGRAM ? String(version) : "1"),
    getScriptSnapshot: (fileName) => {
      const text = read(fileName);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => "",
    getDefaultLibFileName: () => "lib.es2022.full.d.ts",
    readFile: read,
    fileExists: (fileName) => read(fileName) !== undefined,
  };
  return {
    service: ts.createLanguageService(host, ts.createDocumentRegistry()),
    setProgram(source) {
      program = source;
      version++;
    },
  };
}

interface Found {
  line: number;
  code: number;
  message: string;
}

function diagnosticsOf(checker: Checker, source: string): Found[] {
  checker.setProgram(source);
  const file = checker.service.getProgram()!.getSourceFile(PROGRAM)!;
  return [
    ...checker.service.getSyntacticDiagnostics(PROGRAM),
    ...checker.service.getSemanticDiagnostics(PROGRAM),
  ].map((d) => ({
    line: file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
    code: d.code,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

function describeAll(found: Found[]): string {
  return found.map((d) => `line ${d.line} TS${d.code}: ${d.message}`).join("\n");
}

const CORRECT_PROGRAM = `import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { payiInstrument, ingest, trackContext } from "payi-lab/instrument";
import { createHeaders, xproxyResult } from "payi-lab/helpers";
import { createLimit, limitStatus } from "payi-lab/limits";

payiInstrument({ useCaseName: "support_bot", limitIds: [] });
const client = new OpenAI({ maxRetries: 0 });
const budget = createLimit({ name: "budget-user_123", max: 0.01, type: "block" });
const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "Hi" }];

const answer = ingest({ userId: "user_123", limitIds: [budget.id] }, async (prompt: string) => {
  const r = await client.chat.completions.create(
    { model: "gpt-4o-mini", messages: [...messages, { role: "user", content: prompt }] },
    { headers: createHeaders({ useCaseStep: "answer", limitIds: [budget.id] }) },
  );
  const tracked = xproxyResult(r);
  // A tracking result, or Pay-i's refusal { code, message }: narrowed with "in".
  console.log(tracked && "code" in tracked ? tracked.code : tracked?.cost);
  return r.choices[0]?.message.content ?? "";
});

class Bot {
  @ingest({ userId: "user_456" })
  async reply(text: string): Promise<string> {
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }], stream: true });
    let out = "";
    for await (const chunk of stream) out += chunk.choices[0]?.delta.content ?? "";
    return out;
  }
}

const timer = setTimeout((label: string) => console.warn(label), 10, "late");
clearTimeout(timer);
setImmediate(() => queueMicrotask(() => console.debug("tick")));
await trackContext({ useCaseStep: "retrieve", proxy: true }, () => new Bot().reply("Hello"));
console.log(await answer("Tell me a joke"), limitStatus(budget.id)?.state, process.env["MODEL"] ?? "default", process.argv[1]);
const response = await client.responses.create({ model: "gpt-4o-mini", input: "Hi" });
console.table(response.usage);
if (!response.output_text) process.exitCode = 1;
`;

describe("the editor's type bundle", () => {
  let bundle: TypeBundle;
  let checker: Checker;
  before(async () => {
    bundle = await buildTypes({ outFile: false });
    checker = createChecker(bundle);
  });

  test("holds the SDK's .d.ts files only (no .d.mts, no src/, no source-map comments) and reduced package.json files", () => {
    const paths = Object.keys(bundle.files);
    const sdk = paths.filter((p) => p.startsWith(`${VIRTUAL_MODULES}/openai/`));
    assert.ok(sdk.length > 400, `only ${sdk.length} SDK files`);
    assert.ok(
      sdk.every((p) => p.endsWith(".d.ts") || p.endsWith("/openai/package.json")),
      "an SDK file is neither .d.ts nor the package.json",
    );
    assert.ok(!sdk.some((p) => p.includes("/openai/src/")), "the SDK's src/ is included");
    assert.ok(
      !paths.some((p) => bundle.files[p]!.includes("//# sourceMappingURL=")),
      "a source-map comment survived",
    );
    const sdkManifest = JSON.parse(
      bundle.files[`${VIRTUAL_MODULES}/openai/package.json`]!,
    ) as Record<string, unknown>;
    assert.deepEqual(Object.keys(sdkManifest).sort(), ["name", "types", "version"]);
    for (const entry of ["instrument", "helpers", "limits"])
      assert.ok(
        `${VIRTUAL_MODULES}/payi-lab/${entry}.d.ts` in bundle.files,
        `no payi-lab/${entry}.d.ts`,
      );
    assert.ok(GLOBALS_PATH in bundle.files);
  });

  test("the shared compiler options name the TypeScript enum members their comments say, and TypeScript accepts them", () => {
    assert.equal(EDITOR_COMPILER_OPTIONS.target, ts.ScriptTarget.ES2022);
    assert.equal(EDITOR_COMPILER_OPTIONS.module, ts.ModuleKind.ESNext);
    assert.equal(EDITOR_COMPILER_OPTIONS.moduleResolution, ts.ModuleResolutionKind.Bundler);
    assert.equal(EDITOR_COMPILER_OPTIONS.moduleDetection, ts.ModuleDetectionKind.Force);
    checker.setProgram("export {};\n");
    assert.equal(
      describeAll(
        checker.service.getCompilerOptionsDiagnostics().map((d) => ({
          line: 0,
          code: d.code,
          message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
        })),
      ),
      "",
    );
  });

  test("a correct program using the SDK, the runtime API and the sandbox globals has no diagnostics", () => {
    assert.equal(describeAll(diagnosticsOf(checker, CORRECT_PROGRAM)), "");
  });

  test("every course example has no diagnostics", () => {
    const examplesDir = path.join(repoRoot, "content", "examples");
    const examples = readdirSync(examplesDir, { recursive: true, encoding: "utf8" }).filter(
      (file) => file.endsWith(".ts"),
    );
    assert.ok(examples.length > 0);
    for (const example of examples) {
      assert.equal(
        describeAll(diagnosticsOf(checker, readFileSync(path.join(examplesDir, example), "utf8"))),
        "",
        example,
      );
    }
  });

  test('payiInstrument({ userId: 1 }) and createHeaders({ limitIds: "a" }) are type errors on their lines', () => {
    const found = diagnosticsOf(
      checker,
      `import { payiInstrument } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";
payiInstrument({ userId: 1 });
createHeaders({ limitIds: "a" });
`,
    );
    assert.deepEqual(
      found.map((d) => [d.line, d.code]),
      [
        [3, 2322],
        [4, 2322],
      ],
      describeAll(found),
    );
  });

  test("what neither runtime provides is an error: DOM, Node modules and Node-only globals", () => {
    const found = diagnosticsOf(
      checker,
      `import { readFileSync } from "node:fs";
document.title = "x";
const data = Buffer.from("x");
console.group("x");
process.on("exit", () => {});
`,
    );
    assert.deepEqual(
      found.map((d) => d.line),
      [1, 2, 3, 4, 5],
      describeAll(found),
    );
  });

  test("completions after client.chat.completions. include create, and payi-lab/instrument suggests ingest", () => {
    const source = `import OpenAI from "openai";\nimport { } from "payi-lab/instrument";\nconst client = new OpenAI();\nclient.chat.completions.`;
    checker.setProgram(source);
    const members =
      checker.service
        .getCompletionsAtPosition(PROGRAM, source.length, {})
        ?.entries.map((e) => e.name) ?? [];
    assert.ok(members.includes("create"), `completions: ${members.join(", ")}`);
    const named =
      checker.service
        .getCompletionsAtPosition(PROGRAM, source.indexOf("{ }") + 2, {})
        ?.entries.map((e) => e.name) ?? [];
    assert.ok(
      named.includes("ingest") && named.includes("payiInstrument"),
      `completions: ${named.join(", ")}`,
    );
  });

  test("ingest's doc comment is in the declarations and is what a hover shows", () => {
    const declaring = Object.entries(bundle.files).find(([, text]) =>
      text.includes("export declare function ingest"),
    );
    assert.ok(declaring, "no file declares ingest");
    assert.match(declaring[1], /Opens a scope with `options` around every call of `fn`/);
    const source = `import { ingest } from "payi-lab/instrument";\ningest;\n`;
    checker.setProgram(source);
    const info = checker.service.getQuickInfoAtPosition(PROGRAM, source.lastIndexOf("ingest") + 1);
    assert.match(
      ts.displayPartsToString(info?.documentation),
      /Opens a scope with `options` around every call of `fn`/,
    );
    assert.match(ts.displayPartsToString(info?.displayParts), /IngestOptions/);
  });
});
