/**
 * The declaration files behind IntelliSense (the `openai` SDK, `payi-lab/*`, the sandbox globals),
 * built by sandbox/bundle/types.ts into `types.json`. Fetched once per page and URL, registered once
 * with the TypeScript worker, shared by every editor.
 */
import type { MonacoTypeScriptApi } from "./load-monaco.ts";

type TypeScriptDefaults = MonacoTypeScriptApi["typescriptDefaults"];

interface TypeBundle {
  files: Record<string, string>;
}

const fetches = new Map<string, Promise<TypeBundle>>();
const installed = new WeakSet<TypeBundle>();

function absolute(url: string): string {
  return new URL(url, document.baseURI).href;
}

/** Starts (or joins) the download of a type bundle; a failed download is retried by the next call. */
export function fetchTypeBundle(url: string): Promise<TypeBundle> {
  const key = absolute(url);
  let pending = fetches.get(key);
  if (!pending) {
    pending = fetch(key).then(async (response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.statusText} for ${key}`);
      const bundle = (await response.json()) as TypeBundle;
      if (!bundle || typeof bundle.files !== "object")
        throw new Error(`${key} is not a type bundle`);
      return bundle;
    });
    pending.catch(() => fetches.delete(key));
    fetches.set(key, pending);
  }
  return pending;
}

/** Registers the bundle's files with the TypeScript worker, once per bundle. */
export function installTypeBundle(defaults: TypeScriptDefaults, bundle: TypeBundle): void {
  if (installed.has(bundle)) return;
  installed.add(bundle);
  // addExtraLib (not setExtraLibs) so bundles from different URLs add up; Monaco batches the
  // change notifications into one update of the worker.
  for (const [path, content] of Object.entries(bundle.files)) defaults.addExtraLib(content, path);
}
