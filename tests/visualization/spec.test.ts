/**
 * What the specs promise beyond the data: log axes for log parameters, categorical axes in the
 * distribution's order (numeric-like choices sorted), no user text in field names.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CategoricalDistribution, FloatDistribution, IntDistribution } from "../../src/index.js";
import { getParallelCoordinateInfo, plotContour, plotSlice } from "../../src/visualization/index.js";
import { studyWith } from "./helpers.js";

/** Every object in a spec, depth first. */
function* walk(v: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(v)) for (const x of v) yield* walk(x);
  else if (v && typeof v === "object") {
    yield v as Record<string, unknown>;
    for (const x of Object.values(v)) yield* walk(x);
  }
}

async function spaceStudy() {
  const d = {
    lr: new FloatDistribution(1e-5, 1e-1, { log: true }),
    units: new IntDistribution(1, 64, { log: true }),
    batch: new CategoricalDistribution([128, 16, 64]),
    "a.b[0]": new FloatDistribution(0, 1),
  };
  return studyWith(
    [0, 1, 2, 3].map((i) => ({
      params: { lr: 10 ** -(i + 1), units: 2 ** i, batch: [128, 16, 64][i % 3] as number, "a.b[0]": i / 4 },
      distributions: d,
      value: i,
    })),
  );
}

describe("spec shape", () => {
  test("slice: log scales for log parameters, a sorted category axis for numeric choices", async () => {
    const spec = plotSlice(await spaceStudy());
    const xs = [...walk(spec)].filter((o) => o.x && typeof o.x === "object").map((o) => o.x as Record<string, unknown>);
    const byTitle = new Map(xs.map((x) => [x.title, x]));
    assert.equal((byTitle.get("lr")?.scale as Record<string, unknown>).type, "log");
    assert.equal((byTitle.get("units")?.scale as Record<string, unknown>).type, "log");
    const batch = byTitle.get("batch") as Record<string, unknown>;
    assert.equal(batch.type, "nominal");
    assert.deepEqual((batch.scale as Record<string, unknown>).domain, ["16", "64", "128"]);
    assert.equal(byTitle.get("a.b[0]")?.field, "x", "a parameter name is a title, never a field");
  });

  test("no field name or expression carries user text", async () => {
    for (const spec of [plotSlice(await spaceStudy()), plotContour(await spaceStudy())]) {
      for (const o of walk(spec)) {
        if (typeof o.field === "string") assert.match(o.field, /^[a-z0-9]+$/i, `field ${o.field}`);
        for (const k of ["expr", "calculate", "labelExpr", "test"]) {
          if (typeof o[k] === "string") assert.ok(!(o[k] as string).includes("a.b[0]"), `${k}: ${o[k]}`);
        }
      }
    }
  });

  test("parallel coordinate: decade ticks on log axes, numeric choices sorted", async () => {
    const info = getParallelCoordinateInfo(await spaceStudy());
    const lr = info.axes.find((a) => a.label === "lr");
    assert.deepEqual(lr?.ticks.map((t) => t.label), ["1e-4", "0.001", "0.01", "0.1"]);
    assert.deepEqual(lr?.ticks.map((t) => Number(t.pos.toFixed(6))), [0, 1 / 3, 2 / 3, 1].map((v) => Number(v.toFixed(6))));
    assert.deepEqual(info.axes.find((a) => a.label === "batch")?.ticks.map((t) => t.label), ["16", "64", "128"]);
  });
});
