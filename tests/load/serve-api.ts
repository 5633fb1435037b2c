/**
 * The room service alone (no site), in its own process so the load script can measure the
 * server's memory apart from its own. Prints `listening <port>` when ready.
 */
import { buildApp } from "../../server/app.ts";
import { RoomStore } from "../../server/store/room-store.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: serve-api.ts <data dir>");
const store = new RoomStore(dataDir);
const app = await buildApp({ store });
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
process.on("SIGTERM", async () => {
  await app.close();
  store.close();
  process.exit(0);
});
