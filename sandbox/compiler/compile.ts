/**
 * The lesson compiler: TypeScript -> JavaScript for learner programs, the same code at build time
 * (Node) and in the browser. It uses TypeScript's own `transpileModule` because, unlike
 * type-stripping compilers, it lowers `async` functions to generators (target ES2016) and lets
 * us choose where its helpers come from: the runtime's context-carrying `__awaiter`
 * (see sandbox/runtime/context/async-helpers.ts), which is how a scope survives `await`.
 * Top-level `await` stays native: top-level code runs outside every scope anyway.
 */
import ts from "typescript";

export const HELPERS_MODULE = "payi-lab/async";

export interface LessonDiagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  code: number;
  category: "error" | "warning";
  message: string;
}

export interface CompiledProgram {
  /** False when there are syntax errors: the program must not run. */
  ok: boolean;
  /** ES module code, with a `//# sourceMappingURL=<file>.map` comment. */
  code: string;
  /** Source map (JSON) with the original source inlined. */
  map: string;
  /** Name of the compiled file, e.g. `basic.mjs`. */
  outputFile: string;
  diagnostics: LessonDiagnostic[];
}

export const LESSON_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2016,
  module: ts.ModuleKind.ESNext,
  // Every program is a module, even one with no import: otherwise TypeScript inlines its own
  // helpers instead of importing ours, and scopes would not survive `await`.
  moduleDetection: ts.ModuleDetectionKind.Force,
  importHelpers: true,
  sourceMap: true,
  inlineSources: true,
  strict: true,
  isolatedModules: true,
  useDefineForClassFields: true,
  esModuleInterop: true,
};

/** Rewrites `import ... from "tslib"` to the runtime's helpers module. */
const helpersFromRuntime: ts.TransformerFactory<ts.SourceFile> = (context) => (file) => {
  const visit = (node: ts.Node): ts.Node => {
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === "tslib"
    ) {
      return context.factory.updateImportDeclaration(
        node,
        node.modifiers,
        node.importClause,
        context.factory.createStringLiteral(HELPERS_MODULE),
        node.attributes,
      );
    }
    return node;
  };
  return ts.visitEachChild(file, visit, context);
};

export function toLessonDiagnostic(
  diagnostic: ts.Diagnostic,
  fallbackFile: string,
): LessonDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  const file = diagnostic.file?.fileName ?? fallbackFile;
  let line = 1;
  let column = 1;
  if (diagnostic.file && diagnostic.start !== undefined) {
    const position = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    line = position.line + 1;
    column = position.character + 1;
  }
  return {
    file,
    line,
    column,
    code: diagnostic.code,
    category: diagnostic.category === ts.DiagnosticCategory.Error ? "error" : "warning",
    message,
  };
}

/** `basic.ts:3:14 - error TS1005: ';' expected.` */
export function formatDiagnostic(diagnostic: LessonDiagnostic): string {
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} - ${diagnostic.category} TS${diagnostic.code}: ${diagnostic.message}`;
}

export function compileLesson(source: string, fileName = "program.ts"): CompiledProgram {
  const outputFile = fileName.replace(/\.(c|m)?tsx?$/, "") + ".mjs";
  const result = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: LESSON_COMPILER_OPTIONS,
    transformers: { after: [helpersFromRuntime] },
  });
  const diagnostics = (result.diagnostics ?? []).map((d) => toLessonDiagnostic(d, fileName));
  const ok = !diagnostics.some((d) => d.category === "error");
  const code = result.outputText.replace(
    /\/\/# sourceMappingURL=.*$/m,
    `//# sourceMappingURL=${outputFile}.map`,
  );
  const map = result.sourceMapText ?? "";
  return { ok, code, map: fixMapFile(map, outputFile, fileName), outputFile, diagnostics };
}

function fixMapFile(map: string, outputFile: string, fileName: string): string {
  if (!map) return map;
  const parsed = JSON.parse(map) as { file?: string; sources?: string[] };
  parsed.file = outputFile;
  parsed.sources = [fileName];
  return JSON.stringify(parsed);
}
