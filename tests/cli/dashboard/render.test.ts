import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bestSoFar, fmtDuration, fmtNum, rateLine, renderDashboard, renderStudyList, sparkline, trialListRows } from "../../../src/cli/dashboard/render.js";
import { scrollStep, splitKeys, useColor } from "../../../src/cli/dashboard/terminal.js";
import { CategoricalDistribution, createTrial, FloatDistribution, type FrozenTrial } from "../../../src/index.js";

const x = new FloatDistribution(0, 1000);
function trial(number: number, state: FrozenTrial["state"], value?: number, values?: number[]): FrozenTrial {
  const base = createTrial({
    state,
    ...(value !== undefined ? { value } : {}),
    ...(values !== undefined ? { values } : {}),
    params: { x: number },
    distributions: { x },
    datetimeStart: new Date(Date.UTC(2026, 0, 1, 12, 0, number)),
    ...(state === "RUNNING" || state === "WAITING" ? {} : { datetimeComplete: new Date(Date.UTC(2026, 0, 1, 12, 0, number + 1)) }),
  });
  return { ...base, number };
}

describe("terminal dashboard rendering", () => {
  const trials = [trial(0, "COMPLETE", 5), trial(1, "FAIL"), trial(2, "COMPLETE", 2), trial(3, "PRUNED", 9), trial(4, "RUNNING")];
  const now = new Date(Date.UTC(2026, 0, 1, 12, 1, 0));

  it("fits the terminal exactly and shows counts, best value, params and recent trials", () => {
    const lines = renderDashboard({ studyName: "demo", directions: ["minimize"], trials, now }, 80, 24);
    assert.equal(lines.length, 24);
    for (const l of lines) assert.ok([...l].length <= 80, `line too long: ${l}`);
    const text = lines.join("\n");
    assert.match(text, /parzen · demo · minimize/);
    assert.match(text, /trials 5 {2}complete 2 {2}pruned 1 {2}fail 1 {2}running 1 {2}waiting 0/);
    assert.match(text, /best 2 {2}\(trial #2\)/);
    assert.match(text, /x=2/);
    assert.match(text, /elapsed 1m00s/);
    // most recent first
    const rows = lines.filter((l) => /^[ *]\s*\d+ {2}[A-Z]/.test(l));
    assert.deepEqual(rows.map((l) => Number(l.replace("*", "").trim().split(/\s+/)[0])), [4, 3, 2, 1, 0]);
    // the best trial is marked, also without colour
    assert.match(rows[2] as string, /^\* +2 {2}COMPLETE/);
    assert.match(rows[0] as string, /RUNNING/);
  });

  it("adapts to a narrow, short terminal and to many trials", () => {
    const many = Array.from({ length: 500 }, (_, i) => trial(i, "COMPLETE", 1000 - i));
    const lines = renderDashboard({ studyName: "a-very-long-study-name-that-does-not-fit", directions: ["minimize"], trials: many, now }, 40, 12);
    assert.equal(lines.length, 12);
    for (const l of lines) assert.ok([...l].length <= 40);
  });

  it("computes best-so-far and a sparkline that falls as a minimized value improves", () => {
    assert.deepEqual(bestSoFar(trials, "minimize"), [5, 2]);
    assert.deepEqual(bestSoFar(trials, "maximize"), [5, 5]);
    assert.equal(sparkline([8, 4, 2, 1], 4), "█▄▂▁");
    assert.equal(sparkline([], 10), "");
    assert.equal(fmtDuration(125_000), "2m05s");
    assert.equal(fmtDuration(3_700_000), "1h01m");
  });

  it("shows the Pareto front for several objectives, and a study picker", () => {
    const mo = [trial(0, "COMPLETE", undefined, [1, 2]), trial(1, "COMPLETE", undefined, [2, 1]), trial(2, "COMPLETE", undefined, [3, 3])];
    const text = renderDashboard({ studyName: "mo", directions: ["minimize", "minimize"], trials: mo, now }, 80, 24).join("\n");
    assert.match(text, /Pareto front: 2 trials/);
    const list = renderStudyList(
      [{ studyName: "a", studyId: 0, directions: ["minimize"], userAttrs: {}, systemAttrs: {}, nTrials: 3 }],
      0,
      60,
      10,
    );
    assert.match(list[2] as string, /› {2}1\. a {2}minimize {2}3 trials/);
  });

  it("escapes control characters in study, parameter and category names", () => {
    const hostile = "\u001b]0;TITLE\u0007\u001b[2J";
    const cat = createTrial({ state: "COMPLETE", value: 1, params: { [`p${hostile}`]: `c${hostile}` }, distributions: { [`p${hostile}`]: new CategoricalDistribution([`c${hostile}`]) } });
    const lines = renderDashboard({ studyName: hostile, directions: ["minimize"], trials: [cat], now }, 80, 24);
    const text = lines.join("\n");
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    assert.match(text, /parzen · \\x1b\]0;TITLE\\x07\\x1b\[2J · minimize/);
    assert.match(text, /p\\x1b\]0;TITLE\\x07\\x1b\[2J=c\\x1b/);
    const list = renderStudyList([{ studyName: hostile, studyId: 0, directions: ["minimize"], userAttrs: {}, systemAttrs: {}, nTrials: 1 }], 0, 60, 5);
    assert.doesNotMatch(list.join("\n"), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it("colours states and the best trial only when asked, keeping the visible width", () => {
    const plain = renderDashboard({ studyName: "demo", directions: ["minimize"], trials, now }, 80, 24);
    assert.doesNotMatch(plain.join(""), /\x1b/);
    const coloured = renderDashboard({ studyName: "demo", directions: ["minimize"], trials, now }, 80, 24, { color: true });
    const strip = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, "");
    assert.deepEqual(coloured.map(strip), plain);
    const failRow = coloured.find((l) => strip(l).includes("FAIL    ")) as string;
    assert.match(failRow, /\x1b\[31mFAIL {4}\x1b\[0m/);
    const bestRow = coloured.find((l) => strip(l).startsWith("*")) as string;
    assert.match(bestRow, /\x1b\[1;33m\* +2 {2}\x1b\[0m\x1b\[32mCOMPLETE/);
    assert.equal(useColor({ isTTY: true }, {}), true);
    assert.equal(useColor({ isTTY: true }, { NO_COLOR: "1" }), false);
    assert.equal(useColor({ isTTY: true }, { NO_COLOR: "" }), true);
    assert.equal(useColor({ isTTY: false }, {}), false);
  });

  it("scrolls the trial list, newest first, and says which rows it shows", () => {
    const many = Array.from({ length: 100 }, (_, i) => trial(i, "COMPLETE", 1000 - i));
    const numbers = (lines: string[]) => lines.filter((l) => /^[ *]\s*\d+ {2}COMPLETE/.test(l)).map((l) => Number(l.replace("*", "").trim().split(/\s+/)[0]));
    const room = trialListRows(24);
    assert.equal(room, 14);
    const top = renderDashboard({ studyName: "s", directions: ["minimize"], trials: many, now }, 80, 24);
    assert.deepEqual(numbers(top), Array.from({ length: room }, (_, i) => 99 - i));
    assert.match(top[23] as string, /PgUp PgDn .* rows 1–14 of 100, newest first/);
    const down = renderDashboard({ studyName: "s", directions: ["minimize"], trials: many, now }, 80, 24, { scroll: 20 });
    assert.deepEqual(numbers(down), Array.from({ length: room }, (_, i) => 79 - i));
    assert.match(down[23] as string, /rows 21–34 of 100/);
    const end = renderDashboard({ studyName: "s", directions: ["minimize"], trials: many, now }, 80, 24, { scroll: 1e9 });
    assert.deepEqual(numbers(end), Array.from({ length: room }, (_, i) => room - 1 - i));
    const tall = renderDashboard({ studyName: "s", directions: ["minimize"], trials: many, now }, 80, 60);
    assert.equal(numbers(tall).length, 50);
  });

  it("shows every objective of a multi-objective trial in full", () => {
    const mo = [trial(0, "COMPLETE", undefined, [0.97123456, 1.7345678, 12345.678]), trial(1, "COMPLETE", undefined, [2, 1, 3])];
    const lines = renderDashboard({ studyName: "mo", directions: ["minimize", "minimize", "maximize"], trials: mo, now }, 80, 24);
    const row = lines.find((l) => /^[ *]\s+0 {2}COMPLETE/.test(l)) as string;
    assert.match(row, /0\.971235 1\.73457 12345\.7/);
    assert.doesNotMatch(row, /…/);
    assert.match(lines.join("\n"), /Pareto front: 2 trials/);
  });

  it("gives a sensible rate line for a live and a finished study", () => {
    assert.match(rateLine(trials, now), /^elapsed 1m00s · 4\.0 trials\/min$/);
    const fast = [0, 1, 2].map((i) => {
      const t = trial(i, "COMPLETE", i);
      return { ...t, datetimeStart: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, i * 10)), datetimeComplete: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, i * 10 + 5)) };
    });
    // 3 trials in 25 ms: no "432000.0 trials/min"
    assert.equal(rateLine(fast, now), "finished · 3 trials in 25ms · last 2026-01-01 12:00:00 UTC");
    const done = trials.filter((t) => t.state !== "RUNNING");
    assert.equal(rateLine(done, now), "finished · 4 trials in 4.0s (60.0 trials/min) · last 2026-01-01 12:00:04 UTC");
    assert.equal(rateLine([], now), "no trial yet");
  });
});

describe("terminal dashboard keys", () => {
  it("splits a chunk of fast keys into sequences and maps the scroll keys", () => {
    assert.deepEqual(splitKeys("\x1b[B\x1b[B\x1bOBjq"), ["\x1b[B", "\x1b[B", "\x1bOB", "j", "q"]);
    assert.deepEqual(splitKeys("\x1b[5~\x1b[6~\x1b"), ["\x1b[5~", "\x1b[6~", "\x1b"]);
    assert.equal(scrollStep("\x1b[B", 10), 1);
    assert.equal(scrollStep("\x1bOA", 10), -1);
    assert.equal(scrollStep("\x1b[6~", 10), 10);
    assert.equal(scrollStep("\x1b[H", 10), -Infinity);
    assert.equal(scrollStep("G", 10), Infinity);
    assert.equal(scrollStep("constructor", 10), undefined);
    assert.equal(fmtNum(4.19195e-6, 14), "4.1919e-6");
  });
});
