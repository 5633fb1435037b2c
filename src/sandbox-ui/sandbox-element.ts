/**
 * `<payi-sandbox>`: the only sandbox code a lesson page loads up front, so it stays tiny. It loads
 * the real controller (editor, terminal, panel, runners) when the sandbox nears the viewport, and
 * at once on the first interaction, replaying that interaction once it is ready.
 */
type Controller = { handle(event: Event): void };

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

class PayiSandbox extends HTMLElement {
  #observer: IntersectionObserver | undefined;

  connectedCallback(): void {
    // Pre-load (and pre-boot the runner) when the sandbox is about a screen away.
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          this.#observer?.disconnect();
          void controllerFor(this);
        }
      },
      { rootMargin: "800px 0px" },
    );
    this.#observer.observe(this);
    const forward = (event: Event) => {
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
