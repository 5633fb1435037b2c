import assert from "node:assert/strict";
import { test } from "node:test";
import {
  cutNote,
  OutputPump,
  pieceEnd,
  type FrameClock,
  type OutputSink,
} from "../../../../src/sandbox-ui/terminal/output-pump.ts";

const ESC = "\u001b";

/** xterm stand-in: keeps what it was given, and parses (calls back) only when told to. */
class FakeXterm implements OutputSink {
  readonly writes: string[] = [];
  #unparsed: (() => void)[] = [];

  write(data: string, parsed: () => void): void {
    this.writes.push(data);
    this.#unparsed.push(parsed);
  }

  /** Parses everything given so far (and whatever the pump gives on each callback). */
  parseAll(): void {
    while (this.#unparsed.length > 0) this.#unparsed.shift()?.();
  }

  get text(): string {
    return this.writes.join("");
  }
}

/** Frames on demand: `advance(ms)` runs a frame every 16 ms. */
class FakeFrames implements FrameClock {
  #time = 1000;
  #next = 1;
  #frames = new Map<number, (now: number) => void>();

  request(callback: (now: number) => void): number {
    const id = this.#next++;
    this.#frames.set(id, callback);
    return id;
  }

  cancel(frame: number): void {
    this.#frames.delete(frame);
  }

  now(): number {
    return this.#time;
  }

  get waiting(): number {
    return this.#frames.size;
  }

