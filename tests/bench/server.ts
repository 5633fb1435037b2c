/**
 * The site the bench measures, and its server.
 *
 * By default the bench builds the committed HEAD (or `--commit <rev>`), exported (`git archive`)
 * into a folder of its own under the system temp dir with node_modules hard-linked in: other
 * people's uncommitted work in the shared working tree can neither break the build nor change the
 * files under measurement, and a build of the same commit is reused. `--worktree` builds the
 * working tree as it is instead (into node_modules/.cache/payi-bench/dist), `--dist <dir>`
 * measures an existing build.
 *
 * It is served by `astro preview`, as `npm start` serves it (COOP/COEP headers from
 * astro.config.mjs). Astro allows one preview server per project at a time (a lock in
 * .astro/preview.json): when another one holds it, the bench waits and retries; it never
 * replaces someone else's server.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const REPO = resolve(import.meta.dirname, "../..");
const BIN = join(REPO, "node_modules/.bin");
const SNAPSHOTS = join(tmpdir(), "payi-bench");
export const BUILD_LOG = join(REPO, "test-results/bench-build.log");

/** node_modules/.bin first: its `node` is the project's Node 24 (Astro 7 needs >= 22.12). */
function env(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${BIN}:${process.env["PATH"] ?? ""}` };
}

export interface Site {
  /** The Astro project root to run `astro preview` in. */
  root: string;
  dist: string;
  /** What was built: "HEAD abc1234", "working tree" or "existing build". */
  source: string;
  buildMs?: number;
  reused?: boolean;
  /** The full commit hash of a snapshot build. */
  commit?: string;
}

export type SiteMode =
  | { kind: "head"; rebuild: boolean }
  /** Any commit (`60ebb00`, `main~3`): a "before" to compare with. */
  | { kind: "commit"; rev: string; rebuild: boolean }
  | { kind: "worktree" }
  | { kind: "dist"; dist: string };

/** Snapshots untouched for this long are removed (the temp dir is shared by every worktree). */
const SNAPSHOT_MAX_AGE_MS = 24 * 60 * 60_000;

export async function prepareSite(mode: SiteMode, log: (m: string) => void): Promise<Site> {
  if (mode.kind === "dist") {
    const dist = resolve(mode.dist);
    if (!existsSync(join(dist, "index.html"))) throw new Error(`no built site in ${dist}`);
    return { root: REPO, dist, source: `existing build ${dist}` };
  }
  if (mode.kind === "worktree") {
    const dist = join(REPO, "node_modules/.cache/payi-bench/dist");
    log(`building the working tree into ${dist}...`);
    const buildMs = await astroBuild(REPO, ["--outDir", dist]);
    return { root: REPO, dist, source: "working tree (with uncommitted changes)", buildMs };
  }
  const rev = mode.kind === "commit" ? mode.rev : "HEAD";
  let commit: string;
  try {
    commit = execFileSync("git", ["rev-parse", "--verify", `${rev}^{commit}`], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    throw new Error(`--commit ${rev}: no such commit in ${REPO} (try a hash from git log)`);
  }
  const short = commit.slice(0, 12);
  const root = join(SNAPSHOTS, short);
  const dist = join(root, "dist");
  const source = `${mode.kind === "commit" ? "commit" : "HEAD"} ${commit.slice(0, 7)}`;
  if (!mode.rebuild && existsSync(join(dist, "index.html"))) {
    log(`reusing the build of ${source} in ${dist}`);
    const now = new Date();
    utimesSync(root, now, now); // in use: not stale
    return { root, dist, source, reused: true, commit };
  }
  pruneStaleSnapshots(short);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  execFileSync("sh", ["-c", `git archive --format=tar ${commit} | tar -x -C "${root}"`], {
    cwd: REPO,
  });
  linkNodeModules(root);
  log(`building ${source} (exported to ${root})...`);
  const buildMs = await astroBuild(root, []);
  return { root, dist, source, buildMs, commit };
}

/**
 * Removes snapshots nobody used for a day. Not the others: the temp dir is shared by everyone's
 * benches, and a before/after comparison needs two snapshots at once.
 */
function pruneStaleSnapshots(keep: string): void {
  if (!existsSync(SNAPSHOTS)) return;
  for (const name of readdirSync(SNAPSHOTS)) {
    if (name === keep) continue;
    const path = join(SNAPSHOTS, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > SNAPSHOT_MAX_AGE_MS)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // removed meanwhile
    }
  }
}

/**
 * The snapshot's node_modules: hard links to the working tree's files (same file system, no copy;
 * symbolic links would not do: Astro then resolves packages outside the project root), but caches
 * of its own (Astro's content store in node_modules/.astro, Vite's in .vite), so building the
 * snapshot never touches the caches of builds and dev servers in the working tree.
 */
function linkNodeModules(root: string): void {
  const target = join(root, "node_modules");
  mkdirSync(target);
  const caches = new Set([".astro", ".vite", ".cache"]);
  const entries = readdirSync(join(REPO, "node_modules"))
    .filter((name) => !caches.has(name))
    .map((name) => join(REPO, "node_modules", name));
  execFileSync("cp", ["-al", ...entries, `${target}/`]);
}

/** `astro build` in `root`; returns the wall time in ms. Throws with the log's tail. */
async function astroBuild(root: string, args: string[]): Promise<number> {
  mkdirSync(join(REPO, "test-results"), { recursive: true });
  const log = createWriteStream(BUILD_LOG);
  const started = performance.now();
  const child = spawn(join(BIN, "astro"), ["build", ...args], {
    cwd: root,
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  await new Promise((done) => log.end(done));
  if (code !== 0) {
    const tail = readFileSync(BUILD_LOG, "utf8").split("\n").slice(-25).join("\n");
    throw new Error(`astro build failed (exit ${code}); see ${BUILD_LOG}:\n${tail}`);
  }
  return performance.now() - started;
}

export interface PreviewServer {
  url: string;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `astro preview` for `site`. Waits (up to `waitForLockMs`) while another preview server
 * of the same project holds the lock.
 */
export async function startPreview(
  site: Site,
  port = 4398,
  { waitForLockMs = 5 * 60_000, log = console.error } = {},
): Promise<PreviewServer> {
  const deadline = Date.now() + waitForLockMs;
  for (;;) {
    const child = spawn(
      join(BIN, "astro"),
      ["preview", "--port", String(port), "--host", "127.0.0.1", "--outDir", site.dist],
      // Own process group, so stop() ends this server and nothing else.
      { cwd: site.root, env: env(), stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let exited = false;
    child.on("exit", () => (exited = true));

    // When the port is taken, astro (Vite) takes the next free one: use the URL it prints.
    const startDeadline = Date.now() + 60_000;
    while (!exited && Date.now() < startDeadline) {
      const printed = output.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      const url = printed ? `http://127.0.0.1:${printed[1]}` : undefined;
      if (url && (await answers(`${url}/`))) {
        if (!url.endsWith(`:${port}`)) log(`port ${port} was taken; serving on ${url}`);
        return { url, stop: () => stopChild(child) };
      }
      await sleep(250);
    }
    if (!exited) {
      await stopChild(child);
      throw new Error(`astro preview did not serve within 60 s:\n${output}`);
    }
    if (/already running/i.test(output) && Date.now() < deadline) {
      const holder = output.match(/PID:\s*(\d+)/)?.[1] ?? "?";
      log(`another astro preview (pid ${holder}) holds the lock; waiting 15 s and retrying...`);
      await sleep(15_000);
      continue;
    }
    throw new Error(`astro preview exited before serving:\n${output}`);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((done) => child.once("exit", done));
  try {
    process.kill(-child.pid, "SIGTERM"); // the group started above: astro preview and its children
  } catch {
    return;
  }
  const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
  if (timedOut) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
