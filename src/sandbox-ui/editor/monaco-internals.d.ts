// Monaco modules the package ships without declarations, imported for their side effects only
// (load-monaco.ts, monaco-features.ts).
declare module "monaco-editor/languages/definitions/typescript/typescript";
declare module "monaco-editor/editor/contrib/suggest/browser/suggestController";
