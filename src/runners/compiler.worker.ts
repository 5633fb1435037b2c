/**
 * The lesson compiler in a worker: TypeScript is large and compiling takes a moment, so neither
 * its download nor its work touches the page's main thread. It also type-checks programs (the
 * first check downloads the type bundle and parses the SDK's declarations: seconds, not here on
 * the page).
 */
import { compileLesson } from "../../sandbox/compiler/compile.ts";
import { createTypeChecker, type LessonTypeChecker, type TypeBundle } from "./type-checker.ts";

export type CompilerRequest =
  | { id: number; kind: "compile"; source: string; fileName: string }
  | {
      id: number;
      kind: "typecheck";
      source: string;
      fileName: string;
      typesUrl: string;
      options: Record<string, unknown>;
    };

let checker: Promise<LessonTypeChecker> | undefined;

function checkerFor(
  typesUrl: string,
  options: Record<string, unknown>,
): Promise<LessonTypeChecker> {
  checker ??= fetch(typesUrl)
    .then(async (response) => {
      if (!response.ok)
        throw new Error(`${response.status} ${response.statusText} for ${typesUrl}`);
      return createTypeChecker((await response.json()) as TypeBundle, options);
    })
    .catch((error: unknown) => {
      checker = undefined;
      throw error;
    });
  return checker;
}

self.addEventListener("message", (event: MessageEvent<CompilerRequest>) => {
  const request = event.data;
  void (async () => {
    try {
      const result =
        request.kind === "typecheck"
          ? (await checkerFor(request.typesUrl, request.options)).check(
              request.source,
              request.fileName,
            )
          : compileLesson(request.source, request.fileName);
      self.postMessage({ id: request.id, result });
    } catch (error) {
      self.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  })();
});
