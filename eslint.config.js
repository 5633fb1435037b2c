// @ts-check
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import astro from "eslint-plugin-astro";
import globals from "globals";
import tseslint from "typescript-eslint";

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
);
