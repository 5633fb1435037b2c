/**
 * What a sandbox shows while its run waits for the runner the learner chose: what it waits for,
 * for how long, and a way not to wait ("Run in the browser now"). Gone when the wait is over.
 */
import type { RunnerWait } from "../runners/runner-manager.ts";

interface StatusLine {
  status(text: string, kind: "info" | "warn" | "error"): void;
}

export function showRunnerWait(box: HTMLElement, terminal: StatusLine, wait: RunnerWait): void {
  terminal.status(`Waiting for ${wait.waitingFor} to start…`, "info");
  const text = document.createElement("span");
  text.textContent = `Waiting for ${wait.waitingFor} to start… `;
  // The seconds tick silently: a screen reader hears the wait once, not every second.
  const elapsed = document.createElement("span");
  elapsed.setAttribute("aria-live", "off");
  elapsed.dataset["role"] = "wait-elapsed";
  const now = document.createElement("button");
  now.type = "button";
  now.className = "payi-sandbox__button";
  now.textContent = "Run in the browser now";
  now.addEventListener("click", () => wait.runInBrowserNow());
  box.setAttribute("role", "status");
  box.replaceChildren(text, elapsed, now);
  box.hidden = false;
  const tick = () => {
    elapsed.textContent = `${Math.floor((Date.now() - wait.since) / 1000)} s`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  void wait.over.then(() => {
    clearInterval(timer);
    const hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    box.replaceChildren();
    // Focus was on "Run in the browser now": put it back on the sandbox's Stop (the run is on).
    if (hadFocus)
      box.closest("payi-sandbox")?.querySelector<HTMLButtonElement>("[data-action=stop]")?.focus();
  });
}
