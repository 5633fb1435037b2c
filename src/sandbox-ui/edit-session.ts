/**
 * The code of one sandbox as the learner has it: the shipped example, a saved edit shown after a
 * reload (highlighted like the static code view), the editor it upgrades to on first use, saving
 * edits, Reset, and an exercise's solution put in the editor with a way back. The controller asks
 * it for the code to run; nothing else here knows about runs.
 *
 * No edit is ever lost: every change is written to storage as it happens (a few kilobytes; a
 * renderer crash a moment later still finds it), and once more when the page is hidden or left.
 */
import { safeLocalStorage } from "../local-storage.ts";
import { warmUpCompiler } from "../runners/compile-client.ts";
import { clearEdit, hashSource, loadEdit, saveEdit, type SavedEdit } from "./edits-store.ts";
import type { CodeEditor, EditorMarker } from "./editor/code-editor.ts";
import { captureSiteStyle } from "./editor/site-style.ts";
import { fetchTypeBundle } from "./editor/type-library.ts";
import { TYPES_URL } from "./type-check.ts";

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
  /** The solution is shown in place of the learner's code, or not any more. */
  onSolutionChange?: (shown: boolean) => void;
  /** Ctrl/Cmd+Enter in the editor. */
  onRun: () => void;
}

export class EditSession {
  readonly #options: EditSessionOptions;
  readonly #originalHash: string;
  #code: string;
  /** What storage holds now, so a save that changes nothing is skipped. */
  #saved: string;
  /** The learner's code while a solution is shown. */
  #beforeSolution: string | undefined;
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor | undefined> | undefined;

  constructor(options: EditSessionOptions) {
    this.#options = options;
    this.#originalHash = hashSource(options.original);
    this.#code = options.original;
    const saved = loadEdit(safeLocalStorage(), options.sandboxId);
    if (saved.error) options.notify(saved.error, "warning");
    if (saved.edit && saved.edit.code !== options.original) {
      this.#code = saved.edit.code;
      this.#beforeSolution = saved.edit.beforeSolution;
      this.#showSavedEditStatically(saved.edit.originalHash !== this.#originalHash);
    }
    this.#saved = this.#code;
    // Storage writes are synchronous, so these finish before the page goes away.
    const flush = () => this.saveNow();
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", flush);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flush();
    });
  }

  /** The code a run should use: what the learner sees now. */
  get code(): string {
    return this.#editor?.getValue() ?? this.#code;
  }

  get edited(): boolean {
    return this.code !== this.#options.original;
  }

  /** The editor, once it is loaded (its TypeScript worker checks the code it shows). */
  get editor(): CodeEditor | undefined {
    return this.#editor;
  }

  /** True while an exercise's solution stands in place of the learner's code. */
  get solutionShown(): boolean {
    return this.#beforeSolution !== undefined;
  }

  setErrorMarkers(markers: EditorMarker[]): void {
    this.#editor?.setErrorMarkers(markers);
  }

  /** Starts loading the editor without showing it (the learner is about to edit). */
  preloadEditor(): void {
    this.#startEditorLoad();
    void import("./editor/code-editor.ts").then(
      ({ preloadEditor }) => preloadEditor(TYPES_URL, this.#options.fileName),
      () => undefined, // reported when the editor is opened
    );
  }

  /** Replaces the static code view with the editor (once); `focus` moves the caret into it. */
  openEditor(focus: boolean): Promise<CodeEditor | undefined> {
    this.#editorLoading ??= this.#loadEditor();
    return this.#editorLoading.then((editor) => {
      if (focus) editor?.focus();
      return editor;
    });
  }

  /** Writes the current code to storage now (before a run, when the page is hidden or left). */
  saveNow(): void {
    const code = this.code;
    if (code !== this.#saved) this.#save(code);
  }

  /** Back to the shipped example (the learner has confirmed). */
  reset(): void {
    const error = clearEdit(safeLocalStorage(), this.#options.sandboxId);
    if (error) this.#options.notify(error, "error");
    this.#beforeSolution = undefined;
    this.#code = this.#options.original;
    this.#saved = this.#code;
    this.#editor?.setValue(this.#options.original);
    if (!this.#editor) window.location.reload();
    this.#options.onEditedChange(false);
    this.#options.onSolutionChange?.(false);
    this.#options.notify("The example is back to its original code.", "info");
  }

  /** Puts `solution` in the editor; the learner's code is kept for `backToMyCode()`. */
  async showSolution(solution: string): Promise<void> {
    const mine = this.code;
    await this.openEditor(false);
    this.#beforeSolution ??= mine;
    this.#replace(solution);
    this.#options.onSolutionChange?.(true);
  }

  /** Undoes `showSolution()` in one step. */
  async backToMyCode(): Promise<void> {
    const mine = this.#beforeSolution;
    if (mine === undefined) return;
    await this.openEditor(false);
    this.#beforeSolution = undefined;
    this.#replace(mine);
    this.#options.onSolutionChange?.(false);
  }

  #replace(code: string): void {
    if (this.#editor)
      this.#editor.setValue(code); // its change event saves it
    else this.#remember(code);
    this.saveNow();
  }

  /** A Python program: no TypeScript compiler or types to warm up. */
  get #python(): boolean {
    return this.#options.fileName.endsWith(".py");
  }

  /**
   * What can start before the editor module has arrived: the site's colours and fonts read while
   * the page's style is clean (site-style.ts), and for TypeScript the compiler worker and the
   * type bundle, downloaded alongside Monaco rather than after it has run.
   */
  #startEditorLoad(): void {
    captureSiteStyle();
    if (this.#python) return;
    warmUpCompiler();
    fetchTypeBundle(TYPES_URL).catch(() => undefined); // reported by the editor
  }

  async #loadEditor(): Promise<CodeEditor | undefined> {
    this.#startEditorLoad();
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
        typesUrl: TYPES_URL,
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
    const wasEdited = this.#code !== this.#options.original;
    this.#code = value;
    this.#save(value);
    if (wasEdited !== this.edited) this.#options.onEditedChange(this.edited);
  }

  #save(value: string): void {
    const { sandboxId, original, notify } = this.#options;
    const store = safeLocalStorage();
    const edit: SavedEdit = {
      code: value,
      savedAt: new Date().toISOString(),
      originalHash: this.#originalHash,
      ...(this.#beforeSolution !== undefined ? { beforeSolution: this.#beforeSolution } : {}),
    };
    const error =
      value === original && this.#beforeSolution === undefined
        ? clearEdit(store, sandboxId)
        : saveEdit(store, sandboxId, edit);
    if (error) notify(error, "error");
    else this.#saved = value;
  }

  #showSavedEditStatically(exampleChanged: boolean): void {
    const { host, original } = this.#options;
    const code = this.#code;
    const root = host.closest<HTMLElement>("payi-sandbox");
    // Usually already shown by the element on load (saved-code-view.ts); plain text if the
    // highlighter cannot load.
    void import("./saved-code-view.ts")
      .then(({ renderSavedCode }) =>
        this.#editor ? undefined : renderSavedCode(host, code, original),
      )
      .catch(() => {
        if (this.#editor) return;
        const pre = document.createElement("pre");
        pre.className = "payi-sandbox__saved-code";
        pre.tabIndex = 0;
        pre.textContent = code;
        host.replaceChildren(pre);
      })
      .finally(() => root?.setAttribute("data-saved-edit", "shown"));
    this.#options.notify(
      exampleChanged
        ? "Showing your edited version, saved in this browser. The original example has changed since; Reset to see the new one."
        : "Showing your edited version, saved in this browser. Reset brings back the original.",
      "info",
    );
  }
}
