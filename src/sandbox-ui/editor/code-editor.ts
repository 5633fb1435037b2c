/**
 * The lesson code editor: Monaco with TypeScript IntelliSense and diagnostics for the `openai` SDK
 * and the course runtime (`payi-lab/*`). Nothing loads or changes on the page until
 * `createCodeEditor` is called; Monaco and the type bundle then load once and are shared by every
 * editor on the page.
 *
 *   const editor = await createCodeEditor(mount, { value, fileName: "basic.ts", ariaLabel: "Code of basic.ts",
 *     typesUrl: "/sandbox-runtime/types.json", onChange: save, onRun: run });
 */
import type { Diagnostic } from "monaco-editor/languages/features/typescript/register";
import { followSiteTheme } from "./editor-theme.ts";
import { addRunShortcut, keyboardHelp, letEscapeThenTabLeave } from "./keyboard.ts";
import { loadMonaco, loadPythonGrammar, preloadMonaco, type Monaco } from "./load-monaco.ts";
import { captureSiteStyle, siteProperty } from "./site-style.ts";
import { fetchTypeBundle, installTypeBundle } from "./type-library.ts";
// A static import: Astro's build drops CSS that a client module imports dynamically (the page
// then fails to preload it). This module itself is only ever loaded on demand.
import "./code-editor.css";

export interface CodeEditorOptions {
  value: string;
  /** The program's file name, e.g. `basic.ts`: shown in hovers and errors, gives the model its language. */
  fileName: string;
  ariaLabel: string;
  /** URL of `types.json` (sandbox/bundle/types.ts), relative to the page or absolute. */
  typesUrl: string;
  onChange?(value: string): void;
  /** Called by Ctrl/Cmd+Enter. */
  onRun?(): void;
  readOnly?: boolean;
}

/** A position in the program, 1-based, as runtime errors and diagnostics report it. */
export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

export interface TypeDiagnostic extends EditorMarker {
  /** TypeScript's error code, e.g. 2322. */
  code: number;
  category: "error" | "warning";
}

export interface CodeEditor {
  getValue(): string;
  /** Replaces the whole program as one undoable edit (Ctrl+Z brings the learner's code back). */
  setValue(value: string): void;
  /** Runtime errors from the last run, shown apart from (and never replacing) the type diagnostics. */
  setErrorMarkers(markers: EditorMarker[]): void;
  /** Syntax and type errors and warnings TypeScript reports for the current text. */
  getTypeDiagnostics(): Promise<TypeDiagnostic[]>;
  focus(): void;
  dispose(): void;
}

/** Owner of the runtime-error markers; TypeScript's own are owned by "typescript". */
const RUN_MARKERS = "payi-run";

/** Monaco's model URIs must be unique: each editor gets its own folder, so names can repeat. */
let editorCount = 0;

type MessageChain = Exclude<Diagnostic["messageText"], string>;

function flattenMessage(message: string | MessageChain, indent = 0): string {
  if (typeof message === "string") return message;
  const head = `${"  ".repeat(indent)}${message.messageText}`;
  return [head, ...(message.next ?? []).map((next) => flattenMessage(next, indent + 1))].join("\n");
}

function monoFont(container: HTMLElement): string {
  // A detached container (mounted once the editor is ready) has no inherited custom properties:
  // the page's are used, read ahead of Monaco when they could be (site-style.ts).
  const read = (name: "--sl-font-mono" | "--sl-font-system-mono") =>
    container.isConnected
      ? getComputedStyle(container).getPropertyValue(name).trim()
      : siteProperty(name);
  const font = read("--sl-font-mono") || read("--sl-font-system-mono");
  return (
    font ||
    "ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, 'Liberation Mono', 'Courier New', monospace"
  );
}

/** One installation of the types per page and URL, shared by the editors that use it. */
const typesInstalled = new Map<string, Promise<void>>();

function loadTypes(
  typesUrl: string,
  monaco: Monaco,
  download: Promise<{ files: Record<string, string> }>,
): Promise<void> {
  let installing = typesInstalled.get(typesUrl);
  if (!installing) {
    installing = installTypes(typesUrl, monaco, download);
    typesInstalled.set(typesUrl, installing);
  }
  return installing;
}

