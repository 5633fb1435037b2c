/**
 * Builds the declaration files the code editor's TypeScript worker needs, keyed by the virtual path
 * the editor registers them under (`file:///node_modules/...`), into `sandbox/dist/types.json`:
 *
 * - `openai`: the real SDK's `.d.ts` files. Inside a sandbox `openai` is the real SDK's API (its
 *   client is a subclass with the same options), so its own declarations are the honest types.
 * - `payi-lab/{instrument,helpers,limits}`: declarations emitted from `sandbox/runtime/public/*.ts`,
 *   doc comments kept (they are what hovers and completions show).
 * - the few globals a program may use without `@types/node`, as the runtime provides them.
 *
 *   node sandbox/bundle/types.ts        builds sandbox/dist/types.json and prints its size
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
// Not imported from build.ts: build.ts calls this module, and the cycle would leave these undefined.
const SANDBOX_DIR = path.resolve(here, "..");
const REPO_DIR = path.resolve(SANDBOX_DIR, "..");
export const TYPES_FILE = path.join(SANDBOX_DIR, "dist", "types.json");

/** Where the editor's module resolution looks for packages. */
export const VIRTUAL_MODULES = "file:///node_modules";
/** The ambient declarations, outside node_modules: the editor loads every file as a root anyway. */
export const GLOBALS_PATH = "file:///sandbox-globals.d.ts";

/** The `payi-lab/*` entries a program may import (`async` and `openai` are for compiled code only). */
const PUBLIC_ENTRIES = ["instrument", "helpers", "limits"] as const;
const PUBLIC_DIR = path.join(SANDBOX_DIR, "runtime", "public");

export interface TypeBundle {
  /** Declaration text by virtual path, e.g. `file:///node_modules/payi-lab/instrument.d.ts`. */
  files: Record<string, string>;
}

/**
 * What a program may use beyond ES2022 without `@types/node`: only what both hosts provide (Node in
 * WebContainer, and sandbox/runtime/host/worker-host.ts in a browser worker), so nothing here type-checks
 * and then fails in one of them. `console` is limited to the methods the hosts print to the program's output.
 */
export const SANDBOX_GLOBALS = `/** Prints to the program's output, formatted as Node's console does. */
interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  trace(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  table(...data: unknown[]): void;
  dir(...data: unknown[]): void;
}
declare var console: Console;

interface SandboxProcess {
  /** Environment variables. The sandbox has no real secrets: the OpenAI client needs no key here. */
  env: Record<string, string | undefined>;
  /** \`["node", "<program file>"]\`. */
  argv: string[];
  /** The exit code once the program has nothing left to do; set it instead of calling \`exit\` to let output finish. */
  exitCode: number | undefined;
  /** Stops the program now with \`code\` (default \`process.exitCode\`, else 0). */
  exit(code?: number): never;
  nextTick<TArgs extends unknown[]>(callback: (...args: TArgs) => void, ...args: TArgs): void;
  readonly stdout: { write(text: string): boolean };
  readonly stderr: { write(text: string): boolean };
}
declare var process: SandboxProcess;

/** Opaque: a number in the browser runner, an object in Node. Pass it to the matching \`clear\` function. */
interface TimerHandle {
  readonly __timerHandle: never;
}
declare function setTimeout<TArgs extends unknown[]>(callback: (...args: TArgs) => void, ms?: number, ...args: TArgs): TimerHandle;
// A callback that takes one optional value, like a promise's resolve: new Promise((r) => setTimeout(r, 10)).
declare function setTimeout(callback: (value: void) => void, ms?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | null | undefined): void;
declare function setInterval<TArgs extends unknown[]>(callback: (...args: TArgs) => void, ms?: number, ...args: TArgs): TimerHandle;
declare function clearInterval(handle: TimerHandle | null | undefined): void;
declare function setImmediate<TArgs extends unknown[]>(callback: (...args: TArgs) => void, ...args: TArgs): TimerHandle;
declare function setImmediate(callback: (value: void) => void): TimerHandle;
declare function clearImmediate(handle: TimerHandle | null | undefined): void;
declare function queueMicrotask(callback: () => void): void;
`;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

function toPosix(file: string): string {
  return file.split(path.sep).join("/");
}

