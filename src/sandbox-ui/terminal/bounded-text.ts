/** Text bounded to its newest `max` characters, kept as pieces so appending never copies it all. */
export class BoundedText {
  readonly #max: number;
  #pieces: string[] = [];
  #chars = 0;

  constructor(max: number) {
    this.#max = max;
  }

  append(text: string): void {
    if (text === "") return;
    this.#pieces.push(text);
    this.#chars += text.length;
    // Pieces are dropped whole, the oldest first; the string is cut exactly when read.
    while (this.#pieces.length > 1 && this.#chars - (this.#pieces[0] as string).length >= this.#max)
      this.#chars -= (this.#pieces.shift() as string).length;
  }

  clear(): void {
    this.#pieces = [];
    this.#chars = 0;
  }

  toString(): string {
    const text = this.#pieces.join("");
    return text.length > this.#max ? text.slice(text.length - this.#max) : text;
  }
}