async function installTypes(
  typesUrl: string,
  monaco: Monaco,
  download: Promise<{ files: Record<string, string> }>,
): Promise<void> {
  try {
    installTypeBundle(monaco.typescript.typescriptDefaults, await download);
    // Semantic checks were held back until the types are in (load-monaco.ts): no "Cannot find
    // module 'openai'" flashes while they download.
    monaco.typescript.typescriptDefaults.setDiagnosticsOptions({
      noSemanticValidation: false,
      noSyntaxValidation: false,
      noSuggestionDiagnostics: true,
    });
  } catch (error) {
    // Still an editor, without IntelliSense for the SDK: say why once, and do not flag every import.
    console.warn(`Code editor: no type information from ${typesUrl}:`, error);
    monaco.typescript.typescriptDefaults.setDiagnosticsOptions({
      noSemanticValidation: true,
      noSyntaxValidation: false,
      noSuggestionDiagnostics: true,
    });
  }
}

/**
 * Starts what an editor needs (Monaco and the type bundle) without creating one: called on a
 * learner's intent (the pointer over the code or Edit), so that Edit opens the editor at once.
 */
export function preloadEditor(typesUrl: string, fileName = ""): void {
  if (isPythonFile(fileName)) void loadPythonGrammar().catch(() => undefined);
  else fetchTypeBundle(typesUrl).catch(() => undefined);
  captureSiteStyle(); // before Monaco's stylesheets arrive (site-style.ts)
  preloadMonaco();
}

export function isPythonFile(fileName: string): boolean {
  return fileName.endsWith(".py");
}