/** The SDK's CommonJS-flavoured `.d.ts` files (the `.d.mts` twins are the same API), without its `src/`. */
function openaiDeclarations(): Record<string, string> {
  const packageDir = path.join(REPO_DIR, "node_modules", "openai");
  const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    types?: string;
  };
  const files: Record<string, string> = {};
  for (const file of listFiles(packageDir)) {
    const relative = toPosix(path.relative(packageDir, file));
    if (!relative.endsWith(".d.ts") || relative.startsWith("src/")) continue;
    // Source-map comments point at files the editor never has; doc comments stay (they are the IntelliSense).
    files[`${VIRTUAL_MODULES}/openai/${relative}`] = readFileSync(file, "utf8").replace(
      /\n?\/\/# sourceMappingURL=\S+\s*$/,
      "\n",
    );
  }
  // No `exports`: without it, `openai` resolves through `types` and `openai/resources/...` type imports
  // resolve file by file, with any module resolution.
  files[`${VIRTUAL_MODULES}/openai/package.json`] = JSON.stringify({
    name: manifest.name,
    version: manifest.version,
    types: manifest.types ?? "./index.d.ts",
  });
  return files;
}

/** Emits declarations for the runtime's public entries and every runtime file they reach, in memory. */
function emitRuntimeDeclarations(): Map<string, string> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    declaration: true,
    emitDeclarationOnly: true,
    skipLibCheck: true,
    types: ["node"],
    rootDir: REPO_DIR,
    outDir: REPO_DIR,
  };
  const host = ts.createCompilerHost(options);
  const emitted = new Map<string, string>();
  host.writeFile = (fileName, text) => emitted.set(path.resolve(fileName), text);
  const program = ts.createProgram(
    PUBLIC_ENTRIES.map((entry) => path.join(PUBLIC_DIR, `${entry}.ts`)),
    options,
    host,
  );
  const result = program.emit(undefined, undefined, undefined, true);
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(
      `Declaration emit failed:\n${ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => REPO_DIR, getNewLine: () => "\n" })}`,
    );
  }
  for (const file of emitted.keys()) {
    if (isShared(file)) emitted.set(file, flattenedDeclarations(program, file));
  }
  return emitted;
}

const SHARED_DIR = path.join(REPO_DIR, "shared");

function isShared(declarationFile: string): boolean {
  return !path.relative(SHARED_DIR, declarationFile).startsWith("..");
}

/**
 * The runtime imports some types from `shared/` (the call event contract), which derives them from
 * valibot schemas. The editor has no valibot, so these declarations are written out structurally:
 * every exported type alias becomes the plain object type it stands for.
 */
