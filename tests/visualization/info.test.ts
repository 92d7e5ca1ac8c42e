import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type CreateTrialOptions, InvalidArgumentError } from "../../src/index.js";
import {
  getContourInfo,
  getEdfInfo,
  getIntermediateValuesInfo,
  getOptimizationHistoryInfo,
  getParallelCoordinateInfo,
  getParamImportancesInfo,
  getParetoFrontInfo,
  getRankInfo,
  getSliceInfo,
  getTimelineInfo,
  plotParallelCoordinate,
} from "../../src/visualization/index.js";
import { BASE, paretoStudy, smallStudy, studyWith, X } from "./helpers.js";

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

describe("plot data of small hand-built studies", () => {
  test("optimization history: COMPLETE trials only, best value so far", async () => {
    const info = getOptimizationHistoryInfo(await smallStudy());
    assert.equal(info.direction, "minimize");
    const s = info.series[0];
    assert.deepEqual(s?.points.map((p) => [p.number, p.value]), [[0, 5], [1, 3], [4, 4]]);
    assert.deepEqual(s?.best?.map((p) => p.value), [5, 3, 3]);
    const max = getOptimizationHistoryInfo(await smallStudy("maximize"));
    assert.deepEqual(max.series[0]?.best?.map((p) => p.value), [5, 5, 5]);
  });

  test("optimization history: a custom target has no best line; infeasible trials do not improve the best", async () => {
    const custom = getOptimizationHistoryInfo(await smallStudy(), { target: (t) => -(t.value as number), targetName: "neg" });
    assert.equal(custom.targetName, "neg");
    assert.equal(custom.series[0]?.best, undefined);
    assert.deepEqual(custom.series[0]?.points.map((p) => p.value), [-5, -3, -4]);
    const d = { x: X };
    const study = await studyWith([
      { params: { x: 1 }, distributions: d, value: 5 },
      { params: { x: 2 }, distributions: d, value: 1, systemAttrs: { constraints: [0.5] } },
      { params: { x: 3 }, distributions: d, value: 4 },
    ]);
    const info = getOptimizationHistoryInfo(study);
    assert.deepEqual(info.series[0]?.points.map((p) => p.feasible), [true, false, true]);
    assert.deepEqual(info.series[0]?.best?.map((p) => p.value), [5, 5, 4]);
  });

  test("optimization history with errorBar: mean and std across studies per trial number", async () => {
    const d = { x: X };
    const a = await studyWith([{ params: { x: 1 }, distributions: d, value: 1 }, { params: { x: 1 }, distributions: d, value: 3 }], ["minimize"], "a");
    const b = await studyWith([{ params: { x: 1 }, distributions: d, value: 3 }, { params: { x: 1 }, distributions: d, value: 1 }], ["minimize"], "b");
    const info = getOptimizationHistoryInfo([a, b], { errorBar: true });
    assert.equal(info.series.length, 2);
    assert.deepEqual(info.errorBar?.values, [{ number: 0, mean: 2, std: 1 }, { number: 1, mean: 2, std: 1 }]);
    assert.deepEqual(info.errorBar?.best, [{ number: 0, mean: 2, std: 1 }, { number: 1, mean: 1, std: 0 }]);
  });

  test("multi-objective studies need a target", async () => {
    const study = await paretoStudy();
    assert.throws(() => getOptimizationHistoryInfo(study), InvalidArgumentError);
    assert.throws(() => getSliceInfo(study), InvalidArgumentError);
    const info = getSliceInfo(study, { target: (t) => (t.values as number[])[1] as number });
    assert.deepEqual(info.panels[0]?.points.map((p) => p.value), [4, 2, 3, 1, 0]);
  });

  test("slice: one panel per parameter, sorted; categorical labels; unknown params rejected", async () => {
    const study = await smallStudy();
    const info = getSliceInfo(study);
    assert.deepEqual(info.panels.map((p) => [p.axis.name, p.axis.scale]), [["c", "categorical"], ["x", "linear"]]);
    assert.deepEqual(info.panels[0]?.axis.categories, ["a", "b"]);
    assert.deepEqual(info.panels[0]?.points.map((p) => p.label), ["a", "b", "b"]);
    assert.deepEqual(info.panels[1]?.points.map((p) => [p.number, p.x, p.value]), [[0, 1, 5], [1, 2, 3], [4, 5, 4]]);
    assert.throws(() => getSliceInfo(study, { params: ["nope"] }), InvalidArgumentError);
  });

  test("parallel coordinate: axes and each line's positions in [0, 1]", async () => {
    const info = getParallelCoordinateInfo(await smallStudy());
    assert.deepEqual(info.axes.map((a) => [a.label, a.kind]), [["Objective Value", "objective"], ["c", "categorical"], ["x", "linear"]]);
    const byNumber = new Map(info.lines.map((l) => [l.number, l.pos]));
    assert.deepEqual(byNumber.get(0), [1, 0, 0]);
    assert.deepEqual(byNumber.get(1), [0, 1, 0.25]);
    assert.deepEqual(byNumber.get(4), [0.5, 1, 1]);
    assert.equal(info.lines.at(-1)?.number, 1, "the best line is drawn last");
    assert.deepEqual(info.axes[1]?.ticks, [{ pos: 0, label: "a" }, { pos: 1, label: "b" }]);
  });

  test("parallel coordinate: more trials than maxLines are subsampled evenly", async () => {
    const d = { x: X };
    const study = await studyWith(Array.from({ length: 30 }, (_, i) => ({ params: { x: i / 3 }, distributions: d, value: i })));
    const info = getParallelCoordinateInfo(study, { maxLines: 10 });
    assert.equal(info.nEligible, 30);
    assert.deepEqual(info.lines.map((l) => l.number).sort((a, b) => a - b), [0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  test("parallel coordinate: says how many trials lack a conditional parameter", async () => {
    const trials = Array.from({ length: 10 }, (_, i): CreateTrialOptions => (i < 3 ? { params: { x: i, d: i }, distributions: { x: X, d: X }, value: i } : { params: { x: i }, distributions: { x: X }, value: i }));
    const study = await studyWith(trials);
    const info = getParallelCoordinateInfo(study);
    assert.equal(info.nEligible, 3);
    assert.deepEqual(info.skipped, { n: 7, lacking: Object.assign(Object.create(null), { d: 7 }) });
    const spec = plotParallelCoordinate(study) as { title: { subtitle: string } };
    assert.equal(spec.title.subtitle, "3 trials; left out: 7 COMPLETE trials lack d (choose fewer parameters to include them); colour = Objective Value");
    assert.equal(getParallelCoordinateInfo(study, { params: ["x"] }).skipped?.n, 0);
  });

  test("contour: a categorical × numeric grid holding the best value of each observed cell", async () => {
    const info = getContourInfo(await smallStudy(), { gridSize: 4 });
    assert.deepEqual(info.params, ["c", "x"]);
    const p = info.panels[1]?.[0];
    assert.ok(p);
    assert.equal(p.x.name, "c");
    assert.equal(p.y.name, "x");
    assert.equal(p.cells.length, 2 * 4);
    const observed = p.cells.filter((c) => c.observed).map((c) => [c.xc, c.y0, c.value]);
    // x in [1, 5] cut into 4 cells of width 1: x=1 → cell 0, x=2 → cell 1, x=5 → cell 3.
    assert.deepEqual(observed, [["a", 1, 5], ["b", 2, 3], ["b", 4, 4]]);
    for (const c of p.cells) assert.ok(c.value >= 3 && c.value <= 5);
    assert.equal(info.panels[0]?.[0], null);
  });

  test("rank: ranks in [0, 1] and quantile labels", async () => {
    const info = getRankInfo(await smallStudy());
    const pts = info.panels[1]?.[0]?.points ?? [];
    assert.deepEqual(pts.map((p) => [p.number, p.rank]), [[0, 1], [1, 0], [4, 0.5]]);
    assert.deepEqual(info.quantiles.map((q) => q.value), [3, 4, 4, 5, 5]);
    const one = getRankInfo(await smallStudy(), { params: ["x"] });
    assert.equal(one.panels[0]?.[0]?.y, null);
    assert.deepEqual(one.panels[0]?.[0]?.points.map((p) => [p.x, p.y]), [[1, 5], [2, 3], [5, 4]]);
  });

  test("EDF: 100 points from the smallest to the largest value, cumulative shares", async () => {
    const info = getEdfInfo(await smallStudy());
    assert.equal(info.xs.length, 100);
    assert.equal(info.xs[0], 3);
    assert.equal(info.xs[99], 5);
    const ys = info.lines[0]?.ys ?? [];
    close(ys[0] as number, 1 / 3);
    close(ys[50] as number, 2 / 3);
    close(ys[99] as number, 1);
  });

  test("intermediate values: COMPLETE, PRUNED and RUNNING trials with reports", async () => {
    const info = getIntermediateValuesInfo(await smallStudy());
    assert.deepEqual(info.curves, [
      { number: 3, state: "PRUNED", points: [{ step: 0, value: 9 }, { step: 1, value: 8 }] },
      { number: 4, state: "COMPLETE", points: [{ step: 0, value: 6 }, { step: 1, value: 4 }] },
    ]);
  });

  test("timeline: one bar per started trial, RUNNING until now", async () => {
    const d = { x: X };
    const study = await studyWith([
      { params: { x: 1 }, distributions: d, value: 1 },
      { state: "FAIL" },
      { state: "RUNNING" },
      { params: { x: 1 }, distributions: d, value: 0, systemAttrs: { constraints: [2] } },
    ]);
    const info = getTimelineInfo(study, { now: new Date(BASE + 10_000) });
    assert.deepEqual(info.bars, [
      { number: 0, state: "COMPLETE", start: BASE, end: BASE + 500 },
      { number: 1, state: "FAIL", start: BASE + 1000, end: BASE + 1500 },
      { number: 2, state: "RUNNING", start: BASE + 2000, end: BASE + 10_000 },
      { number: 3, state: "INFEASIBLE", start: BASE + 3000, end: BASE + 3500 },
    ]);
    assert.deepEqual(getTimelineInfo(study, { nRecentTrials: 2 }).bars.map((b) => b.number), [2, 3]);
  });

  test("Pareto front: optimal, dominated and infeasible trials", async () => {
    const info = getParetoFrontInfo(await paretoStudy());
    assert.deepEqual(info.best.map((p) => p.number), [0, 1, 3]);
    assert.deepEqual(info.dominated.map((p) => p.number), [2]);
    assert.deepEqual(info.infeasible.map((p) => p.number), [4]);
    assert.deepEqual(info.targetNames, ["Objective 0", "Objective 1"]);
    const single = await smallStudy();
    assert.throws(() => getParetoFrontInfo(single), InvalidArgumentError);
    const only = getParetoFrontInfo(await paretoStudy(), { includeDominatedTrials: false });
    assert.deepEqual(only.dominated, []);
  });

  test("param importances: bars in descending order summing to 1; fewer than 2 trials give a note", async () => {
    const info = getParamImportancesInfo(await smallStudy());
    const imps = info.series[0]?.importances ?? [];
    assert.deepEqual(imps.map((i) => i.param).sort(), ["c", "x"]);
    close(imps.reduce((a, i) => a + i.importance, 0), 1);
    assert.ok((imps[0]?.importance as number) >= (imps[1]?.importance as number));
    const empty = getParamImportancesInfo(await studyWith([]));
    assert.deepEqual(empty.series, []);
    assert.match(empty.note ?? "", /No COMPLETE/);
    const mo = getParamImportancesInfo(await paretoStudy());
    assert.deepEqual(mo.series.map((s) => s.name), ["Objective 0", "Objective 1"]);
  });
});
