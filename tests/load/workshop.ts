/**
 * Load check for the room service (not part of `npm test`; run `npm run load:workshop`).
 * Loopback only, bounded, stops by itself: N attendees join one room, then each posts a batch of
 * calls every interval for the duration, as the attendees' forwarders would (retrying failures
 * with backoff). One dashboard listens to the live stream. Prints calls sent, stored and lost,
 * request latency (p50/p99), dashboard lag and the server's memory.
 *
 * Options: --attendees 200 --seconds 60 --interval 2 --batch 5
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EventSource } from "eventsource";
import type {
  CreateRoomResponse,
  JoinResponse,
  RoomCall,
  RoomSnapshot,
} from "../../shared/workshop/protocol.ts";
import { sampleForwardedCall } from "../support/call-event.ts";

const { values } = parseArgs({
  options: {
    attendees: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    interval: { type: "string", default: "2" },
    batch: { type: "string", default: "5" },
  },
});
const ATTENDEES = Number(values.attendees);
const SECONDS = Number(values.seconds);
const INTERVAL_MS = Number(values.interval) * 1000;
const BATCH = Number(values.batch);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident and peak memory of a process, from Linux's /proc (MiB); null elsewhere. */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
    return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "workshop-load-"));
const server = spawn(process.execPath, [join(import.meta.dirname, "serve-api.ts"), dataDir], {
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise<number>((resolve, reject) => {
  server.once("exit", (code) => reject(new Error(`server exited (${code}) before listening`)));
  server.stdout.on("data", (chunk: Buffer) => {
    const match = /listening (\d+)/.exec(chunk.toString());
    if (match) resolve(Number(match[1]));
  });
});
const base = `http://127.0.0.1:${port}/api/workshop`;

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

try {
  const created = (await (
    await post("/rooms", { name: "Load test" })
  ).json()) as CreateRoomResponse;
  const code = created.room.code;
  const attendees: JoinResponse[] = [];
  for (let i = 0; i < ATTENDEES; i++) {
    const response = await post(`/rooms/${code}/attendees`, { displayName: `Attendee ${i + 1}` });
    if (response.status !== 201)
      throw new Error(`join ${i + 1} failed: ${response.status} ${await response.text()}`);
    attendees.push((await response.json()) as JoinResponse);
  }

  // One dashboard, as the projector would have. Lag: from the server storing a call (its
  // receivedAt, same clock) to the dashboard receiving it.
  const lags: number[] = [];
  let streamed = 0;
  const dashboard = new EventSource(`${base}/rooms/${code}/stream`, {
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${created.adminKey}` },
      }),
  });
  dashboard.addEventListener("calls", (event) => {
    const now = Date.now();
    for (const call of (JSON.parse(event.data) as { calls: RoomCall[] }).calls) {
      streamed++;
      lags.push(now - Date.parse(call.receivedAt));
    }
  });
  await new Promise<void>((resolve) =>
    dashboard.addEventListener("snapshot", () => resolve(), { once: true }),
  );

  const latencies: number[] = [];
  let sent = 0;
  let requests = 0;
  let failures = 0;
  const statuses = new Map<number, number>();
  const memory: { rss: number; peak: number }[] = [];
  const sampler = setInterval(() => {
    const sample = memoryOf(server.pid!);
    if (sample) memory.push(sample);
  }, 1000);

  const started = performance.now();
  const endAt = started + SECONDS * 1000;
  console.log(
    `load: ${ATTENDEES} attendees, a batch of ${BATCH} calls every ${INTERVAL_MS / 1000} s each, for ${SECONDS} s (loopback)…`,
  );

  async function sendBatch(token: string): Promise<void> {
    const calls = Array.from({ length: BATCH }, (_, i) => sampleForwardedCall({ seq: i + 1 }));
    sent += calls.length;
    // Retried with backoff like the attendee forwarder, so a slow moment is not a loss.
    for (let attempt = 0; attempt < 6; attempt++) {
      const begin = performance.now();
      try {
        const response = await post(`/rooms/${code}/events`, { calls }, token);
        latencies.push(performance.now() - begin);
        requests++;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        failures++;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }

  await Promise.all(
    attendees.map(async (attendee, index) => {
      // Spread the first posts over one interval, as real attendees would be.
      await new Promise((resolve) => setTimeout(resolve, (index / ATTENDEES) * INTERVAL_MS));
      while (performance.now() < endAt) {
        const tick = performance.now();
        await sendBatch(attendee.token);
        const wait = INTERVAL_MS - (performance.now() - tick);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  clearInterval(sampler);
  dashboard.close();

  const state = (await (
    await fetch(`${base}/rooms/${code}`, {
      headers: { authorization: `Bearer ${created.adminKey}` },
    })
  ).json()) as RoomSnapshot;
  const stored = state.totals.requests;
  const sorted = latencies.sort((a, b) => a - b);
  const sortedLags = lags.sort((a, b) => a - b);
  const peak = Math.max(...memory.map((m) => m.peak));
  const endRss = memory.at(-1)?.rss ?? NaN;
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`ran ${elapsed.toFixed(1)} s`);
  console.log(`calls sent ${sent}, stored ${stored}, lost ${sent - stored}`);
  console.log(
    `requests ${requests} (${(requests / elapsed).toFixed(1)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, network failures ${failures}`,
  );
  console.log(
    `request latency p50 ${fmt(percentile(sorted, 50))}, p99 ${fmt(percentile(sorted, 99))}, max ${fmt(sorted.at(-1) ?? NaN)}`,
  );
  console.log(
    `dashboard stream: ${streamed} calls received, lag p50 ${fmt(percentile(sortedLags, 50))}, p99 ${fmt(percentile(sortedLags, 99))}`,
  );
  console.log(
    Number.isFinite(peak)
      ? `server memory: ${endRss.toFixed(0)} MiB resident at the end, ${peak.toFixed(0)} MiB peak`
      : "server memory: not available on this system (/proc)",
  );
  if (sent !== stored) process.exitCode = 1;
} finally {
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
