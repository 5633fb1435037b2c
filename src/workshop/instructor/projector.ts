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
