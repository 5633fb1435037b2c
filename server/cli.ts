/**
 * `npm run workshop`: builds the site if needed, then serves it with the room service on this
 * machine's network, and prints the address attendees open (also as a QR code) and the
 * instructor's admin link. Everything stays on the laptop: no cloud account, no Docker.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import QRCode from "qrcode";
import { buildApp } from "./app.ts";
import { createRoom } from "./rooms.ts";
import { DATABASE_FILE, RoomStore } from "./store/room-store.ts";

const USAGE = `Usage: npm run workshop -- [options]

  --port <n>          port to listen on (default 4400)
  --host <address>    address to listen on (default 0.0.0.0: every network interface)
  --data <dir>        where rooms are stored (default .workshop-data)
  --site <dir>        serve this built site instead of building dist/
  --attendee-url <url>
                      the address attendees open, when it is not this machine's network
                      address (a host name such as http://laptop.local:4400, or a proxy)
  --new-room [name]   create a new room even if rooms exist
  --no-room           do not create a room on first start
  --no-build          serve dist/ as it is, even if sources are newer
  --log               log every request (URLs carry no secrets)
  --help              show this help`;

const ROOT = resolve(import.meta.dirname, "..");
const SOURCES = ["content", "src", "sandbox", "public", "astro.config.mjs", "package-lock.json"];

function fail(message: string, code = 2): never {
  console.error(`workshop: ${message}`);
  process.exit(code);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        port: { type: "string", default: "4400" },
        host: { type: "string", default: "0.0.0.0" },
        data: { type: "string", default: ".workshop-data" },
        site: { type: "string" },
        "attendee-url": { type: "string" },
        "new-room": { type: "boolean", default: false },
        "no-room": { type: "boolean", default: false },
        "no-build": { type: "boolean", default: false },
        log: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

/** Newest modification time under `path` (skipping built output), in ms. */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules" || entry.name === "pagefind")
      continue;
    newest = Math.max(newest, newestChange(join(path, entry.name)));
  }
  return newest;
}

function ensureBuilt(skip: boolean): string {
  const dist = join(ROOT, "dist");
  const built = join(dist, "index.html");
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (builtAt > 0 && skip) return dist;
  const sourcesAt = Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source))));
  if (builtAt > 0 && builtAt >= sourcesAt) return dist;
  console.log(
    builtAt === 0
      ? "Building the site (first start, about a minute)…"
      : "Sources changed since the last build: building the site again…",
  );
  const result = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) fail("the site did not build; the errors are above.", 1);
  return dist;
}

/** Relative to the current folder when inside it, else absolute. */
function shortPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") ? path : relativePath;
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === "IPv4" && !address.internal)
    .map((address) => address!.address);
}

async function main(): Promise<void> {
  const { values, positionals } = parse();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a number from 0 to 65535, not "${values.port}".`);
  const siteDir = values.site ? resolve(values.site) : ensureBuilt(values["no-build"]);
  if (!existsSync(join(siteDir, "index.html")))
    fail(`${siteDir} has no index.html: build the site first (npm run build).`);
  const dataDir = resolve(values.data);
  let attendeeUrl: string | null = null;
  if (values["attendee-url"]) {
    try {
      attendeeUrl = new URL(values["attendee-url"]).origin;
    } catch {
      fail(
        `--attendee-url must be an address such as http://laptop.local:4400, not "${values["attendee-url"]}".`,
      );
    }
  }

  let store: RoomStore;
  try {
    store = new RoomStore(dataDir);
  } catch (error) {
    fail(`cannot open the room database in ${dataDir}: ${(error as Error).message}`, 1);
  }
  const lan = values.host === "0.0.0.0" || values.host === "::" ? lanAddresses() : [values.host];
  let attendeeOrigins: string[] = [];
  const app = await buildApp({
    store,
    siteDir,
    log: values.log,
    attendeeOrigins: () => attendeeOrigins,
  });
  try {
    await app.listen({ port, host: values.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      fail(
        `port ${port} is in use. Stop the other server, or pick another port: npm run workshop -- --port ${port + 1}`,
        1,
      );
    fail(`cannot listen on ${values.host}:${port}: ${(error as Error).message}`, 1);
  }
  const address = app.server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;

  const local = `http://localhost:${actualPort}`;
  attendeeOrigins = [
    ...(attendeeUrl ? [attendeeUrl] : []),
    ...lan.map((ip) => `http://${ip}:${actualPort}`),
  ];
  const attendeeBase = attendeeOrigins[0] ?? local;

  const existing = store.rooms();
  const wantsRoom = values["new-room"] || (existing.length === 0 && !values["no-room"]);
  const created = wantsRoom
    ? createRoom(store, positionals.join(" ") || undefined, new Date())
    : null;

  const lines = [
    "",
    "Workshop room service is running.",
    `  On this machine:   ${local}/`,
    ...lan.map((ip) => `  On the network:    http://${ip}:${actualPort}/`),
    ...(attendeeUrl ? [`  For attendees:     ${attendeeUrl}/`] : []),
    attendeeOrigins.length === 0
      ? "  No network address found: attendees cannot reach this machine until it joins the room's Wi-Fi."
      : "",
    `  Data:              ${shortPath(join(dataDir, DATABASE_FILE))}`,
  ];
  for (const room of existing)
    lines.push(
      `  Room ${room.code} "${room.name}": ${store.attendeeCount(room.code)} attendees, ${room.callCount} calls${room.frozen ? ", frozen" : ""}.`,
      `    Dashboard: ${local}/workshop/room/?room=${room.code} (the browser that opened its admin link remembers the key)`,
    );
  if (created) {
    const joinUrl = `${attendeeBase}${created.joinPath}`;
    lines.push(
      "",
      `Room ${created.room.code} "${created.room.name}" is open.`,
      `  Attendees join at: ${joinUrl}`,
      `  Admin link (private: it opens the dashboard and can reset or delete the room):`,
      `    ${local}${created.adminPath}`,
      "",
      await QRCode.toString(joinUrl, { type: "terminal", small: true }),
    );
  } else if (existing.length > 0) {
    lines.push("", 'Start another room with: npm run workshop -- --new-room "Room name"');
  }
  lines.push(
    "Attendees' browsers use the in-browser runner over the network address (WebContainers need https or localhost).",
    "Press Ctrl+C to stop; rooms are kept for the next start. Delete a room from its dashboard, or everything by deleting the data folder.",
  );
  console.log(lines.filter((line, index) => line !== "" || lines[index - 1] !== "").join("\n"));

  const stop = async () => {
    await app.close();
    store.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

await main();
