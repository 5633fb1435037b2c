/**
 * The page's one RunnerManager, shared by every sandbox on the page, and its notices, shown once
 * for the page (runner-notice.ts) rather than on every sandbox.
 */
import { BrowserRunner } from "../runners/browser/browser-runner.ts";
import { readRunnerPreference } from "../runners/preferences.ts";
import { RunnerManager, type BootMemory, type RunnerState } from "../runners/runner-manager.ts";
import { loadRuntimeFiles } from "../runners/runtime-files.ts";
import { safeLocalStorage } from "../local-storage.ts";
import { bootRealWebContainer, type BootFailure } from "../runners/webcontainer/boot.ts";
import { WebContainerRunner } from "../runners/webcontainer/webcontainer-runner.ts";
import { showRunnerNotice } from "./runner-notice.ts";
import { loadPythonAssets } from "../runners/python/python-assets.ts";
import type { PythonRunner } from "../runners/python/python-runner.ts";

/** How long WebContainer may take to boot before the page settles on the browser runner. */
const BOOT_TIMEOUT_MS = 20_000;

/** Per tab: a WebContainer that failed to start is not waited for again on the next page. */
const BOOT_FAILED_KEY = "payi-course:webcontainer-failed";

const sessionBootMemory: BootMemory = {
  failedEarlier() {
    try {
      const raw = sessionStorage.getItem(BOOT_FAILED_KEY);
      return raw ? (JSON.parse(raw) as BootFailure) : null;
    } catch {
      return null;
    }
  },
  remember(failure) {
    try {
      if (failure) sessionStorage.setItem(BOOT_FAILED_KEY, JSON.stringify(failure));
      else sessionStorage.removeItem(BOOT_FAILED_KEY);
    } catch {
      // storage unavailable: the next page tries again
    }
  },
};

let manager: RunnerManager | undefined;
const listeners = new Set<(state: RunnerState) => void>();

export function pageRunner(): RunnerManager {
  if (manager) return manager;
  const created = new RunnerManager({
    bootEnvironment: {
      crossOriginIsolated: window.crossOriginIsolated === true,
      hasSharedArrayBuffer: typeof SharedArrayBuffer === "function",
      get online() {
        return navigator.onLine;
      },
      boot: bootRealWebContainer,
      apiKey: import.meta.env.PUBLIC_WEBCONTAINER_API_KEY || undefined,
      timeoutMs: BOOT_TIMEOUT_MS,
    },
    bootMemory: sessionBootMemory,
    loadRuntime: () =>
      loadRuntimeFiles(`${import.meta.env.BASE_URL.replace(/\/?$/, "/")}sandbox-runtime/`),
    createBrowserRunner: (files) => new BrowserRunner(files, document),
    createWebContainerRunner: (container, files) => new WebContainerRunner(container, files),
    preference: readRunnerPreference(safeLocalStorage()),
    onChange: (state) => {
      showRunnerNotice(state.notice);
      for (const listener of listeners) listener(state);
    },
  });
  manager = created;
  window.addEventListener("offline", () => created.wentOffline());
  return created;
}

export function onRunnerChange(listener: (state: RunnerState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let python: Promise<PythonRunner> | undefined;

/**
 * The page's Python runner, created on the first Python run: its code, the runtime bundle and
 * Pyodide (fetched from /pyodide/ by the run) load only then.
 */
export function pythonRunner(): Promise<PythonRunner> {
  python ??= import("../runners/python/python-runner.ts").then(
    ({ PythonRunner }) =>
      new PythonRunner(
        loadRuntimeFiles(`${import.meta.env.BASE_URL.replace(/\/?$/, "/")}sandbox-runtime/`),
        () => loadPythonAssets(`${import.meta.env.BASE_URL.replace(/\/?$/, "/")}pyodide/`),
        document,
      ),
  );
  python.catch(() => (python = undefined));
  return python;
}
