/**
 * Collects which parts of the page changed and draws them together at the next animation frame:
 * a burst of stream events between two frames costs one draw, not one per event.
 */
export class FrameBatch<Part> {
  readonly #draw: (dirty: ReadonlySet<Part>) => void;
  #dirty = new Set<Part>();
  #frame = 0;

  constructor(draw: (dirty: ReadonlySet<Part>) => void) {
    this.#draw = draw;
  }

  invalidate(...parts: Part[]): void {
    for (const part of parts) this.#dirty.add(part);
    if (!this.#frame && this.#dirty.size) this.#frame = requestAnimationFrame(() => this.#flush());
  }

  #flush(): void {
    this.#frame = 0;
    const dirty = this.#dirty;
    this.#dirty = new Set();
    this.#draw(dirty);
  }
}
