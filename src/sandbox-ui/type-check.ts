/**
 * Type errors of edited code, reported in the terminal before a run, as `npm run sandbox` reports
 * them (sandbox/cli/main.ts): `file:line:col - error TS2322: …`. They never stop the run.
 *
 * Checked off the main thread, with the editor's compiler options and type bundle, so the terminal
 * and the editor's squiggles agree: by the editor's own TypeScript worker when the editor shows
 * this code, by the compiler worker otherwise (a saved edit run before the editor was opened).
 */
// Types only: compile.ts imports TypeScript itself, which must stay in the compiler worker.
import type { LessonDiagnostic } from "../../sandbox/compiler/compile.ts";
import { typeCheckInBrowser } from "../runners/compile-client.ts";
import type { CodeEditor } from "./editor/code-editor.ts";
import { EDITOR_COMPILER_OPTIONS } from "./editor/compiler-options.ts";

export const TYPES_URL = `${import.meta.env.BASE_URL.replace(/\/?$/, "/")}sandbox-runtime/types.json`;

/** How long a run waits for the type check before it starts anyway (the report follows). */
const WAIT_FOR_CHECK_MS = 4000;

export async function typeCheck(
  code: string,
  fileName: string,
  editor?: CodeEditor,
): Promise<LessonDiagnostic[]> {
  if (editor && editor.getValue() === code) {
    return (await editor.getTypeDiagnostics()).map((found) => ({
      file: fileName,
      line: found.line,
      column: found.column,
      code: found.code,
      category: found.category,
      message: found.message,
    }));
  }
  return typeCheckInBrowser(code, fileName, TYPES_URL, EDITOR_COMPILER_OPTIONS);
}

/** `basic.ts:3:14 - error TS2322: …`, as formatDiagnostic() in sandbox/compiler/compile.ts prints it. */
export function formatDiagnostic(d: LessonDiagnostic): string {
  return `${d.file}:${d.line}:${d.column} - ${d.category} TS${d.code}: ${d.message}`;
}

interface StatusLine {
  status(text: string, kind: "info" | "warn" | "error"): void;
}

function report(terminal: StatusLine, diagnostics: LessonDiagnostic[], late: boolean): void {
  if (late && diagnostics.length > 0)
    terminal.status(
      "Type check of the code being run (it finished after the run started):",
      "info",
    );
  for (const diagnostic of diagnostics)
    terminal.status(`${formatDiagnostic(diagnostic)} (type errors do not stop the run)`, "warn");
}

/**
 * Waits (briefly) for `checking` and prints what it found; a check that takes longer is printed
 * when it ends. A check that fails is not the learner's problem: it is left unsaid.
 */
export async function reportTypeCheck(
  terminal: StatusLine,
  checking: Promise<LessonDiagnostic[]>,
): Promise<void> {
  const late = Symbol("late");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const first = await Promise.race([
    checking.catch(() => [] as LessonDiagnostic[]),
    new Promise<typeof late>(
      (resolve) => (timer = setTimeout(() => resolve(late), WAIT_FOR_CHECK_MS)),
    ),
  ]);
  clearTimeout(timer);
  if (first !== late) return report(terminal, first, false);
  void checking.then(
    (diagnostics) => report(terminal, diagnostics, true),
    () => undefined,
  );
}
