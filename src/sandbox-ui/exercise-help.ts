/**
 * An exercise's help: its hints, one at a time ("Show a hint (1 of 3)"), and its solution, put in
 * the editor after a confirmation, with a one-step "Back to my code". How many hints were shown,
 * and whether the solution was, are kept in this browser: progress then tells "solved" from
 * "solved with the solution shown".
 */
import { markSolutionShown } from "../exercises/progress.ts";
import { safeLocalStorage } from "../local-storage.ts";
import type { EditSession } from "./edit-session.ts";

const HINTS_KEY = "payi-course:hints:";

export class ExerciseHelp {
  readonly #root: HTMLElement;
  readonly #exerciseId: string;
  readonly #solution: string;
  readonly #edits: EditSession;
  readonly #hints: HTMLElement[];

  constructor(root: HTMLElement, exerciseId: string, solution: string, edits: EditSession) {
    this.#root = root;
    this.#exerciseId = exerciseId;
    this.#solution = solution;
    this.#edits = edits;
    this.#hints = [...root.querySelectorAll<HTMLElement>("[data-role=hints] > li")];
    this.#revealHints(this.#shownHints());
    this.solutionShown(edits.solutionShown);
  }

  showNextHint(): void {
    const shown = Math.min(this.#shownHints() + 1, this.#hints.length);
    try {
      safeLocalStorage()?.setItem(HINTS_KEY + this.#exerciseId, String(shown));
    } catch {
      // not remembered: the hints are still shown on this page
    }
    this.#revealHints(shown);
  }

  async showSolution(): Promise<void> {
    if (
      !window.confirm(
        "Show the solution? It replaces your code in the editor; “Back to my code” brings yours back. The exercise will count as solved with the solution shown.",
      )
    )
      return;
    const error = markSolutionShown(safeLocalStorage(), this.#exerciseId);
    if (error) console.warn(error);
    await this.#edits.showSolution(this.#solution);
  }

  async backToMyCode(): Promise<void> {
    await this.#edits.backToMyCode();
    this.#root.querySelector<HTMLElement>("[data-action=solution]")?.focus();
  }

  /** Shows or hides the "Back to my code" bar (the edit session says when). */
  solutionShown(shown: boolean): void {
    const bar = this.#root.querySelector<HTMLElement>("[data-role=solution-bar]");
    if (bar) bar.hidden = !shown;
    const button = this.#root.querySelector<HTMLButtonElement>("[data-action=solution]");
    if (button) button.disabled = shown;
    if (shown) bar?.querySelector<HTMLElement>("[data-action=back-to-my-code]")?.focus();
  }

  #shownHints(): number {
    try {
      const stored = Number(safeLocalStorage()?.getItem(HINTS_KEY + this.#exerciseId) ?? 0);
      return Number.isInteger(stored) ? Math.min(Math.max(stored, 0), this.#hints.length) : 0;
    } catch {
      return 0;
    }
  }

  #revealHints(shown: number): void {
    const list = this.#root.querySelector<HTMLElement>("[data-role=hints]");
    if (list) list.hidden = shown === 0;
    this.#hints.forEach((hint, index) => (hint.hidden = index >= shown));
    const button = this.#root.querySelector<HTMLButtonElement>("[data-action=hint]");
    const label = button?.querySelector<HTMLElement>("[data-role=hint-label]");
    if (!button || !label) return;
    const total = this.#hints.length;
    if (shown >= total) {
      label.textContent = `Hint (${total} of ${total} shown)`;
      button.disabled = true;
    } else {
      label.textContent = `Hint (${shown + 1} of ${total})`;
      button.disabled = false;
    }
  }
}