  advance(ms: number): void {
    for (const end = this.#time + ms; this.#time < end;) {
      this.#time += 16;
      const due = [...this.#frames];
      this.#frames.clear();
      for (const [, callback] of due) callback(this.#time);
    }
  }
}

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join("");

function setup(keepLines = 10_000, keepChars = 2 * 1024 * 1024) {
  const xterm = new FakeXterm();
  const frames = new FakeFrames();
  const pump = new OutputPump(xterm, { keepLines, keepChars }, frames);
  return { xterm, frames, pump };
}

test("output reaches xterm in order, in pieces of at most 8 KB, at most 32 KB ahead of its parser", () => {
  const { xterm, pump } = setup();
  const text = lines(1, 10_000); // ~110 KB
  pump.queue(text);
  const given = xterm.writes.reduce((sum, piece) => sum + piece.length, 0);
  assert.ok(given <= 32 * 1024 + 8 * 1024, `gave ${given} characters before any was parsed`);
  assert.ok(xterm.writes.every((piece) => piece.length <= 8 * 1024));
  assert.ok(pump.backlog.chars > 0);
  assert.equal(pump.idle, false);
  xterm.parseAll();
  assert.equal(xterm.text, text);
  assert.equal(pump.idle, true);
  assert.deepEqual(pump.backlog, { lines: 0, chars: 0 });
  assert.equal(pump.text(), text);
});

test("pieces end after a newline when one is near, and never inside an escape sequence", () => {
  assert.equal(pieceEnd("short", 10), 5);
  assert.equal(pieceEnd("aaaaaaa\nbbbbbbbbb", 10), 8);
  const colour = `${"x".repeat(8)}${ESC}[31mred`;
  assert.equal(pieceEnd(colour, 10), 8, "cut before the ESC, not after it");
  assert.equal(pieceEnd("y".repeat(20), 10), 10);
});

test("a flood keeps the newest lines, stops drawing while it lasts, then says once what it cut", () => {
  const { xterm, frames, pump } = setup(100);
  pump.queue(lines(1, 5_000));
  pump.queue(lines(5_001, 10_000));
  assert.ok(pump.backlog.lines <= 100, `${pump.backlog.lines} lines wait`);
  assert.equal(frames.waiting, 1, "the gap is checked once a frame");
  // While the gap is open xterm gets nothing more, so the cut stays one gap.
  const before = xterm.writes.length;
  xterm.parseAll();
  assert.equal(xterm.writes.length, before);
  frames.advance(200);
  assert.doesNotMatch(xterm.text, /not shown/, "not while the program may still be printing");
  frames.advance(600);
  xterm.parseAll();
  const notes = xterm.text.match(/✂ [\d,]+ lines not shown/g) ?? [];
  assert.equal(notes.length, 1);
  assert.match(xterm.text, /keeps the last 100 lines\./);
  assert.ok(xterm.text.endsWith(lines(9_901, 10_000)), "the newest lines are all there");
  assert.match(pump.text(), /✂ [\d,]+ lines not shown/);
  assert.equal(pump.idle, true);
  assert.equal(frames.waiting, 0);
});

test("closeGap() (a runner line is coming) puts the note in at once, where the gap is", () => {
  const { xterm, frames, pump } = setup(10);
  // 32 KB of it goes to xterm; the rest of the line waits, and is cut with lines 1 to 40.
  pump.queue("x".repeat(40 * 1024) + "\n");
  pump.queue(lines(1, 50));
  pump.closeGap();
  assert.equal(frames.waiting, 0);
  xterm.parseAll();
  const text = xterm.text;
  const note = text.indexOf("✂ 41 lines not shown");
  assert.ok(note > 0, text.slice(-400));
  assert.ok(note < text.indexOf("line 41\n"), "the note comes before what was kept");
  assert.doesNotMatch(text, /line 40\n/);
  pump.closeGap(); // no gap now: nothing more
  assert.equal(xterm.text, text);
});

test("one huge line: the newest characters are kept and the note counts characters", () => {
  const { xterm, frames, pump } = setup(10_000, 64 * 1024);
  pump.queue("a".repeat(40 * 1024));
  pump.queue("b".repeat(200 * 1024));
  assert.ok(pump.backlog.chars <= 64 * 1024);
  frames.advance(1000);
  xterm.parseAll();
  assert.match(xterm.text, /✂ [\d,]+ characters not shown: .* keeps the last 64\.0 KB\./);
  assert.ok(xterm.text.endsWith("b".repeat(64 * 1024)));
});

test("the note starts on a line of its own", () => {
  const { xterm, pump } = setup(1);
  pump.queue("x".repeat(40 * 1024)); // given to xterm, no newline at the end
  pump.queue(lines(1, 5));
  pump.closeGap();
  xterm.parseAll();
  assert.match(xterm.text, /x\u001b\[0m\n\u001b\[90m✂ 4 lines not shown/);
});

test("clear() drops what waits and the plain copy, then resets xterm after what it is parsing", () => {
  const { xterm, pump } = setup();
  pump.queue(lines(1, 10_000));
  const given = xterm.writes.length;
  pump.clear(`${ESC}c`);
  assert.deepEqual(pump.backlog, { lines: 0, chars: 0 });
  assert.equal(xterm.writes.length, given + 1);
  assert.equal(xterm.writes.at(-1), `${ESC}c`);
  assert.equal(pump.text(), "", "the reset is not part of the copy");
  assert.equal(pump.atLineStart, true);
  xterm.parseAll();
  assert.equal(pump.idle, true);
});

test("atLineStart follows what was queued last", () => {
  const { pump } = setup();
  assert.equal(pump.atLineStart, true);
  pump.queue("no newline");
  assert.equal(pump.atLineStart, false);
  pump.queue("done\n");
  assert.equal(pump.atLineStart, true);
});

test("after dispose() nothing more reaches xterm and no frame is left waiting", () => {
  const { xterm, frames, pump } = setup(10);
  pump.queue("x".repeat(40 * 1024));
  pump.queue(lines(1, 100));
  pump.dispose();
  const given = xterm.writes.length;
  xterm.parseAll();
  pump.queue("more\n");
  assert.equal(xterm.writes.length, given);
  assert.equal(frames.waiting, 0);
});

test("the cut note's words: lines or characters, and the bound it keeps", () => {
  const bounds = { keepLines: 10_000, keepChars: 2 * 1024 * 1024 };
  assert.match(
    cutNote({ lines: 1, chars: 9 }, bounds, true),
    /✂ 1 line not shown: .* the last 10,000 lines\./,
  );
  assert.match(cutNote({ lines: 12_345, chars: 0 }, bounds, true), /✂ 12,345 lines not shown/);
  assert.match(
    cutNote({ lines: 0, chars: 5000 }, bounds, true),
    /✂ 5,000 characters not shown: .* the last 2\.0 MB\./,
  );
  assert.match(
    cutNote({ lines: 0, chars: 5 }, { keepLines: 1, keepChars: 100 }, true),
    /the last 100 characters\./,
  );
  assert.ok(cutNote({ lines: 1, chars: 1 }, bounds, false).startsWith(`${ESC}[0m\n`));
  assert.ok(cutNote({ lines: 1, chars: 1 }, bounds, true).startsWith(`${ESC}[0m${ESC}[90m`));
});
