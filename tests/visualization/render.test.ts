import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { compile } from "vega-lite";
import {
  CategoricalDistribution,
  captureWarnings,
  createTrial,
  FloatDistribution,
  type FrozenTrial,
  IntDistribution,
  type Study,
} from "../../src/index.js";
import { Rng } from "../../src/random/rng.js";
import {
  plotContour,
  plotEdf,
  plotIntermediateValues,
  plotOptimizationHistory,
  plotParallelCoordinate,
  plotParamImportances,
  plotParetoFront,
  plotRank,
  plotSlice,
  plotTimeline,
  type PlotSpec,
  type PlotStudy,
  toPNG,
  toSVG,
} from "../../src/visualization/index.js";
import { mixedStudy, paretoStudy, studyWith } from "./helpers.js";

/** Compiles with Vega-Lite and returns its warnings (there should be none). */
function compileWarnings(spec: PlotSpec): string[] {
  const warns: string[] = [];
  const logger = {
    level() {
      return logger;
    },
    error(...a: unknown[]) {
      warns.push(`error: ${a.join(" ")}`);
      return logger;
    },
    warn(...a: unknown[]) {
      warns.push(a.join(" "));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  compile(spec, { logger: logger as never });
  return warns;
}

type Maker = (s: PlotStudy) => PlotSpec;
const SINGLE: Record<string, [string, Maker]> = {
  history: ["Optimization History", (s) => plotOptimizationHistory(s)],
  historyErrorBar: ["Optimization History", (s) => plotOptimizationHistory([s, s], { errorBar: true })],
  slice: ["Slice Plot", (s) => plotSlice(s)],
  importances: ["Hyperparameter Importances", (s) => plotParamImportances(s)],
  parallel: ["Parallel Coordinate Plot", (s) => plotParallelCoordinate(s)],
  contour: ["Contour Plot", (s) => plotContour(s)],
  edf: ["Empirical Distribution Function", (s) => plotEdf([s, s])],
  intermediate: ["Intermediate Values", (s) => plotIntermediateValues(s)],
  timeline: ["Timeline Plot", (s) => plotTimeline(s)],
  rank: ["Rank Plot", (s) => plotRank(s)],
};

async function checkRenders(name: string, titleText: string, spec: PlotSpec): Promise<string> {
  assert.deepEqual(compileWarnings(spec), [], `${name} compiles without warnings`);
  const { result: svg, warnings } = await captureWarnings(() => toSVG(spec));
  assert.deepEqual(warnings, [], `${name} renders without warnings`);
  assert.match(svg, /^<svg/);
  assert.ok(svg.includes(titleText), `${name}: the SVG holds its title "${titleText}"`);
  return svg;
}

describe("every plot compiles with Vega-Lite and renders to SVG with its title", () => {
  let study: Study;
  before(async () => {
    study = await mixedStudy(40, 3);
  });
  for (const [name, [titleText, make]] of Object.entries(SINGLE)) {
    test(name, async () => {
      await checkRenders(name, titleText, make(study));
    });
  }
  test("pareto front (2 and 3 objectives)", async () => {
    await checkRenders("pareto", "Pareto-front Plot", plotParetoFront(await paretoStudy()));
    const d = { x: new FloatDistribution(0, 1) };
    const three = await studyWith(
      [0, 1, 2, 3].map((i) => ({ params: { x: i / 4 }, distributions: d, values: [i, 3 - i, (i * 7) % 4] })),
      ["minimize", "maximize", "minimize"],
    );
    await checkRenders("pareto3", "Pareto-front Plot", plotParetoFront(three));
  });
  test("several studies: history with one series each, EDF with one line each", async () => {
    const other = await mixedStudy(20, 4, "other");
    const svg = await checkRenders("history2", "Optimization History", plotOptimizationHistory([study, other]));
    assert.ok(svg.includes("Best Value of other"));
    await checkRenders("edf2", "Empirical Distribution Function", plotEdf([study, other]));
  });
  test("multi-objective importances: one bar per objective", async () => {
    await checkRenders("importances-mo", "Hyperparameter Importances", plotParamImportances(await paretoStudy()));
  });
  test("toPNG gives a PNG at the asked scale", async () => {
    const spec = plotEdf(study);
    const svg = await toSVG(spec);
    const width = Number(/width="(\d+(\.\d+)?)"/.exec(svg)?.[1]);
    const png = await toPNG(spec, { scale: 2 });
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), Math.round(width * 2));
    await assert.rejects(toPNG(spec, { scale: 0 }), /scale/);
  });
  test("toPNG draws text (resvg drops it silently without font files)", async () => {
    const spec = plotEdf(study);
    const withText = await toPNG(spec, { scale: 1 });
    const noFonts = await toPNG(spec, { scale: 1, fontFiles: [] });
    // The same SVG; with no font resvg leaves every text out, and the image compresses far better.
    assert.ok(withText.length > noFonts.length * 1.5, `${withText.length} vs ${noFonts.length} bytes`);
  });
});

