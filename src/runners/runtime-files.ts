/**
 * The runtime bundle's files (`node_modules/payi-lab`, `node_modules/openai`) as the site serves
 * them, loaded once per page and shared by both runners.
 */
export interface RuntimeFile {
  /** Path inside the sandbox, e.g. `node_modules/payi-lab/instrument.js`. */
  path: string;
  text: string;
}

export interface BundleManifest {
  files: { path: string; bytes: number; gzipBytes: number }[];
}

export type FetchText = (url: string) => Promise<string>;

const defaultFetchText: FetchText = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status}).`);
  return response.text();
};

let cached: Promise<RuntimeFile[]> | undefined;

/** @param baseUrl where the site serves sandbox/dist, e.g. `/sandbox-runtime/` */
export function loadRuntimeFiles(
  baseUrl: string,
  fetchText: FetchText = defaultFetchText,
): Promise<RuntimeFile[]> {
  cached ??= (async () => {
    const manifest = JSON.parse(
      await fetchText(new URL("manifest.json", new URL(baseUrl, location.href)).href),
    ) as BundleManifest;
    return Promise.all(
      manifest.files.map(async (file) => ({
        path: file.path,
        text: await fetchText(new URL(file.path, new URL(baseUrl, location.href)).href),
      })),
    );
  })();
  cached.catch(() => {
    cached = undefined; // let a later attempt retry
  });
  return cached;
}
