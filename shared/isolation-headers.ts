/**
 * Headers that make every page cross-origin isolated, which the WebContainer runner needs
 * (SharedArrayBuffer). Used by `astro dev`/`astro preview` (astro.config.mjs) and by the workshop
 * server; the same set is written for static hosts in `public/_headers` and `vercel.json`
 * (tests/unit/site/headers.test.ts keeps them in step).
 */
export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};
