import assert from "node:assert/strict";
import { test } from "node:test";
import type { SpendCounts } from "../../../../shared/calls/summarize.ts";
import {
  countsText,
  cutText,
  emptyText,
  endMessage,
  endNoteText,
  normalizeRunState,
  outcomeWord,
  stateLine,
  type Run,
} from "../../../../src/sandbox-ui/live-panel/run-status.ts";

const NONE = { calls: 0, uncaptured: 0 };

function totals(spendUsd: number, unpricedCalls = 0): SpendCounts {
  return {
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    spendUsd,
    pricedCalls: 0,
    unpricedCalls,
    errors: 0,
  };
}

test("normalizeRunState: the first panel's strings and RunStates alike", () => {
  assert.deepEqual(normalizeRunState("idle"), { phase: "idle" });
  assert.deepEqual(normalizeRunState("running"), { phase: "running" });
  assert.deepEqual(normalizeRunState("finished"), {
    phase: "ended",
    end: { outcome: "finished", text: "" },
  });
  assert.deepEqual(normalizeRunState("failed"), {
    phase: "ended",
    end: { outcome: "failed", text: "" },
  });
  assert.deepEqual(
    normalizeRunState({ phase: "ended", outcome: "exited", exitCode: 2, text: "Exited." }),
    { phase: "ended", end: { outcome: "exited", exitCode: 2, text: "Exited." } },
  );
  assert.deepEqual(normalizeRunState({ phase: "ended", outcome: "stopped", text: "" }), {
    phase: "ended",
    end: { outcome: "stopped", text: "" },
  });
});

test("outcomeWord: in the terminal's words", () => {
  assert.equal(outcomeWord({ outcome: "exited", exitCode: 2, text: "" }), "Exited with code 2");
  assert.equal(outcomeWord({ outcome: "exited", text: "" }), "Exited");
  assert.equal(outcomeWord({ outcome: "timed-out", text: "" }), "Timed out");
  assert.equal(outcomeWord({ outcome: "failed", text: "" }), "Failed");
});

test("countsText: uncaptured calls only when there are some", () => {
  assert.equal(countsText({ calls: 1, uncaptured: 0 }), "1 instrumented call");
  assert.equal(
    countsText({ calls: 1200, uncaptured: 3 }),
    "1,200 instrumented calls, 3 not captured",
  );
});

test("endNoteText: the runner's sentence unless it only repeats the outcome", () => {
  assert.equal(endNoteText(undefined), "");
  assert.equal(endNoteText({ outcome: "stopped", text: "Stopped." }), "");
  assert.equal(
    endNoteText({ outcome: "stopped", text: "The program did not finish within 30 s." }),
    "The program did not finish within 30 s.",
  );
});

test("endMessage: how it ended, the calls and the spend, then the runner's note", () => {
  const stopped = { outcome: "stopped" as const, text: "The program did not finish." };
  assert.equal(
    endMessage(stopped, NONE, totals(0)),
    "Stopped: no OpenAI calls. The program did not finish.",
  );
  assert.equal(
    endMessage(undefined, { calls: 2, uncaptured: 1 }, totals(0.5, 1)),
    "Finished: 2 instrumented calls, 1 not captured, $0.50 spent, plus 1 unpriced call.",
  );
  assert.equal(
    endMessage({ outcome: "finished", text: "" }, { calls: 0, uncaptured: 2 }, totals(0)),
    "Finished: 0 instrumented calls, 2 not captured, $0.00 spent.",
  );
});

test("emptyText and stateLine follow the run's phase", () => {
  const idle: Run = { phase: "idle" };
  const running: Run = { phase: "running" };
  const crashed: Run = { phase: "ended", end: { outcome: "crashed", text: "" } };
  const finished: Run = { phase: "ended", end: { outcome: "finished", text: "" } };
  assert.equal(emptyText(idle), "Run the example to see how each call is tagged.");
  assert.equal(emptyText(running), "Waiting for the first call…");
  assert.equal(emptyText(finished), "The program finished without making an OpenAI call.");
  assert.equal(emptyText(crashed), "Crashed before making an OpenAI call.");

  assert.deepEqual(stateLine(idle, NONE), { text: "", state: "idle" });
  assert.deepEqual(stateLine(running, NONE), { text: "Running", state: "running" });
  assert.deepEqual(stateLine(running, { calls: 3, uncaptured: 0 }), {
    text: "Running · 3 instrumented calls",
    state: "running",
  });
  assert.deepEqual(stateLine(crashed, { calls: 1, uncaptured: 1 }), {
    text: "Crashed · 1 instrumented call, 1 not captured",
    state: "crashed",
  });
  assert.deepEqual(stateLine(idle, { calls: 2, uncaptured: 0 }), {
    text: "2 instrumented calls",
    state: "idle",
  });
  assert.deepEqual(stateLine({ phase: "ended" }, NONE), { text: "", state: "ended" });
});

test("cutText: how many calls are counted but not listed", () => {
  assert.equal(
    cutText(1, 20_000),
    "Only the first 20,000 calls are listed: 1 later call is not shown here but counted in the spend per user below.",
  );
  assert.match(cutText(1500, 20_000), /: 1,500 later calls are not shown here/);
});
