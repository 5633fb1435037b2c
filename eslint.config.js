// @ts-check
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import astro from "eslint-plugin-astro";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Who may import whom (docs/decisions.md, "Boundaries"). Each area lists the folders it must not
 * reach; a specifier is matched as written (relative paths name the folders they cross into).
 * Type-only imports are allowed where `types` is set: they leave no code behind.
 *
 * @param {string[]} folders
 * @param {string} message
 * @param {{ types?: boolean }} [options]
 */
const forbid = (folders, message, { types = false } = {}) => ({
  regex: `(^|/)(${folders.join("|")})/`,
  message,
  allowTypeImports: types,
});
const outsideSite = forbid(
  ["src", "server", "content"],
  "sandbox/ does not know the site or server.",
);
const otherFeatures = forbid(
  ["sandbox-ui", "runners", "cost-drivers"],
  "The workshop shares only src/ui/, src/call-sinks.ts and shared/ with other features.",
);
/** @type {Record<string, Array<{ regex: string; message: string; allowTypeImports?: boolean }>>} */
const boundaries = {
  "shared/**/*.ts": [
    forbid(["src", "sandbox", "server", "content"], "shared/ imports only shared/ and packages."),
    { regex: "^node:", message: "shared/ runs in browsers too: no Node built-ins." },
  ],
  "server/**/*.ts": [
    forbid(["src", "sandbox", "content"], "The server imports only shared/ and packages."),
  ],
  "sandbox/**/*.ts": [outsideSite],
  // The bundled runtime takes only types (and the channel's format) from shared/, so no
  // validation code (valibot) ends up in every sandboxed program.
  "sandbox/runtime/**/*.ts": [
    outsideSite,
    {
      regex: "(^|/)shared/(?!calls/channel-format\\.ts$)",
      allowTypeImports: true,
      message: "The runtime bundle takes only types (and the channel format) from shared/.",
    },
  ],
  "src/ui/**/*.ts": [
    forbid(
      ["sandbox-ui", "runners", "cost-drivers", "workshop", "exercises"],
      "src/ui/ is shared by every feature and imports none.",
    ),
  ],
  "src/runners/**/*.ts": [
    forbid(
      ["sandbox-ui", "cost-drivers", "workshop", "exercises"],
      "Runners know nothing of the UI or of the features that read their output.",
    ),
  ],
  "src/sandbox-ui/**/*.ts": [
    forbid(
      ["cost-drivers", "workshop"],
      "The sandbox emits calls to src/call-sinks.ts; features register there themselves.",
    ),
  ],
  "src/exercises/**/*.ts": [
    forbid(["sandbox-ui", "cost-drivers", "workshop"], "Exercises read runs only."),
  ],
  "src/cost-drivers/**/*.ts": [
    forbid(["sandbox-ui", "runners", "workshop"], "Cost Drivers reads stored calls only."),
  ],
  "src/workshop/**/*.ts": [otherFeatures],
  "src/workshop/attendee/**/*.ts": [
    otherFeatures,
    forbid(["instructor"], "Attendee and instructor share only src/workshop/*.ts."),
  ],
  "src/workshop/instructor/**/*.ts": [
    otherFeatures,
    forbid(["attendee"], "Attendee and instructor share only src/workshop/*.ts."),
  ],
};
/** @type {import("eslint").Linter.Config[]} */
const boundaryConfigs = Object.entries(boundaries).map(([files, patterns]) => ({
  files: [files],
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
}));

export default defineConfig(
  {
    // Generated or vendored: never linted.
    ignores: [
      "dist/",
      ".astro/",
      "node_modules/",
      "sandbox/dist/",
      "test-results/",
      "playwright-report/",
      "public/pagefind/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      // Site code runs in the browser, tools and tests in Node, sandbox code in both.
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Sandbox code parses terminal output, so regexes with control characters
      // (ANSI escapes such as \x1b) are intended.
      "no-control-regex": "off",
      // Matches tsconfig's verbatimModuleSyntax: type-only imports must say so.
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  ...boundaryConfigs,
);
