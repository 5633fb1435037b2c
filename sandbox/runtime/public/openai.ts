/**
 * What `import OpenAI from "openai"` gives inside a sandbox: the real SDK, except that the client
 * class talks to the mock provider through the instrumentation.
 */
export * from "openai";
export { SandboxOpenAI as OpenAI, SandboxOpenAI as default } from "../client.ts";
