/**
 * The code of one sandbox as the learner has it: the shipped example, a saved edit shown after a
 * reload, the editor it upgrades to on first use, saving edits as they change, and Reset. The
 * controller asks it for the code to run; nothing else here knows about runs.
 */
import { safeLocalStorage } from "../local-storage.ts";
import { warmUpCompiler } from "../runners/compile-client.ts";
import { clearEdit, hashSource, loadEdit, saveEdit } from "./edits-store.ts";
import type { CodeEditor, EditorMarker } from "./editor/code-editor.ts";

type Notify = (text: string, kind: "info" | "warning" | "error") => void;

export interface EditSessionOptions {
  sandboxId: string;
  fileName: string;
  /** The example as shipped with the page. */
  original: string;
  /** Where the code is shown: the static code view, then the editor. */
  host: HTMLElement;
  notify: Notify;
  /** The code now differs from the example, or is back to it. */
  onEditedChange: (edited: boolean) => void;
  /** Ctrl/Cmd+Enter in the editor. */
  onRun: () => void;
}

/** Saving is debounced: typing should not hit storage on every key. */
const SAVE_DELAY_MS = 300;

export class EditSession {
  readonly #options: EditSessionOptions;
  readonly #originalHash: string;
  #code: string;
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor | undefined> | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: EditSessionOptions) {
    this.#options = options;
    this.#originalHash = hashSource(options.original);
    this.#code = options.original;
    const saved = loadEdit(safeLocalStorage(), options.sandboxId);
    if (saved.error) options.notify(saved.error, "warning");
    if (saved.edit && saved.edit.code !== options.original) {
      this.#code = saved.edit.code;
      this.#showSavedEditStatically(saved.edit.originalHash !== this.#originalHash);
    }
  }

  /** The code a run should use: what the learner sees now. */
  get code(): string {
    return this.#editor?.getValue() ?? this.#code;
  }

  get edited(): boolean {
    return this.#code !== this.#options.original;
  }

  setErrorMarkers(markers: EditorMarker[]): void {
    this.#editor?.setErrorMarkers(markers);
  }

  /** Replaces the static code view with the editor (once); `focus` moves the caret into it. */
  openEditor(focus: boolean): Promise<CodeEditor | undefined> {
    this.#editorLoading ??= this.#loadEditor();
    return this.#editorLoading.then((editor) => {
      if (focus) editor?.focus();
      return editor;
    });
  }

  /** Back to the shipped example (the learner has confirmed). */
  reset(): void {
    clearTimeout(this.#saveTimer);
    const error = clearEdit(safeLocalStorage(), this.#options.sandboxId);
    if (error) this.#options.notify(error, "error");
    this.#code = this.#options.original;
    this.#editor?.setValue(this.#options.original);
    if (!this.#editor) window.location.reload();
    this.#options.onEditedChange(false);
    this.#options.notify("The example is back to its original code.", "info");
  }

  async #loadEditor(): Promise<CodeEditor | undefined> {
    warmUpCompiler();
    const { host, fileName } = this.#options;
    host.setAttribute("aria-busy", "true");
    try {
      const { createCodeEditor } = await import("./editor/code-editor.ts");
      const mount = document.createElement("div");
      mount.className = "payi-sandbox__editor";
      const editor = await createCodeEditor(mount, {
        value: this.#code,
        fileName,
        ariaLabel: `Code of ${fileName}. Ctrl+Enter runs it. Press Ctrl+M to make Tab move focus out of the editor.`,
        typesUrl: `${import.meta.env.BASE_URL.replace(/\/?$/, "/")}sandbox-runtime/types.json`,
        onChange: (value) => this.#remember(value),
        onRun: this.#options.onRun,
      });
      host.replaceChildren(mount);
      this.#editor = editor;
      return editor;
    } catch (error) {
      this.#options.notify(
        `The editor could not be loaded (${error instanceof Error ? error.message : String(error)}). You can still run the example.`,
        "error",
      );
      this.#editorLoading = undefined;
      return undefined;
    } finally {
      host.removeAttribute("aria-busy");
    }
  }

  #remember(value: string): void {
    this.#code = value;
    this.#options.onEditedChange(this.edited);
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#save(value), SAVE_DELAY_MS);
  }

  #save(value: string): void {
    const { sandboxId, original, notify } = this.#options;
    const store = safeLocalStorage();
    const error =
      value === original
        ? clearEdit(store, sandboxId)
        : saveEdit(store, sandboxId, {
            code: value,
            savedAt: new Date().toISOString(),
            originalHash: this.#originalHash,
          });
    if (error) notify(error, "error");
  }

  #showSavedEditStatically(exampleChanged: boolean): void {
    const pre = document.createElement("pre");
    pre.className = "payi-sandbox__saved-code";
    pre.tabIndex = 0;
    pre.textContent = this.#code;
    this.#options.host.replaceChildren(pre);
    this.#options.notify(
      exampleChanged
        ? "Showing your edited version, saved in this browser. The original example has changed since; Reset to see the new one."
        : "Showing your edited version, saved in this browser. Reset brings back the original.",
      "info",
    );
  }
}
