/**
 * Projector mode: large type, strongest colours, no course chrome (dashboard.css does the look;
 * the attribute on <html> switches it). Remembered in this browser, and applied before the first
 * paint by the component's inline script, which reads the same storage key.
 */
import { safeLocalStorage } from "../../local-storage.ts";

export const PROJECTOR_KEY = "payi-workshop:projector";
const ATTRIBUTE = "data-workshop-projector";

export function projectorOn(): boolean {
  return document.documentElement.hasAttribute(ATTRIBUTE);
}

export function setProjector(on: boolean): void {
  document.documentElement.toggleAttribute(ATTRIBUTE, on);
  try {
    if (on) safeLocalStorage()?.setItem(PROJECTOR_KEY, "on");
    else safeLocalStorage()?.removeItem(PROJECTOR_KEY);
  } catch {
    // Not remembered; the mode still applies to this visit.
  }
}

export function fullscreenAvailable(): boolean {
  return Boolean(document.fullscreenEnabled && document.documentElement.requestFullscreen);
}

export function isFullscreen(): boolean {
  return document.fullscreenElement !== null && document.fullscreenElement !== undefined;
}

/** Enters or leaves fullscreen; resolves false when the browser refused. */
export async function toggleFullscreen(): Promise<boolean> {
  try {
    if (isFullscreen()) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen({ navigationUI: "hide" });
    return true;
  } catch {
    return false;
  }
}

/** The dashboard's "Projector mode" and "Fullscreen" buttons, which show the mode they are in. */
export class ProjectorControls {
  readonly #projector: HTMLElement;
  readonly #fullscreen: HTMLElement;
  /** Called when the browser refused fullscreen. */
  readonly #onRefused: () => void;

  constructor(projector: HTMLElement, fullscreen: HTMLElement, onRefused: () => void) {
    this.#projector = projector;
    this.#fullscreen = fullscreen;
    this.#onRefused = onRefused;
    document.addEventListener("fullscreenchange", () => this.draw());
  }

  draw(): void {
    const on = projectorOn();
    this.#projector.setAttribute("aria-pressed", String(on));
    this.#fullscreen.hidden = !on || !fullscreenAvailable();
    this.#fullscreen.setAttribute("aria-pressed", String(isFullscreen()));
  }

  toggleProjector(): void {
    const on = !projectorOn();
    setProjector(on);
    if (!on && isFullscreen()) void toggleFullscreen();
    this.draw();
  }

  async toggleFullscreen(): Promise<void> {
    if (!(await toggleFullscreen())) this.#onRefused();
    this.draw();
  }
}