function flattenedDeclarations(program: ts.Program, declarationFile: string): string {
  const source = program.getSourceFile(declarationFile.replace(/\.d\.ts$/, ".ts"));
  if (!source) throw new Error(`No source for ${path.relative(REPO_DIR, declarationFile)}`);
  const checker = program.getTypeChecker();
  const flags =
    ts.TypeFormatFlags.NoTruncation |
    ts.TypeFormatFlags.InTypeAlias |
    ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;
  const lines = [`// Written out from ${toPosix(path.relative(REPO_DIR, source.fileName))}.`];
  for (const statement of source.statements) {
    if (!ts.isTypeAliasDeclaration(statement) || !statement.modifiers?.some(isExport)) continue;
    const parameters = statement.typeParameters?.map((p) => p.getText(source)).join(", ");
    const text = statement.typeParameters
      ? statement.type.getText(source)
      : checker.typeToString(checker.getTypeAtLocation(statement.type), statement, flags);
    lines.push(
      `export type ${statement.name.text}${parameters ? `<${parameters}>` : ""} = ${text};`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function isExport(modifier: ts.ModifierLike): boolean {
  return modifier.kind === ts.SyntaxKind.ExportKeyword;
}

/**
 * Where a runtime declaration goes in the virtual package: public entries at the package root
 * (`payi-lab/instrument.d.ts`), everything else under `internal/`, keeping its relative structure.
 */
function packagePath(declarationFile: string): string {
  const relative = toPosix(path.relative(REPO_DIR, declarationFile)).replace(/^sandbox\//, "");
  const publicPrefix = "runtime/public/";
  return relative.startsWith(publicPrefix)
    ? relative.slice(publicPrefix.length)
    : `internal/${relative}`;
}

const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*)(["'])(\.{1,2}\/[^"']+)\2/g;

/** Rewrites relative specifiers for the new layout, with `.js` extensions (resolved to `.d.ts` by any resolution mode). */
function relocateSpecifiers(text: string, fromFile: string): string {
  const fromPackagePath = packagePath(fromFile);
  return text.replace(
    RELATIVE_SPECIFIER,
    (_match, prefix: string, quote: string, specifier: string) => {
      const target =
        path.resolve(path.dirname(fromFile), specifier).replace(/\.(d\.)?[cm]?[jt]s$/, "") +
        ".d.ts";
      let relative = path.posix
        .relative(path.posix.dirname(fromPackagePath), packagePath(target))
        .replace(/\.d\.ts$/, ".js");
      if (!relative.startsWith(".")) relative = `./${relative}`;
      return `${prefix}${quote}${relative}${quote}`;
    },
  );
}

/** The runtime's declarations reachable from the public entries (the rest is implementation detail). */
function payiLabDeclarations(): Record<string, string> {
  const emitted = emitRuntimeDeclarations();
  const files: Record<string, string> = {};
  const pending = PUBLIC_ENTRIES.map((entry) => path.join(PUBLIC_DIR, `${entry}.d.ts`));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = emitted.get(file);
    if (text === undefined)
      throw new Error(`No declaration was emitted for ${path.relative(REPO_DIR, file)}`);
    for (const reference of ts.preProcessFile(text, true, true).importedFiles) {
      if (!reference.fileName.startsWith(".")) continue;
      pending.push(
        path.resolve(path.dirname(file), reference.fileName).replace(/\.(d\.)?[cm]?[jt]s$/, "") +
          ".d.ts",
      );
    }
    files[`${VIRTUAL_MODULES}/payi-lab/${packagePath(file)}`] = relocateSpecifiers(text, file);
  }
  const entryTypes = Object.fromEntries(
    PUBLIC_ENTRIES.map((entry) => [`./${entry}`, { types: `./${entry}.d.ts` }]),
  );
  // `exports` for bundler/node16 resolution, `typesVersions` for resolutions that ignore `exports`.
  const typesVersions = {
    "*": Object.fromEntries(PUBLIC_ENTRIES.map((entry) => [entry, [`./${entry}.d.ts`]])),
  };
  files[`${VIRTUAL_MODULES}/payi-lab/package.json`] = JSON.stringify({
    name: "payi-lab",
    exports: entryTypes,
    typesVersions,
  });
  return files;
}

export interface BuildTypesOptions {
  /** Where to write the JSON; `false` to only return it. Default `sandbox/dist/types.json`. */
  outFile?: string | false;
}

export async function buildTypes(options: BuildTypesOptions = {}): Promise<TypeBundle> {
  const files = {
    ...openaiDeclarations(),
    ...payiLabDeclarations(),
    [GLOBALS_PATH]: SANDBOX_GLOBALS,
  };
  const bundle: TypeBundle = { files };
  const outFile = options.outFile ?? TYPES_FILE;
  if (outFile !== false) {
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(bundle));
  }
  return bundle;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const bundle = await buildTypes();
  const json = readFileSync(TYPES_FILE);
  const paths = Object.keys(bundle.files);
  console.log(
    `${path.relative(REPO_DIR, TYPES_FILE)}: ${paths.length} files, ${kb(json.length)}, ${kb(gzipSync(json, { level: 9 }).length)} gzip (${Math.round(performance.now() - started)} ms)`,
  );
  for (const prefix of [
    `${VIRTUAL_MODULES}/openai/`,
    `${VIRTUAL_MODULES}/payi-lab/`,
    GLOBALS_PATH,
  ]) {
    const group = paths.filter((p) => p.startsWith(prefix));
    const bytes = group.reduce((sum, p) => sum + Buffer.byteLength(bundle.files[p] ?? ""), 0);
    console.log(
      `  ${prefix.padEnd(32)} ${String(group.length).padStart(4)} files ${kb(bytes).padStart(10)}`,
    );
  }
  if (!existsSync(TYPES_FILE)) process.exit(1);
}
