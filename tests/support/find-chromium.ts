/**
 * Finds a Chromium for the browser tests, and tries to get one when none is
 * installed. It never returns "no browser": it either returns a path or throws
 * an error that says what to install, so browser tests are never skipped.
 *
 * Order: $CHROME_PATH, Debian/Ubuntu/Google packages, Playwright's own
 * download; then `npx playwright install chromium`; then, as root on Debian,
 * `apt-get install -y chromium`.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

export const SYSTEM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
] as const;

export interface FoundBrowser {
  path: string;
  /** Where it was found, for the log line. */
  source: "CHROME_PATH" | "system" | "playwright";
}

/** A command the finder may run to get a browser. */
export interface InstallStep {
  describe: string;
  command: string;
  args: string[];
}

export interface FindChromiumOptions {
  env?: Record<string, string | undefined>;
  isExecutable?: (path: string) => boolean;
  /** Path where Playwright's own Chromium is (or would be) installed. */
  playwrightExecutable?: () => string | undefined;
  /** Whether to try installing a browser when none is found. */
  install?: boolean;
  /** Runs one install step; returns true when it exited 0. */
  runStep?: (step: InstallStep) => boolean;
  isRoot?: boolean;
  hasAptGet?: boolean;
  log?: (message: string) => void;
}

export const INSTALL_HELP = [
  "No Chromium found for the browser tests. Install one of:",
  "  - Playwright's Chromium:  npx playwright install chromium",
  "  - Debian/Ubuntu package:  sudo apt-get install -y chromium   (Ubuntu: chromium-browser)",
  "  - or point CHROME_PATH at an installed Chrome/Chromium binary.",
].join("\n");

function defaultIsExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function defaultRunStep(step: InstallStep): boolean {
  const result = spawnSync(step.command, step.args, {
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 10 * 60 * 1000,
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

/** Looks for an installed browser without installing anything. */
export function locateChromium(options: FindChromiumOptions = {}): FoundBrowser | undefined {
  const env = options.env ?? process.env;
  const isExecutable = options.isExecutable ?? defaultIsExecutable;

  const fromEnv = env["CHROME_PATH"];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`CHROME_PATH is set to ${fromEnv}, which is not an executable file.`);
    }
    return { path: fromEnv, source: "CHROME_PATH" };
  }
  for (const candidate of SYSTEM_CANDIDATES) {
    if (isExecutable(candidate)) return { path: candidate, source: "system" };
  }
  const playwrightPath = options.playwrightExecutable?.();
  if (playwrightPath && isExecutable(playwrightPath)) {
    return { path: playwrightPath, source: "playwright" };
  }
  return undefined;
}

/** The install steps worth trying on this machine, in order. */
export function installSteps(isRoot: boolean, hasAptGet: boolean): InstallStep[] {
  const steps: InstallStep[] = [
    {
      describe: "Playwright's Chromium (npx playwright install chromium)",
      command: "npx",
      args: ["--no-install", "playwright", "install", "chromium"],
    },
  ];
  if (isRoot && hasAptGet) {
    steps.push(
      { describe: "apt-get update", command: "apt-get", args: ["update"] },
      {
        describe: "Debian's chromium package (apt-get install -y chromium)",
        command: "apt-get",
        args: ["install", "-y", "--no-install-recommends", "chromium"],
      },
    );
  }
  return steps;
}

/**
 * Returns a usable Chromium, installing one if needed and allowed; throws
 * with {@link INSTALL_HELP} when there is none.
 */
export function findChromium(options: FindChromiumOptions = {}): FoundBrowser {
  const found = locateChromium(options);
  if (found) return found;

  const log = options.log ?? ((message: string) => console.error(message));
  if (options.install ?? true) {
    const isRoot = options.isRoot ?? process.getuid?.() === 0;
    const hasAptGet = options.hasAptGet ?? defaultIsExecutable("/usr/bin/apt-get");
    const runStep = options.runStep ?? defaultRunStep;
    for (const step of installSteps(isRoot, hasAptGet)) {
      log(`[find-chromium] No browser found; trying ${step.describe}...`);
      const ok = runStep(step);
      if (!ok) {
        log(`[find-chromium] ${step.describe} failed.`);
        continue;
      }
      const after = locateChromium(options);
      if (after) return after;
    }
  }
  throw new Error(INSTALL_HELP);
}

/** Chromium flags that make headless runs work in containers and CI. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
] as const;
