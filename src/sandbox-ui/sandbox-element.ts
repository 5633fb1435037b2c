/**
 * `<payi-sandbox>`: the only sandbox code a lesson page loads up front, so it stays tiny. It
 * switches the phone tabs itself, and loads the real controller (editor, terminal, panel,
 * runners) only when the page can spare it:
 *
 * - the controller, when the sandbox approaches the viewport AND the main thread is idle;
 * - the runner and the output components on intent: the pointer over Run, the code or Edit, or
 *   focus there (the editor too, for the code and Edit); and everything at once on a click or key
 *   press, which is replayed once the controller is ready.
 */
import { handleTabEvent, rememberedTab, showTab } from "./sandbox-tabs.ts";

type Controller = {
  handle(event: Event): void;
  /** Gets the page's runner ready (idempotent). */
  warmUp(): void;
  /** Starts loading the editor (idempotent). */
  preloadEditor(): void;
};

const controllers = new WeakMap<HTMLElement, Promise<Controller>>();

function controllerFor(element: HTMLElement): Promise<Controller> {
  let controller = controllers.get(element);
  if (!controller) {
    controller = import("./sandbox-controller.ts").then(({ attachSandbox }) =>
      attachSandbox(element),
    );
    controllers.set(element, controller);
  }
  return controller;
}

/** Runs `task` when the main thread has nothing else to do (soon anyway, after `timeout`). */
function whenIdle(task: () => void, timeout = 4000): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => task(), { timeout });
  else setTimeout(task, 200);
}

const EDIT_KEY = "payi-course:edit:";

/** A saved edit is shown at once, highlighted, in place of the example (saved-code-view.ts). */
function showSavedEditEarly(root: HTMLElement): void {
  let saved: string | null;
  try {
    saved = localStorage.getItem(EDIT_KEY + (root.dataset["sandboxId"] ?? ""));
  } catch {
    return;
  }
  if (!saved) return;
  // The example's own lines stay hidden meanwhile (sandbox.css): they are not the learner's code.
  root.dataset["savedEdit"] = "loading";
  void import("./saved-code-view.ts")
    .then(({ showSavedEdit }) => showSavedEdit(root))
    .catch(() => undefined) // the controller falls back to plain text
    .finally(() => (root.dataset["savedEdit"] = "shown"));
}

const INTENT_TARGETS = "[data-action=run], [data-action=edit], [data-role=code]";

class PayiSandbox extends HTMLElement {
  #observer: IntersectionObserver | undefined;

  connectedCallback(): void {
    const tab = rememberedTab();
    if (tab !== "code") showTab(this, tab);
    showSavedEditEarly(this);
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.#observer?.disconnect();
        // Only the controller: the runner, the output components and the editor wait for intent.
        whenIdle(() => void controllerFor(this));
      },
      // "Approaching": within half a screen.
      { rootMargin: "50% 0px" },
    );
    this.#observer.observe(this);

    const intent = (event: Event) => {
      const target = (event.target as HTMLElement).closest(INTENT_TARGETS);
      if (!target) return;
      const editing = !target.matches("[data-action=run]");
      void controllerFor(this).then((controller) => {
        controller.warmUp();
        if (editing) controller.preloadEditor();
      });
    };
    for (const type of ["pointerover", "pointerdown", "focusin"])
      this.addEventListener(type, intent);

    const forward = (event: Event) => {
      if (handleTabEvent(this, event)) return;
      const loaded = controllers.get(this);
      // Before the controller is ready, remember the click/keypress and replay it.
      if (!loaded || !this.dataset["ready"]) {
        if (event.type === "click" && (event.target as HTMLElement).closest("[data-action]"))
          event.preventDefault();
        void controllerFor(this).then((controller) => controller.handle(event));
      }
    };
    this.addEventListener("click", forward);
    this.addEventListener("keydown", forward);
    this.addEventListener("focusin", forward);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
  }
}

if (!customElements.get("payi-sandbox")) customElements.define("payi-sandbox", PayiSandbox);
