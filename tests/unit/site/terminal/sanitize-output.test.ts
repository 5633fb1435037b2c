import assert from "node:assert/strict";
import { test } from "node:test";
import {
  endSanitize,
  INITIAL_SANITIZER_STATE,
  MAX_HELD,
  sanitize,
  type SanitizerState,
} from "../../../../src/sandbox-ui/terminal/sanitize-output.ts";

const ESC = "\u001b";
const MUTED = `${ESC}[0;90m`;
const OFF = `${ESC}[0m`;
/** How a neutralised sequence is written: muted, then the program's style again. */
const shown = (text: string, style = "") => `${MUTED}${text}${OFF}${style}`;

/** Feeds `chunks` one after the other, then ends the stream; returns all the output. */
function run(...chunks: string[]): string {
  let state: SanitizerState = INITIAL_SANITIZER_STATE;
  let out = "";
  for (const chunk of chunks) {
    const result = sanitize(state, chunk);
    out += result.text;
    state = result.state;
  }
  return out + endSanitize(state).text;
}

test("plain text, tabs, newlines and carriage returns pass unchanged", () => {
  assert.equal(run("hello\tworld\r\nnext\n"), "hello\tworld\r\nnext\n");
});

test("colours (SGR) and simple cursor movement and erase reach xterm", () => {
  const text = `${ESC}[31mred${ESC}[0m ${ESC}[1;38;5;208mbold${ESC}[m\r${ESC}[2K${ESC}[1A${ESC}[3G`;
  assert.equal(run(text), text);
});

test("a stray unterminated OSC shows its introducer and the text after it still appears", () => {
  assert.equal(run(`${ESC}]after garbage`), `${shown("␛]")}after garbage`);
  assert.equal(run(`${ESC}]after garbage\nnext`), `${shown("␛]")}after garbage\nnext`);
});

test("terminated OSC, DCS and APC strings are shown, not run, their content shortened", () => {
  assert.equal(run(`${ESC}]0;my title\u0007text`), `${shown("␛]0;my title␇")}text`);
  assert.equal(
    run(`${ESC}]7717;payi-event;{"v":1,"type":"call","seq":1}\u0007`),
    shown('␛]7717;payi-event;{"v":1,"…␇'),
  );
  assert.equal(run(`${ESC}Pq#0;2;0;0;0${ESC}\\after`), `${shown("␛Pq#0;2;0;0;0␛\\")}after`);
  assert.equal(run(`${ESC}_app${ESC}\\`), shown("␛_app␛\\"));
});

test("private, unknown and destructive sequences are shown, not run", () => {
  assert.equal(run(`${ESC}[?25l`), shown("␛[?25l"));
  assert.equal(run(`${ESC}[2J`), shown("␛[2J"));
  assert.equal(run(`${ESC}[3J`), shown("␛[3J"));
  assert.equal(run(`${ESC}[10;20H`), shown("␛[10;20H"));
  assert.equal(run(`${ESC}c`), shown("␛c"));
  assert.equal(run(`${ESC}(0x`), `${shown("␛(0")}x`);
});

test("other control characters and 8-bit C1 codes are shown as pictures", () => {
  assert.equal(run("a\u0000b\u000ec"), `a${shown("␀")}b${shown("␎")}c`);
  assert.equal(run("\u009b31mx"), `${shown("␛[")}31mx`);
  assert.equal(run("ring\u0007"), `ring${shown("␇")}`);
});

test("the program's colour comes back after a shown sequence", () => {
  const red = `${ESC}[31m`;
  assert.equal(
    run(`${red}red ${ESC}[?25l still red`),
    `${red}red ${shown("␛[?25l", red)} still red`,
  );
  // After a reset there is nothing to restore.
  assert.equal(run(`${red}x${ESC}[0m${ESC}c`), `${red}x${ESC}[0m${shown("␛c")}`);
});

test("a sequence cut between two writes is recognised whole", () => {
  assert.equal(run(`a${ESC}`, "[31mred"), `a${ESC}[31mred`);
  assert.equal(run(`a${ESC}[3`, "1mred"), `a${ESC}[31mred`);
  assert.equal(run(`${ESC}]0;ti`, "tle", "\u0007after"), `${shown("␛]0;title␇")}after`);
  assert.equal(run(`${ESC}]0;title${ESC}`, "\\after"), `${shown("␛]0;title␛\\")}after`);
});

test("only an incomplete sequence is held, and it is short", () => {
  const first = sanitize(INITIAL_SANITIZER_STATE, `done${ESC}[3`);
  assert.equal(first.text, "done");
  assert.equal(first.state.held, `${ESC}[3`);
  const plain = sanitize(INITIAL_SANITIZER_STATE, "no escapes here");
  assert.equal(plain.state.held, "");
});

test("a string that never ends is released at the length cap, its text kept", () => {
  const long = "x".repeat(MAX_HELD + 10);
  const result = sanitize(INITIAL_SANITIZER_STATE, `${ESC}]${long}`);
  assert.equal(result.text, `${shown("␛]")}${long}`);
  assert.equal(result.state.held, "");
});

test("an escape inside a string ends it as unterminated; what follows is read normally", () => {
  assert.equal(run(`${ESC}]title${ESC}[31mred`), `${shown("␛]")}title${ESC}[31mred`);
});

test("a malformed CSI (a newline inside) is shown and the newline kept", () => {
  assert.equal(run(`${ESC}[12\nnext`), `${shown("␛[12")}\nnext`);
});
