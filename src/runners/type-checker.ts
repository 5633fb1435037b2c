/**
 * Type-checks a learner's program in the compiler worker, as the editor's TypeScript worker does
 * (tests/unit/sandbox/bundle/types.test.ts checks the bundle the same way): a language service over
 * an in-memory host that knows only the type bundle (`types.json`: the `openai` SDK, `payi-lab/*`,
 * the sandbox globals) and TypeScript's own lib files, with the compiler options the caller passes
 * (the editor's). The service is kept between checks, so only the first one parses the SDK.
 */
import ts from "typescript";
import { toLessonDiagnostic, type LessonDiagnostic } from "../../sandbox/compiler/compile.ts";

/** TypeScript's ES lib files, by bare name (`lib.es2022.d.ts`), as a language service asks for them. */
const LIB_FILES = import.meta.glob<string>(
  [
    "/node_modules/typescript/lib/lib.es5.d.ts",
    "/node_modules/typescript/lib/lib.es20*.d.ts",
    "/node_modules/typescript/lib/lib.decorators*.d.ts",
  ],
  { query: "?raw", import: "default", eager: true },
);
const libs = new Map(
  Object.entries(LIB_FILES).map(([path, text]) => [path.split("/").pop()!, text]),
);

export interface TypeBundle {
  files: Record<string, string>;
}

/** Where the program sits, beside the bundle's `file:///node_modules`. */
const PROGRAM_DIR = "file:///checked/";

export interface LessonTypeChecker {
  check(source: string, fileName: string): LessonDiagnostic[];
}

export function createTypeChecker(
  bundle: TypeBundle,
  options: Record<string, unknown>,
): LessonTypeChecker {
  let programPath = `${PROGRAM_DIR}program.ts`;
  let programText = "";
  let version = 0;
  const read = (fileName: string): string | undefined => {
    if (fileName === programPath) return programText;
    if (fileName in bundle.files) return bundle.files[fileName];
    return libs.get(fileName.split("/").pop() ?? "");
  };
  // Only the ambient declarations are roots (the sandbox globals, outside node_modules); the
  // packages are found through the program's imports. Monaco makes every file a root, but that
  // parses the whole SDK for a program that imports nothing: seconds in a cold worker.
  const bundleRoots = Object.keys(bundle.files).filter(
    (name) => name.endsWith(".d.ts") && !name.includes("/node_modules/"),
  );
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options as ts.CompilerOptions,
    getScriptFileNames: () => [programPath, ...bundleRoots],
    getScriptVersion: (fileName) => (fileName === programPath ? String(version) : "1"),
    getScriptSnapshot: (fileName) => {
      const text = read(fileName);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => "",
    getDefaultLibFileName: () => "lib.es2022.d.ts",
    readFile: read,
    fileExists: (fileName) => read(fileName) !== undefined,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return {
    check(source, fileName) {
      programPath = `${PROGRAM_DIR}${encodeURIComponent(fileName)}`;
      programText = source;
      version++;
      return [
        ...service.getSyntacticDiagnostics(programPath),
        ...service.getSemanticDiagnostics(programPath),
      ]
        .filter(
          (d) =>
            d.category === ts.DiagnosticCategory.Error ||
            d.category === ts.DiagnosticCategory.Warning,
        )
        .map((d) => ({ ...toLessonDiagnostic(d, fileName), file: fileName }));
    },
  };
}
