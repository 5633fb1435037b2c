/** The page's one RunnerManager, shared by every sandbox on the page. */
import { BrowserRunner } from "../runners/browser/browser-runner.ts";
import { readRunnerPreference } from "../runners/preferences.ts";
import { RunnerManager, type RunnerState } from "../runners/runner-manager.ts";
import { loadRuntimeFiles } from "../runners/runtime-files.ts";
import { safeLocalStorage } from "../local-storage.ts";
import { bootRealWebContainer } from "../runners/webcontainer/boot.ts";
import { WebContainerRunner } from "../runners/webcontainer/webcontainer-runner.ts";

/** How long WebContainer may take to boot before the page settles on the browser runner. */
const BOOT_TIMEOUT_MS = 20_000;

let manager: RunnerManager | undefined;
const listeners = new Set<(state: RunnerState) => void>();

export function pageRunner(): RunnerManager {
  manager ??= new RunnerManager({
    bootEnvironment: {
      crossOriginIsolated: window.crossOriginIsolated === true,
      hasSharedArrayBuffer: typeof SharedArrayBuffer === "function",
      online: navigator.onLine,
      boot: bootRealWebContainer,
      apiKey: import.meta.env.PUBLIC_WEBCONTAINER_API_KEY || undefined,
      timeoutMs: BOOT_TIMEOUT_MS,
    },
    loadRuntime: () =>
      loadRuntimeFiles(`${import.meta.env.BASE_URL.replace(/\/?$/, "/")}sandbox-runtime/`),
    createBrowserRunner: (files) => new BrowserRunner(files, document),
    createWebContainerRunner: (container, files) => new WebContainerRunner(container, files),
    preference: readRunnerPreference(safeLocalStorage()),
    onChange: (state) => {
      for (const listener of listeners) listener(state);
    },
  });
  return manager;
}

export function onRunnerChange(listener: (state: RunnerState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
