/**
 * A Vite dev server for the editor fixture (tests/e2e/editor/fixture/), independent of the site
 * build: it serves the fixture page, the editor's sources and Monaco from node_modules, and
 * `/types.json` from sandbox/dist (build it first with buildTypes()).
 */
import { createReadStream, existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer, type Plugin } from "vite";
import { TYPES_FILE } from "../../../sandbox/bundle/types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");

/** The site's cross-origin isolation headers (astro.config.mjs): the editor must work under them. */
const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

function serveTypes(): Plugin {
  return {
    name: "editor-fixture-types",
    configureServer(server) {
      server.middlewares.use("/types.json", (_request, response) => {
        if (!existsSync(TYPES_FILE)) {
          response.statusCode = 404;
          response.end(`${TYPES_FILE} not built`);
          return;
        }
        response.setHeader("Content-Type", "application/json; charset=utf-8");
        for (const [name, value] of Object.entries(ISOLATION_HEADERS))
          response.setHeader(name, value);
        createReadStream(TYPES_FILE).pipe(response);
      });
    },
  };
}

export interface FixtureServer {
  url: string;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const server = await createServer({
    configFile: false,
    root: path.join(here, "fixture"),
    // Not the repository's node_modules/.vite, which `astro dev` uses.
    cacheDir: path.join(os.tmpdir(), "payi-editor-fixture-vite"),
    logLevel: "warn",
    plugins: [serveTypes()],
    server: {
      host: "127.0.0.1",
      port: 0,
      hmr: false,
      headers: ISOLATION_HEADERS,
      fs: { allow: [repoRoot] },
    },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
