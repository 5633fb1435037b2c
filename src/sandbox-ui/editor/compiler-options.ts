/**
 * The compiler options the editor's TypeScript worker checks programs with, shared with the unit test
 * that type-checks programs against the type bundle (tests/unit/sandbox/bundle/types.test.ts).
 * Plain numbers, not `typescript` enums: importing `typescript` here would pull the compiler into the
 * page. The test asserts each number equals the enum member named in its comment.
 */
export const EDITOR_COMPILER_OPTIONS = {
  /** ES2022: the lesson compiler lowers only `async`; everything else runs as written on Node 20 and in workers. */
  target: 9, // ts.ScriptTarget.ES2022
  module: 99, // ts.ModuleKind.ESNext: top-level await is allowed
  /** Finds `openai` and `payi-lab/*` (through its `exports`) in the virtual `file:///node_modules`. */
  moduleResolution: 100, // ts.ModuleResolutionKind.Bundler
  /**
   * Programs have no package.json `#imports`. Left on (bundler's default), hovers and completions that
   * print a type from another module crash TypeScript (5.9 and 6.0) in a host without a current
   * directory, base URL or config file, which is what Monaco's worker is.
   */
  resolvePackageJsonImports: false,
  /** Every program is a module, as the lesson compiler treats it; two editors never share top-level names. */
  moduleDetection: 3, // ts.ModuleDetectionKind.Force
  /** No DOM: programs run in Node or a worker. The runtime's globals come from the type bundle. */
  lib: ["lib.es2022.d.ts"],
  types: [] as string[],
  strict: true,
  /** Standard (TC39) decorators, as `ingest(options)` expects. */
  experimentalDecorators: false,
  esModuleInterop: true,
  isolatedModules: true,
  useDefineForClassFields: true,
  skipLibCheck: true,
  noEmit: true,
  /** Monaco's default: models are named by URI and need not end in `.ts`. */
  allowNonTsExtensions: true,
};

export type EditorCompilerOptions = typeof EDITOR_COMPILER_OPTIONS;
