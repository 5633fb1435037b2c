/**
 * The runner's notice, once per page: under the page title, dismissible until the tab is closed
 * (the dismissed notices are kept in sessionStorage, so the next page of the tab does not repeat
 * them). Every sandbox shares the page's runner, so a notice on each of them said the same thing
 * many times over.
 */
const DISMISSED_KEY = "payi-course:dismissed-notices";

let banner: HTMLElement | undefined;
let message: HTMLElement | undefined;

function dismissed(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((item) => typeof item === "string") : [];
  } catch {
    return [];
  }
}

function dismiss(text: string): void {
  try {
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissed(), text].slice(-20)));
  } catch {
    // storage unavailable: dismissed for this page only
  }
}

function createBanner(): HTMLElement {
  const box = document.createElement("div");
  box.className = "payi-page-notice not-content";
  box.dataset["role"] = "runner-notice";
  box.setAttribute("role", "status");
  message = document.createElement("p");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "payi-sandbox__button";
  close.textContent = "Dismiss";
  close.addEventListener("click", () => {
    if (message?.textContent) dismiss(message.textContent);
    box.hidden = true;
  });
  box.append(message, close);
  // Under the title; on a page without one, before the first sandbox.
  const title = document.getElementById("_top");
  if (title) title.after(box);
  else document.querySelector("payi-sandbox")?.before(box);
  return box;
}

/** Shows the runner's notice for the page (null hides it). */
export function showRunnerNotice(text: string | null): void {
  if (!text) {
    if (banner) banner.hidden = true;
    return;
  }
  if (dismissed().includes(text)) return;
  banner ??= createBanner();
  if (message) message.textContent = text;
  banner.hidden = false;
}
