/**
 * How many rows to build in the next animation frame. A timer around our own code cannot see the
 * browser's work that follows it (style, layout and paint of the new rows), which is most of the
 * cost; the gap between two frames does. So: a gap longer than a long task halves the batch, a
 * smooth frame grows it by half, and the batch settles where frames stay under ~50 ms on this
 * device.
 */
export interface FramePacerOptions {
  /** Rows in the first frame (default 8): the first rows also pay for showing the panel. */
  initial?: number;
  min?: number;
  max?: number;
}

/** A frame this long (ms) is a long task: back off. */
const SLOW_FRAME_MS = 50;
/** At most two vsyncs apart: room to grow. */
const SMOOTH_FRAME_MS = 34;
/** Longer than this since the last frame, the gap says nothing about our rows. */
const IDLE_MS = 250;

export class FramePacer {
  readonly #min: number;
  readonly #max: number;
  #rows: number;
  #lastFrameAt = Number.NEGATIVE_INFINITY;

  constructor(options: FramePacerOptions = {}) {
    this.#min = options.min ?? 2;
    this.#max = options.max ?? 400;
    this.#rows = options.initial ?? 8;
  }

  /** The row budget for the frame that started at `frameTime` (the rAF timestamp). */
  next(frameTime: number): number {
    const gap = frameTime - this.#lastFrameAt;
    this.#lastFrameAt = frameTime;
    if (gap <= IDLE_MS) {
      if (gap > SLOW_FRAME_MS) this.#rows = Math.max(this.#min, Math.floor(this.#rows / 2));
      else if (gap < SMOOTH_FRAME_MS) this.#rows = Math.min(this.#max, Math.ceil(this.#rows * 1.5));
    }
    return this.#rows;
  }
}
