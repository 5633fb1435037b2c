/**
 * The last `limit` characters of a run's output, kept without ever holding much more: a program
 * printing a million lines must not fill the page's memory (the terminal keeps its own tail).
 */
export interface TextTail {
  append(text: string): void;
  /** What was kept; starts with a note when the beginning was cut. */
  text(): string;
}

export function createTextTail(limit: number): TextTail {
  let kept = "";
  let cut = 0;
  return {
    append(text) {
      kept += text;
      // Trim once the buffer is twice the limit, so appends stay cheap.
      if (kept.length > limit * 2) {
        cut += kept.length - limit;
        kept = kept.slice(kept.length - limit);
      }
    },
    text() {
      const overflow = Math.max(0, kept.length - limit);
      const total = cut + overflow;
      const tail = overflow > 0 ? kept.slice(overflow) : kept;
      return total > 0 ? `[${total} earlier characters not kept]\n${tail}` : tail;
    },
  };
}
