/**
 * Check, for an exercise sandbox: reads the learner's last run (events, output, exit code) with the
 * exercise's own check and shows what is still wrong, or marks the exercise solved.
 */
import { safeLocalStorage } from "../local-storage.ts";
import type { CallEvent, UncapturedCall } from "../../shared/calls/event.ts";

export interface CheckedRun {
  /** The code that was run: a check of older code would mislead. */
  code: string;
  events: CallEvent[];
  uncaptured: UncapturedCall[];
  output: string;
  exitCode: number | null;
}

type Verdict = "passed" | "failed" | "info";

export async function checkExercise(
  exerciseId: string,
  box: HTMLElement,
  lastRun: CheckedRun | undefined,
  currentCode: string,
  /** A Python sandbox: the check's sentences name the Python API. */
  python = false,
): Promise<void> {
  if (!lastRun)
    return show(
      box,
      "info",
      "Run your code first, then Check: the check reads the calls of your last run.",
    );
  if (lastRun.code !== currentCode)
    return show(box, "info", "You changed the code since your last run. Run it again, then Check.");
  try {
    const { loadCheck } = await import("../exercises/load-check.ts");
    const verdict = (await loadCheck(exerciseId))(lastRun);
    if (!verdict.passed) {
      // The same check for both tabs; for Python its sentences name the Python API.
      const words = python
        ? (await import("../../sandbox/runtime/python/phrasebook.ts")).inPythonTerms
        : (text: string) => text;
      return show(box, "failed", "Not yet. Still to fix:", verdict.problems.map(words));
    }
    const { markSolved, PROGRESS_EVENT, solutionWasShown } =
      await import("../exercises/progress.ts");
    const error = markSolved(safeLocalStorage(), exerciseId);
    show(
      box,
      "passed",
      error ??
        (solutionWasShown(safeLocalStorage(), exerciseId)
          ? "Solved, with the solution shown: this exercise is marked done for this day, as solved with the solution. Try the next one with the hints first."
          : "Solved! Well done: this exercise is marked done for this day."),
    );
    window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: { exerciseId } }));
  } catch (error) {
    show(
      box,
      "info",
      `The check could not run: ${error instanceof Error ? error.message : String(error)}. Reload the page and try again.`,
    );
  }
}

function show(box: HTMLElement, kind: Verdict, title: string, problems: string[] = []): void {
  box.hidden = false;
  box.dataset["kind"] = kind;
  const heading = document.createElement("p");
  heading.className = "payi-sandbox__check-title";
  heading.textContent = title;
  const list = document.createElement("ul");
  for (const problem of problems)
    list.append(Object.assign(document.createElement("li"), { textContent: problem }));
  box.replaceChildren(heading, ...(problems.length ? [list] : []));
}
