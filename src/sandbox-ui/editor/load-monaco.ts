/**
 * Loads Monaco once per page, on demand, with only what a TypeScript teaching editor needs: the
 * editor API and the contributions a learner uses, the TypeScript grammar and language service,
 * and the two workers. Dynamic imports on purpose: the offline service worker precaches what
 * pages reach without passing through code-editor.ts (src/integrations/offline-plan.ts), and
 * Monaco (about 4 MB) must stay out of that. Every editor on the page shares this load and the TypeScript worker's configuration.
 */
import type * as MonacoEditorModule from "monaco-editor/editor";
import type * as MonacoTypeScriptModule from "monaco-editor/languages/features/typescript/register";
import { EDITOR_COMPILER_OPTIONS } from "./compiler-options.ts";

export type MonacoEditorApi = typeof MonacoEditorModule;
export type MonacoTypeScriptApi = typeof MonacoTypeScriptModule;

export interface Monaco {
  monaco: MonacoEditorApi;
  typescript: MonacoTypeScriptApi;
}

interface MonacoEnvironment {
  getWorker(workerId: string, label: string): Worker | Promise<Worker>;
}

let loading: Promise<Monaco> | undefined;

/** Starts loading Monaco (on a learner's intent to edit) without creating an editor. */
export function preloadMonaco(): void {
  void loadMonaco().catch(() => undefined);
}

/** Monaco, loaded by the first call; later calls share it. A failed load is retried by the next call. */
export function loadMonaco(): Promise<Monaco> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function installWorkers(): void {
  const page = globalThis as { MonacoEnvironment?: MonacoEnvironment };
  // Vite's `?worker` imports bundle each worker with its own dependencies; loaded only when Monaco asks.
  page.MonacoEnvironment ??= {
    async getWorker(_workerId, label) {
      if (label === "typescript" || label === "javascript") {
        const { default: TypeScriptWorker } =
          await import("monaco-editor/language/typescript/ts.worker?worker");
        return new TypeScriptWorker();
      }
      const { default: EditorWorker } = await import("monaco-editor/editor/editor.worker?worker");
      return new EditorWorker();
    },
  };
}

async function load(): Promise<Monaco> {
  installWorkers();
  const [monaco, typescript] = await Promise.all([
    import("monaco-editor/editor"),
    import("monaco-editor/languages/features/typescript/register"),
    // Contributions (suggest, hover, find, Tab focus mode...) must be registered before an editor is
    // created: they attach at construction. Only the ones a learner uses (monaco-features.ts).
    import("./monaco-features.ts"),
    import("monaco-editor/languages/definitions/typescript/register"),
    // The grammar, fetched with the core rather than after the first model asks for it (one
    // round trip less): the program is highlighted when the editor first paints. The language
    // service (tsMode, then its worker) still loads only once a model exists, after the editor.
    import("monaco-editor/languages/definitions/typescript/typescript"),
  ]);
  const defaults = typescript.typescriptDefaults;
  defaults.setCompilerOptions(
    EDITOR_COMPILER_OPTIONS as Parameters<typeof defaults.setCompilerOptions>[0],
  );
  // Syncs every model to the worker up front, so imports resolve before the first hover or completion.
  defaults.setEagerModelSync(true);
  // Semantic checks start once the type bundle is installed (code-editor.ts): before that every
  // import of `openai` would be flagged.
  defaults.setDiagnosticsOptions({
    noSemanticValidation: true,
    noSyntaxValidation: false,
    noSuggestionDiagnostics: true,
  });
  return { monaco, typescript };
}

let python: Promise<unknown> | undefined;

/** Monaco's Python grammar (a few kilobytes), for the Python tab's editor. */
export function loadPythonGrammar(): Promise<unknown> {
  python ??= import("monaco-editor/languages/definitions/python/register").catch(
    (error: unknown) => {
      python = undefined;
      throw error;
    },
  );
  return python;
}