export async function createCodeEditor(
  container: HTMLElement,
  options: CodeEditorOptions,
): Promise<CodeEditor> {
  // A Python program gets Monaco's Python grammar (highlighting, brackets, indentation) and no
  // language service: Python itself reports its errors when the program runs.
  const python = isPythonFile(options.fileName);
  captureSiteStyle(); // before Monaco's stylesheets arrive (site-style.ts)
  let loaded: Monaco;
  let typesReady: Promise<void>;
  if (python) {
    [loaded] = await Promise.all([loadMonaco(), loadPythonGrammar()]);
    typesReady = Promise.resolve();
  } else {
    // The download (started on intent by the sandbox, edit-session.ts) runs alongside Monaco's
    // and does not hold the editor back: it opens as soon as Monaco is ready, and type
    // information, then semantic diagnostics, arrive when the bundle has (off the critical path
    // from Edit to typing).
    const download = fetchTypeBundle(options.typesUrl);
    download.catch(() => {}); // handled in loadTypes
    loaded = await loadMonaco();
    typesReady = loadTypes(options.typesUrl, loaded, download);
  }
  const { monaco } = loaded;

  const id = ++editorCount;
  const uri = monaco.Uri.parse(`file:///editors/${id}/${encodeURIComponent(options.fileName)}`);
  const model = monaco.editor.createModel(options.value, python ? "python" : "typescript", uri);

  const frame = document.createElement("div");
  frame.className = "code-editor";
  const help = document.createElement("span");
  help.id = `code-editor-help-${id}`;
  help.className = "code-editor__help";
  help.textContent = keyboardHelp(Boolean(options.onRun));
  container.append(frame, help);

  const theme = followSiteTheme(monaco);
  const editor = monaco.editor.create(frame, {
    model,
    theme: theme.theme,
    ariaLabel: options.ariaLabel,
    readOnly: options.readOnly ?? false,
    automaticLayout: true,
    fontFamily: monoFont(container),
    fontSize: 14,
    lineHeight: 22,
    tabSize: python ? 4 : 2,
    padding: { top: 12, bottom: 12 },
    // A teaching editor: the program and its squiggles, none of the IDE furniture.
    minimap: { enabled: false },
    stickyScroll: { enabled: false },
    scrollBeyondLastLine: false,
    overviewRulerLanes: 0,
    hideCursorInOverviewRuler: true,
    folding: false,
    // Brackets coloured like the static code block the editor replaces, not by nesting depth.
    bracketPairColorization: { enabled: false },
    glyphMargin: false,
    lineNumbersMinChars: 3,
    // Long lines wrap, keeping their indent, as in the static code view: nothing is cut off in a
    // narrow column or on a phone, and the page never scrolls sideways.
    wordWrap: "on",
    wrappingIndent: "same",
    renderLineHighlightOnlyWhenFocus: true,
    inlayHints: { enabled: "off" },
    wordBasedSuggestions: "off",
    "semanticHighlighting.enabled": false,
    // The page scrolls past the editor unless the editor itself can scroll.
    scrollbar: { alwaysConsumeMouseWheel: false, useShadows: false },
    // Hovers and suggestions may extend past a short editor instead of being clipped by it.
    fixedOverflowWidgets: true,
  });

  // Grows with the program; the stylesheet's max-height caps it, and Monaco scrolls beyond that.
  const fitHeight = () => {
    frame.style.height = `${editor.getContentHeight()}px`;
  };
  fitHeight();
  // Measured with a fallback font if the page's monospace web font was still loading.
  void document.fonts?.ready.then(() => monaco.editor.remeasureFonts());

  const describe = () => {
    const input = editor.getDomNode()?.querySelector(".native-edit-context, textarea");
    if (input && input.getAttribute("aria-describedby") !== help.id)
      input.setAttribute("aria-describedby", help.id);
  };
  describe();

  if (options.onRun) {
    const onRun = options.onRun;
    addRunShortcut(monaco, editor, () => onRun());
  }
  const disposables = [
    editor.onDidContentSizeChange(fitHeight),
    editor.onDidFocusEditorText(describe),
    model.onDidChangeContent(() => options.onChange?.(model.getValue())),
    letEscapeThenTabLeave(monaco, editor),
  ];

  let disposed = false;
  return {
    getValue: () => model.getValue(),
    setValue(value) {
      if (value === model.getValue()) return;
      model.pushStackElement();
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
      model.pushStackElement();
    },
    setErrorMarkers(markers) {
      monaco.editor.setModelMarkers(
        model,
        RUN_MARKERS,
        markers.map((marker) => {
          const line = Math.min(Math.max(1, Math.round(marker.line)), model.getLineCount());
          const column = Math.min(
            Math.max(1, Math.round(marker.column)),
            model.getLineMaxColumn(line),
          );
          // Underline the word at the error (or one character), as TypeScript's squiggles do.
          const word = model.getWordAtPosition({ lineNumber: line, column });
          const endColumn = word
            ? word.endColumn
            : Math.min(column + 1, model.getLineMaxColumn(line));
          return {
            severity: monaco.MarkerSeverity.Error,
            message: marker.message,
            source: "run",
            startLineNumber: line,
            startColumn: word ? word.startColumn : column,
            endLineNumber: line,
            endColumn,
          };
        }),
      );
    },
    async getTypeDiagnostics() {
      await typesReady;
      if (python) return [];
      const workerFor = await loaded.typescript.getTypeScriptWorker();
      const worker = await workerFor(model.uri);
      const file = model.uri.toString();
      const found = [
        ...(await worker.getSyntacticDiagnostics(file)),
        ...(await worker.getSemanticDiagnostics(file)),
      ];
      return found
        .filter((diagnostic) => diagnostic.category <= 1) // warnings and errors, not suggestions
        .map((diagnostic) => {
          const position = model.getPositionAt(diagnostic.start ?? 0);
          return {
            line: position.lineNumber,
            column: position.column,
            message: flattenMessage(diagnostic.messageText),
            code: diagnostic.code,
            category: diagnostic.category === 1 ? ("error" as const) : ("warning" as const),
          };
        });
    },
    focus: () => editor.focus(),
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const disposable of disposables) disposable.dispose();
      theme.release();
      editor.dispose();
      model.dispose();
      frame.remove();
      help.remove();
    },
  };
}
