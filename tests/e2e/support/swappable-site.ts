/**
 * The built site served by the room service (`npm run workshop`'s server, with the isolation
 * headers) from a folder the test can swap for another build (a "new deployment") or stop (the
 * network gone). The served folder is a symbolic link: replacing it is atomic, and the server
 * keeps its address, so the browser sees one origin across deployments.
 */
import { cpSync, mkdtempSync, renameSync, rmSync, symlinkSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildApp } from "../../../server/app.ts";
import { RoomStore } from "../../../server/store/room-store.ts";

export interface SwappableSite {
  origin: string;
  /** Serves `dir` from now on. */
  deploy(dir: string): void;
  /** A copy of `dir` in this site's scratch folder, to change into another build. */
  copyBuild(dir: string, name: string): string;
  /** Stops answering (the network is gone for this origin); `start` answers again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function serveSwappableSite(dir: string): Promise<SwappableSite> {
  const scratch = mkdtempSync(path.join(tmpdir(), "payi-offline-e2e-"));
  const link = path.join(scratch, "site");
  const deploy = (target: string) => {
    const next = `${link}.next`;
    rmSync(next, { force: true });
    symlinkSync(path.resolve(target), next, "dir");
    renameSync(next, link);
  };
  deploy(dir);
  const store = new RoomStore(path.join(scratch, "data"));
  let app = await buildApp({ store, siteDir: link });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  let running = true;
  return {
    origin: `http://127.0.0.1:${port}`,
    deploy,
    copyBuild(source, name) {
      const copy = path.join(scratch, name);
      cpSync(source, copy, { recursive: true });
      return copy;
    },
    async stop() {
      if (!running) return;
      running = false;
      await app.close();
    },
    async start() {
      if (running) return;
      app = await buildApp({ store, siteDir: link });
      await app.listen({ port, host: "127.0.0.1" });
      running = true;
    },
    async dispose() {
      if (running) await app.close();
      running = false;
      store.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
