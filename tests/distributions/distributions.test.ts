import assert from "node:assert/strict";
import * as messages from "../../src/messages.js";
import { describe, it } from "node:test";
import {
  CategoricalDistribution,
  captureWarnings,
  distributionContains,
  distributionFromJson,
  distributionToJson,
  FloatDistribution,
  IncompatibleDistributionError,
  IntDistribution,
  InvalidDistributionError,
  isSingle,
  distributionsEqual,
  toExternal,
  toInternal,
  type Distribution,
} from "../../src/index.js";
import { assertCompatible } from "../../src/distributions/ops.js";
import { Rng } from "../../src/random/rng.js";

describe("distribution constructors", () => {
  it("reject bad float arguments with messages that quote the values", () => {
    assert.throws(() => new FloatDistribution(2, 1), (e: Error) => e instanceof InvalidDistributionError && /low=2, high=1/.test(e.message));
    assert.throws(() => new FloatDistribution(0, 1, { log: true }), /low > 0/);
    assert.throws(() => new FloatDistribution(1, 2, { log: true, step: 0.1 }), /step.*log/);
    assert.throws(() => new FloatDistribution(0, 1, { step: 0 }), /step > 0/);
    assert.throws(() => new FloatDistribution(Number.NaN, 1), /finite/);
    assert.throws(() => new FloatDistribution(0, Number.POSITIVE_INFINITY), /finite/);
  });

  it("reject bad int arguments", () => {
    assert.throws(() => new IntDistribution(0.5, 3), /integer/);
    assert.throws(() => new IntDistribution(0, 10, { log: true }), /low >= 1/);
    assert.throws(() => new IntDistribution(1, 10, { log: true, step: 2 }), /step.*1/);
    assert.throws(() => new IntDistribution(5, 1), /low <= high/);
    assert.throws(() => new IntDistribution(0, 4, { step: 0 }), /step > 0/);
  });

  it("reject empty or unstorable categorical choices", () => {
    assert.throws(() => new CategoricalDistribution([]), InvalidDistributionError);
    assert.throws(() => new CategoricalDistribution([{} as never]), InvalidDistributionError);
  });

  it("lower high onto the step grid with a warning, in exact decimal arithmetic", async () => {
    const { result, warnings } = await captureWarnings(() => new FloatDistribution(0, 1, { step: 0.3 }));
    assert.equal(result.high, 0.9);
    assert.deepEqual(warnings, [messages.rangeNotDivisible("FloatDistribution", 0, 1, 0.3, 0.9)]);
    const exact = await captureWarnings(() => new FloatDistribution(0.1, 0.3, { step: 0.1 }));
    assert.equal(exact.result.high, 0.3);
    assert.equal(exact.warnings.length, 0);
    const int = await captureWarnings(() => new IntDistribution(0, 10, { step: 3 }));
    assert.equal(int.result.high, 9);
    assert.equal(int.warnings.length, 1);
  });

  it("are immutable", () => {
    const d = new FloatDistribution(0, 1);
    assert.throws(() => {
      (d as { low: number }).low = 5;
    });
    assert.equal(Object.isFrozen(new CategoricalDistribution(["a"]).choices), true);
  });
});

describe("representations", () => {
  it("map categorical values to indices and back", () => {
    const d = new CategoricalDistribution(["a", 1, true, null]);
    assert.equal(toInternal(d, null), 3);
    assert.equal(toExternal(d, 2), true);
    assert.throws(() => toInternal(d, "zz"), /not one of the choices/);
  });

  it("round-trip many seeded random values through internal form and JSON", () => {
    const rng = new Rng(7);
    for (let i = 0; i < 500; i++) {
      const low = Math.round(rng.uniform(-100, 100));
      const span = Math.round(rng.uniform(0, 50));
      const kind = rng.int(5);
      let d: Distribution;
      if (kind === 0) d = new FloatDistribution(low, low + span);
      else if (kind === 1) d = new FloatDistribution(Math.abs(low) + 1, Math.abs(low) + 1 + span, { log: true });
      else if (kind === 2) d = new IntDistribution(low, low + span, { step: 1 + rng.int(3) });
      else if (kind === 3) d = new IntDistribution(Math.abs(low) + 1, Math.abs(low) + 1 + span, { log: true });
      else d = new CategoricalDistribution(["x", 2, false, null].slice(0, 1 + rng.int(4)));
      const back = distributionFromJson(distributionToJson(d));
      assert.ok(distributionsEqual(d, back), `JSON round trip of ${distributionToJson(d)}`);
      let v: number | string | boolean | null;
      if (d.type === "categorical") v = d.choices[rng.int(d.choices.length)] ?? null;
      else if (d.type === "int") v = d.low + d.step * rng.int(Math.floor((d.high - d.low) / d.step) + 1);
      else v = d.log ? Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high))) : rng.uniform(d.low, d.high);
      assert.deepEqual(toExternal(d, toInternal(d, v)), v);
      assert.ok(distributionContains(d, v));
    }
  });

  it("reads Optuna's JSON, its short form and legacy classes", () => {
    const f = distributionFromJson('{"name": "FloatDistribution", "attributes": {"step": null, "low": 1e-05, "high": 0.1, "log": true}}');
    assert.deepEqual({ ...f }, { type: "float", low: 1e-5, high: 0.1, log: true, step: null });
    const s = distributionFromJson('{"type": "int", "low": 1, "high": 8}');
    assert.deepEqual({ ...s }, { type: "int", low: 1, high: 8, log: false, step: 1 });
    const legacy = distributionFromJson('{"name": "DiscreteUniformDistribution", "attributes": {"low": 0, "high": 1, "q": 0.25}}');
    assert.equal(legacy.type === "float" && legacy.step, 0.25);
    assert.throws(() => distributionFromJson('{"name": "Nope"}'), InvalidDistributionError);
    assert.throws(() => distributionFromJson("{"), InvalidDistributionError);
  });

  it("writes Optuna's JSON", () => {
    assert.equal(
      distributionToJson(new CategoricalDistribution(["relu", "tanh"])),
      '{"name":"CategoricalDistribution","attributes":{"choices":["relu","tanh"]}}',
    );
  });

  it("know single-valued distributions and containment on the step grid", () => {
    assert.equal(isSingle(new FloatDistribution(1, 1)), true);
    assert.equal(isSingle(new IntDistribution(0, 1, { step: 2 })), true);
    assert.equal(isSingle(new CategoricalDistribution(["only"])), true);
    assert.equal(isSingle(new FloatDistribution(0, 1)), false);
    const d = new FloatDistribution(0, 1, { step: 0.25 });
    assert.equal(distributionContains(d, 0.5), true);
    assert.equal(distributionContains(d, 0.6), false);
    assert.equal(distributionContains(d, 1.25), false);
  });
});

describe("compatibility", () => {
  it("allows a new range but not a new kind, log flag or choices", () => {
    assertCompatible("x", new FloatDistribution(0, 1), new FloatDistribution(-5, 5));
    assert.throws(() => assertCompatible("x", new FloatDistribution(0, 1), new IntDistribution(0, 1)), IncompatibleDistributionError);
    assert.throws(
      () => assertCompatible("x", new FloatDistribution(1, 2), new FloatDistribution(1, 2, { log: true })),
      IncompatibleDistributionError,
    );
    assert.throws(
      () => assertCompatible("c", new CategoricalDistribution(["a"]), new CategoricalDistribution(["a", "b"])),
      IncompatibleDistributionError,
    );
  });
});
