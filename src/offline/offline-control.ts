/**
 * "Make available offline": every `[data-offline-control]` on the page (the sidebar's, the
 * landing page's) shows the same state of the offline copy, which lives in the service worker:
 * its size, a progress bar while it downloads (the work is the worker's, off the page's main
 * thread), when it is done, what went wrong, and how to remove it. A download that was
 * interrupted (the tab closed, an update brought new files) resumes by itself.
 */
import type { OfflineStatus } from "./protocol.ts";

export interface OfflineActions {
  status(): Promise<OfflineStatus>;
  /** Resolves when the download has ended (progress arrives meanwhile through `render`). */
  download(): Promise<OfflineStatus>;
  remove(): Promise<OfflineStatus>;
}

const megabytes = new Intl.NumberFormat("en", {
  style: "unit",
  unit: "megabyte",
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
});
const percent = new Intl.NumberFormat("en", { style: "percent" });

export function formatMegabytes(bytes: number): string {
  return megabytes.format(bytes / 1_000_000);
}

/** The sentence a control shows for a status. */
export function describeStatus(status: OfflineStatus): string {
  const total = formatMegabytes(status.totalBytes);
  switch (status.state) {
    case "complete":
      return `Available offline: the whole course (${total}) is saved in this browser. Every page, sandbox, the editor and search work with no network.`;
    case "downloading": {
      const share = percent.format(status.cachedBytes / Math.max(1, status.totalBytes));
      return `Downloading for offline use: ${formatMegabytes(status.cachedBytes)} of ${total} (${share}).`;
    }
    case "failed":
      return status.error ?? "The download stopped. Check your connection and try again.";
    case "partial":
      return `Save the whole course in this browser (${total}) to use every page, sandbox, the editor and search with no network.`;
  }
}

interface Control {
  root: HTMLElement;
  text: HTMLElement;
  progress: HTMLProgressElement;
  announce: HTMLElement;
  download: HTMLButtonElement;
  remove: HTMLButtonElement;
}

function findControls(root: ParentNode): Control[] {
  return [...root.querySelectorAll<HTMLElement>("[data-offline-control]")].map((element) => ({
    root: element,
    text: element.querySelector<HTMLElement>("[data-role=text]")!,
    progress: element.querySelector<HTMLProgressElement>("progress")!,
    announce: element.querySelector<HTMLElement>("[data-role=announce]")!,
    download: element.querySelector<HTMLButtonElement>("[data-action=download]")!,
    remove: element.querySelector<HTMLButtonElement>("[data-action=remove]")!,
  }));
}

/** Whether the browser has room for what is left to download (unknown counts as yes). */
async function hasRoomFor(bytes: number): Promise<boolean> {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    return quota === undefined || usage === undefined || quota - usage > bytes;
  } catch {
    return true;
  }
}

export function bindOfflineControls(root: ParentNode, actions: OfflineActions) {
  const controls = findControls(root);
  let last: OfflineStatus | undefined;
  let busy = false;

  function render(status: OfflineStatus): void {
    const previous = last?.state;
    last = status;
    for (const control of controls) {
      control.root.hidden = false;
      control.root.dataset["state"] = status.state;
      control.text.textContent = describeStatus(status);
      const showProgress = status.state === "downloading" || status.state === "complete";
      control.progress.hidden = !showProgress;
      control.progress.max = Math.max(1, status.totalBytes);
      control.progress.value =
        status.state === "complete" ? control.progress.max : status.cachedBytes;
      control.download.hidden = status.state === "complete" || status.state === "downloading";
      control.download.textContent =
        status.state === "failed" ? "Try again" : "Make available offline";
      control.remove.hidden = !(status.wanted || status.state === "complete");
      control.remove.textContent =
        status.state === "downloading" ? "Cancel and remove" : "Remove offline copy";
      // Words for screen readers at the moments that matter, not at every percent.
      if (previous !== status.state) {
        control.announce.textContent =
          status.state === "complete"
            ? "The course is available offline."
            : status.state === "failed"
              ? describeStatus(status)
              : status.state === "downloading"
                ? "Downloading the course for offline use."
                : "";
      }
    }
  }

  async function download(): Promise<void> {
    if (busy || !last) return;
    if (!(await hasRoomFor(last.totalBytes - last.cachedBytes))) {
      render({
        ...last,
        state: "failed",
        error: `This browser has no room for ${formatMegabytes(last.totalBytes - last.cachedBytes)} more. Free some space (or leave private browsing) and try again.`,
      });
      return;
    }
    busy = true;
    // Asks the browser not to evict the copy under storage pressure (it may say no).
    void navigator.storage?.persist?.().catch(() => false);
    render({ ...last, state: "downloading", wanted: true });
    try {
      render(await actions.download());
    } finally {
      busy = false;
    }
  }

  for (const control of controls) {
    control.download.addEventListener("click", () => void download());
    control.remove.addEventListener("click", async () => {
      render(await actions.remove());
    });
  }

  return {
    render,
    async refresh(): Promise<void> {
      const status = await actions.status();
      render(status);
      // Resume what the learner asked for: an update's new files, or a download cut short.
      if (status.wanted && status.state !== "complete" && status.state !== "downloading")
        await download();
    },
  };
}