describe("edge cases", () => {
  test("a study with one trial: every plot still draws", async () => {
    const d = { x: new FloatDistribution(0, 1), k: new CategoricalDistribution(["p", "q"]) };
    const one = await studyWith([{ params: { x: 0.5, k: "q" }, distributions: d, value: 2, intermediateValues: { 0: 3, 1: 2 } }]);
    for (const [name, [titleText, make]] of Object.entries(SINGLE)) await checkRenders(`${name} (1 trial)`, titleText, make(one));
  });

  test("an empty study: every plot still draws and says so", async () => {
    const empty = await studyWith([]);
    for (const [name, [titleText, make]] of Object.entries(SINGLE)) await checkRenders(`${name} (empty)`, titleText, make(empty));
  });

  test("HTML and quotes in study, parameter and choice names stay text", async () => {
    const evil = '</script><b onmouseover="x">a.b[0]</b>';
    const d = { [evil]: new FloatDistribution(0, 1), "it's": new CategoricalDistribution(['<i>"c"</i>', "d&e"]), n: new IntDistribution(1, 3) };
    const rng = new Rng(2);
    const trials = Array.from({ length: 12 }, (_, i) => ({
      params: { [evil]: rng.random(), "it's": i % 2 ? '<i>"c"</i>' : "d&e", n: 1 + (i % 3) },
      distributions: d,
      value: rng.random(),
      intermediateValues: { 0: 1, 1: 0.5 },
    }));
    const study = await studyWith(trials, ["minimize"], `<script>alert("s")</script>`);
    for (const [name, [titleText, make]] of Object.entries(SINGLE)) {
      const svg = await checkRenders(`${name} (escaping)`, titleText, make(study));
      assert.ok(!svg.includes("<b ") && !svg.includes("<script") && !svg.includes("<i>"), `${name}: no raw markup from names`);
    }
    const svg = await toSVG(plotSlice(study));
    assert.ok(svg.includes("&lt;/script&gt;&lt;b onmouseover"), "the parameter name is drawn as text");
    assert.ok(svg.includes("&lt;i&gt;") && svg.includes("d&amp;e"), "choices are drawn as text");
  });

  test("10,000 trials: every plot is built and compiled quickly, and scatters are capped", async () => {
    const rng = new Rng(3);
    const d = {
      x: new FloatDistribution(-10, 10),
      lr: new FloatDistribution(1e-5, 1e-1, { log: true }),
      n: new IntDistribution(1, 8),
      opt: new CategoricalDistribution(["sgd", "adam", "rmsprop"]),
    };
    const trials: FrozenTrial[] = [];
    for (let i = 0; i < 10_000; i++) {
      const p = { x: rng.uniform(-10, 10), lr: Math.exp(rng.uniform(Math.log(1e-5), Math.log(1e-1))), n: 1 + rng.int(8), opt: rng.choice(["sgd", "adam", "rmsprop"]) };
      const v = (p.x - 2) ** 2 / 10 + Math.abs(Math.log10(p.lr) + 3) + p.n * 0.2;
      const t = createTrial({
        params: p,
        distributions: d,
        value: v,
        intermediateValues: { 0: v + 2, 1: v },
        datetimeStart: new Date(1e12 + i * 1000),
        datetimeComplete: new Date(1e12 + i * 1000 + 700),
      });
      trials.push({ ...t, number: i, trialId: i });
    }
    // A plain object is enough: plots read directions and getTrials only.
    const big: PlotStudy = { studyName: "big", directions: ["minimize"], getTrials: (o) => (o?.states ? trials.filter((t) => o.states?.includes(t.state)) : trials) };
    const sizes: Record<string, number> = {};
    for (const [name, [, make]] of Object.entries(SINGLE)) {
      if (name === "importances") continue; // fANOVA is covered in tests/importance
      const spec = make(big);
      assert.deepEqual(compileWarnings(spec), [], name);
      sizes[name] = JSON.stringify(spec).length;
    }
    for (const name of ["slice", "contour", "rank", "parallel", "intermediate"]) {
      assert.ok((sizes[name] as number) < 2.5e6, `${name} spec is ${sizes[name]} bytes`);
    }
    const svg = await toSVG(plotSlice(big));
    assert.ok(svg.includes("2000 shown"));
  });
});
