/**
 * Every lesson example has a Python twin beside it (`<name>.py`): a complete program written
 * against the API of Pay-i's Python SDK that the course teaches, shown in the lesson's Python tab.
 * Each twin compiles, imports only what the course teaches (plus the standard library), and
 * carries the same tags as its TypeScript example, so the two runs can be compared.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { ExampleExpectation } from "./expectations.ts";

const examplesDir = fileURLToPath(new URL("../../../content/examples/", import.meta.url));

function filesEndingWith(extension: string): string[] {
  return readdirSync(examplesDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(extension))
    .sort();
}

/** What a twin may import: the modules the course teaches, by name; any standard module. */
const ALLOWED: Record<string, string[]> = {
  "payi.lib.instrument": ["payi_instrument", "ingest", "track", "track_context", "proxy"],
  "payi.lib.helpers": ["create_headers"],
  payi: ["Payi"],
  openai: ["OpenAI", "AsyncOpenAI", "BadRequestError", "APIStatusError"],
};

// One python3 process for every twin: compiles each (py_compile, as \`python3 -m py_compile\`
// does) and lists its imports with Python's own parser. Prints JSON.
const INSPECT = `
import ast, json, py_compile, sys
report = {"stdlib": sorted(sys.stdlib_module_names), "files": {}}
for path in sys.argv[1:]:
    entry = {"error": None, "imports": []}
    try:
        py_compile.compile(path, doraise=True)
        tree = ast.parse(open(path, encoding="utf-8").read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                entry["imports"] += [{"module": a.name, "names": [], "level": 0} for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                entry["imports"].append({"module": node.module or "", "names": [a.name for a in node.names], "level": node.level})
    except Exception as error:
        entry["error"] = str(error)
    report["files"][path] = entry
print(json.dumps(report))
`;

interface Inspection {
  stdlib: string[];
  files: Record<
    string,
    { error: string | null; imports: { module: string; names: string[]; level: number }[] }
  >;
}

let inspection: Inspection | undefined;
function inspect(full: string): Inspection["files"][string] & { stdlib: string[] } {
  inspection ??= JSON.parse(
    python(["-c", INSPECT, ...filesEndingWith(".py").map((file) => path.join(examplesDir, file))]),
  ) as Inspection;
  const entry = inspection.files[full];
  assert.ok(entry, `${full} was not inspected`);
  return { ...entry, stdlib: inspection.stdlib };
}

const cacheDir = mkdtempSync(path.join(tmpdir(), "payi-twins-"));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

function python(args: string[]): string {
  // Bytecode goes to a temporary folder, not into content/.
  return execFileSync("python3", args, {
    encoding: "utf8",
    env: { ...process.env, PYTHONPYCACHEPREFIX: cacheDir },
  });
}

/** Tag values a twin must spell the same way as its TypeScript example. */
function tagLiterals(expectation: ExampleExpectation, fileName: string): string[] {
  const defaultUseCase = path.basename(fileName, ".ts");
  return [
    ...new Set(
      expectation.calls.flatMap((call) => [
        ...(call.userId ? [call.userId] : []),
        ...(call.useCase && call.useCase !== defaultUseCase ? [call.useCase] : []),
        ...(call.useCaseStep ? [call.useCaseStep] : []),
        ...(call.requestTags ?? []),
        ...(call.resource ? [call.resource] : []),
      ]),
    ),
  ];
}

describe("Python twins of the lesson examples", () => {
  test("every example has a twin, and every twin an example", () => {
    const ts = filesEndingWith(".ts").map((file) => file.replace(/\.ts$/, ""));
    const py = filesEndingWith(".py").map((file) => file.replace(/\.py$/, ""));
    assert.ok(ts.length > 0);
    assert.deepEqual(
      ts.filter((name) => !py.includes(name)),
      [],
      "examples without a .py twin",
    );
    assert.deepEqual(
      py.filter((name) => !ts.includes(name)),
      [],
      "twins without a .ts example",
    );
  });

  for (const file of filesEndingWith(".py")) {
    const full = path.join(examplesDir, file);
    test(`${file} compiles with python3`, () => {
      assert.equal(inspect(full).error, null);
    });

    test(`${file} imports only what the course teaches and the standard library`, () => {
      const info = inspect(full);
      const problems: string[] = [];
      for (const { module, names, level } of info.imports) {
        if (level) problems.push(`relative import of ${module}`);
        const allowed = ALLOWED[module];
        if (allowed) {
          if (names.length === 0) problems.push(`import ${module}: import names from it instead`);
          for (const name of names.filter((n) => !allowed.includes(n)))
            problems.push(`${name} from ${module} is not taught (allowed: ${allowed.join(", ")})`);
        } else if (!info.stdlib.includes(module.split(".")[0] ?? "")) {
          problems.push(`${module} is neither taught nor in the standard library`);
        }
      }
      assert.deepEqual(problems, []);
    });

    test(`${file} names itself as the twin of its example and spells its tags the same`, () => {
      const source = readFileSync(full, "utf8");
      const example = file.replace(/\.py$/, ".ts");
      assert.match(source, new RegExp(`^"""Python twin of ${path.basename(example)}:\n`));
      const expectFile = path.join(examplesDir, file.replace(/\.py$/, ".expect.json"));
      assert.ok(existsSync(expectFile), `${expectFile} is missing`);
      const expectation = JSON.parse(readFileSync(expectFile, "utf8")) as ExampleExpectation;
      const missing = tagLiterals(expectation, example).filter((tag) => !source.includes(tag));
      assert.deepEqual(missing, [], `tags of ${example} that ${file} never mentions`);
    });
  }
});
