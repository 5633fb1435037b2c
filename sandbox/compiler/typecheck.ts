/**
 * Type-checks a learner program against the real declarations of the `openai` SDK and of the
 * sandbox runtime (Node only: in the browser the editor's TypeScript worker does this).
 * Type errors are reported but never stop a run, as with `tsx`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { toLessonDiagnostic, type LessonDiagnostic } from "./compile.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function typeCheckLesson(source: string, fileName: string): LessonDiagnostic[] {
  // The program is checked as if it sat at the repository root, so `openai` and `payi-lab/*` resolve.
  const virtualPath = path.join(repoRoot, `__lesson__${path.basename(fileName)}`);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    types: ["node"],
    baseUrl: repoRoot,
    paths: { "payi-lab/*": ["./sandbox/runtime/public/*.ts"] },
  };
  const compilerHost = ts.createCompilerHost(options);
  const readFile = compilerHost.readFile.bind(compilerHost);
  const fileExists = compilerHost.fileExists.bind(compilerHost);
  const getSourceFile = compilerHost.getSourceFile.bind(compilerHost);
  compilerHost.readFile = (file) => (file === virtualPath ? source : readFile(file));
  compilerHost.fileExists = (file) => file === virtualPath || fileExists(file);
  compilerHost.getSourceFile = (file, languageVersion, onError, shouldCreate) =>
    file === virtualPath
      ? ts.createSourceFile(file, source, languageVersion, true)
      : getSourceFile(file, languageVersion, onError, shouldCreate);
  const program = ts.createProgram([virtualPath], options, compilerHost);
  const file = program.getSourceFile(virtualPath);
  return ts
    .getPreEmitDiagnostics(program, file)
    .filter((d) => d.file?.fileName === virtualPath)
    .map((d) => ({ ...toLessonDiagnostic(d, fileName), file: path.basename(fileName) }));
}
