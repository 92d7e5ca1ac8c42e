import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bestSoFar, fmtDuration, renderDashboard, renderStudyList, sparkline } from "../../../src/cli/dashboard/render.js";
import { createTrial, FloatDistribution, type FrozenTrial } from "../../../src/index.js";

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
    const rows = lines.filter((l) => /^\s+\d+ {2}[A-Z]/.test(l));
    assert.deepEqual(rows.map((l) => Number(l.trim().split(/\s+/)[0])), [4, 3, 2, 1, 0]);
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
});
