/**
 * "A new version is available - Reload": a polite status at the bottom of every page (the
 * container is rendered by src/components/UpdatePrompt.astro). It never takes focus; the button
 * is one Tab stop like any other. Reloading keeps every saved edit, progress and Cost Drivers
 * call (they live in localStorage and IndexedDB, which an update does not touch).
 */
import { el } from "../ui/dom.ts";

export function showUpdatePrompt(reload: () => void): void {
  let region = document.querySelector<HTMLElement>("[data-update-prompt]");
  if (!region) {
    region = el("div", { class: "payi-update", role: "status" });
    region.dataset["updatePrompt"] = "";
    document.body.append(region);
  }
  if (region.querySelector("button")) return;
  const button = el("button", { type: "button", class: "payi-update__reload" }, ["Reload"]);
  button.addEventListener("click", () => {
    button.disabled = true;
    button.textContent = "Reloading…";
    reload();
  });
  region.replaceChildren(
    el("span", { class: "payi-update__text" }, ["A new version is available"]),
    button,
  );
}
