/**
 * A conformance suite every Sampler must pass, as node:test cases: values are always contained
 * in their distribution (float, log float, stepped float, int, stepped int, log int,
 * categorical), the same seed gives the same values, another seed a different stream,
 * `reseedRng` changes the stream, and parameters named like Object's built-in members
 * (`__proto__`, `constructor`, `toString`, `hasOwnProperty`) are plain names. A sampler's test file is one call:
 *
 * ```ts
 * runSamplerSuite({ name: "RandomSampler", create: (seed) => new RandomSampler({ seed }) });
 * ```
 * A test that does not apply is skipped with a reason: `skip: [{ test: "reseed", reason: "…" }]`.
 * @module
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { distributionContains } from "../../distributions/ops.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import type { Sampler } from "../../samplers/base.js";
import { createStudy } from "../../study/create.js";
import type { Trial } from "../../trial/trial.js";

/** The names of the suite's tests, for `skip`. */
export type SamplerSuiteTest = "contains" | "determinism" | "other seed" | "reseed" | "conditional" | "builtin names";

/** Options of {@link runSamplerSuite}. */
export interface SamplerSuiteOptions {
  /** Shown in the suite's title. */
  name: string;
  /** A new sampler with this seed. */
  create: (seed: number) => Sampler;
  /** Tests that do not apply, each with the reason. */
  skip?: ReadonlyArray<{ test: SamplerSuiteTest; reason: string }>;
  /** Trials per run (default 40: enough to leave a TPE's startup phase). */
  nTrials?: number;
  /**
   * The sampler only handles discrete spaces (it enumerates them): the tests use the discrete
   * kinds only (stepped float, int, stepped int, log int, categorical) and a conditional space of
   * discrete branches.
   */
  discreteOnly?: boolean;
}

/** One parameter of every kind; returns a value so the sampler has something to optimize. */
function everyKind(trial: Trial): number {
  const a = trial.suggestFloat("float", -3, 5);
  const b = trial.suggestFloat("log_float", 1e-4, 10, { log: true });
  const c = trial.suggestFloat("step_float", 0, 1, { step: 0.25 });
  const d = trial.suggestInt("int", -5, 5);
  const e = trial.suggestInt("step_int", 0, 12, { step: 3 });
  const f = trial.suggestInt("log_int", 1, 1000, { log: true });
  const g = trial.suggestCategorical("cat", ["a", 1, true, null]);
  return a * a + Math.log(b) ** 2 + c + Math.abs(d) + e + Math.log(f) + (g === "a" ? 0 : 1);
}

/** Every discrete kind (for enumerating samplers); a large space, so 40 trials never exhaust it. */
function everyDiscreteKind(trial: Trial): number {
  const c = trial.suggestFloat("step_float", 0, 1, { step: 0.25 });
  const d = trial.suggestInt("int", -5, 5);
  const e = trial.suggestInt("step_int", 0, 12, { step: 3 });
  const f = trial.suggestInt("log_int", 1, 1000, { log: true });
  const g = trial.suggestCategorical("cat", ["a", 1, true, null]);
  return c + Math.abs(d) + e + Math.log(f) + (g === "a" ? 0 : 1);
}

/** A conditional space of discrete branches. */
function discreteConditional(trial: Trial): number {
  const branch = trial.suggestCategorical("branch", ["x", "y"]);
  if (branch === "x") return trial.suggestFloat("x", -1, 1, { step: 0.01 }) ** 2;
  return trial.suggestInt("y", 0, 100) / 100 + 0.1;
}

/** A conditional space: branches hold different parameters. */
function conditional(trial: Trial): number {
  const branch = trial.suggestCategorical("branch", ["x", "y"]);
  if (branch === "x") return trial.suggestFloat("x", -1, 1) ** 2;
  return trial.suggestInt("y", 0, 10) / 10 + 0.1;
}

/** Parameter names that are also members of Object.prototype. */
const BUILTIN_NAMES = ["__proto__", "constructor", "hasOwnProperty", "toString"] as const;

/** Three numeric parameters and a categorical one, named like Object's built-in members. */
function builtinNames(trial: Trial): number {
  const a = trial.suggestFloat("__proto__", -2, 2);
  const b = trial.suggestInt("constructor", -4, 4);
  const c = trial.suggestFloat("toString", 1e-3, 10, { log: true });
  const d = trial.suggestCategorical("hasOwnProperty", ["a", "b", "c"]);
  return a * a + Math.abs(b) + Math.log(c) ** 2 + (d === "a" ? 0 : 1);
}

/** The same names over discrete kinds only. */
function discreteBuiltinNames(trial: Trial): number {
  const a = trial.suggestFloat("__proto__", -2, 2, { step: 0.1 });
  const b = trial.suggestInt("constructor", -4, 4);
  const c = trial.suggestInt("toString", 1, 1000, { log: true });
  const d = trial.suggestCategorical("hasOwnProperty", ["a", "b", "c"]);
  return a * a + Math.abs(b) + Math.log(c) ** 2 + (d === "a" ? 0 : 1);
}

async function paramsOf(sampler: Sampler, nTrials: number, objective: (t: Trial) => number): Promise<Record<string, ParamValue>[]> {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return study.trials.map((t) => ({ ...t.params }));
}

/** Registers the suite's tests with node:test. */
export function runSamplerSuite(options: SamplerSuiteOptions): void {
  const n = options.nTrials ?? 40;
  const kinds = options.discreteOnly ? everyDiscreteKind : everyKind;
  const nKinds = options.discreteOnly ? 5 : 7;
  const cond = options.discreteOnly ? discreteConditional : conditional;
  const builtins = options.discreteOnly ? discreteBuiltinNames : builtinNames;
  const skipped = new Map((options.skip ?? []).map((s) => [s.test, s.reason]));
  const test = (name: SamplerSuiteTest, title: string, fn: () => Promise<void>): void => {
    const reason = skipped.get(name);
    if (reason !== undefined) it(title, { skip: reason }, fn);
    else it(title, fn);
  };

  describe(`sampler conformance: ${options.name}`, () => {
    test("contains", "every value lies in its distribution, for every kind of parameter", async () => {
      const study = await createStudy({ sampler: options.create(1) });
      await study.optimize(kinds, { nTrials: n });
      assert.equal(study.trials.length, n);
      for (const t of study.trials) {
        assert.equal(t.state, "COMPLETE");
        assert.equal(Object.keys(t.params).length, nKinds);
        for (const [name, v] of Object.entries(t.params)) {
          const d = t.distributions[name];
          assert.ok(d !== undefined && distributionContains(d, v), `trial ${t.number}: ${name} = ${String(v)} outside its distribution`);
          if (d.type === "int") assert.ok(Number.isInteger(v), `${name} = ${String(v)} is not an integer`);
        }
      }
    });

    test("determinism", "the same seed gives the same values, bit for bit", async () => {
      const a = await paramsOf(options.create(7), n, kinds);
      const b = await paramsOf(options.create(7), n, kinds);
      assert.deepEqual(a, b);
    });

    test("other seed", "another seed gives other values", async () => {
      const a = await paramsOf(options.create(7), n, kinds);
      const b = await paramsOf(options.create(8), n, kinds);
      assert.notDeepEqual(a, b);
    });

    test("reseed", "reseedRng changes the stream", async () => {
      const plain = options.create(3);
      const reseeded = options.create(3);
      assert.ok(reseeded.reseedRng, "the sampler has no reseedRng");
      reseeded.reseedRng(12345);
      const a = await paramsOf(plain, n, kinds);
      const b = await paramsOf(reseeded, n, kinds);
      assert.notDeepEqual(a, b);
    });

    test("conditional", "a conditional space only gets the parameters of the chosen branch, contained", async () => {
      const study = await createStudy({ sampler: options.create(5) });
      await study.optimize(cond, { nTrials: n });
      for (const t of study.trials) {
        const keys = Object.keys(t.params).sort();
        assert.deepEqual(keys, t.params.branch === "x" ? ["branch", "x"] : ["branch", "y"]);
        for (const [name, v] of Object.entries(t.params)) {
          assert.ok(distributionContains(t.distributions[name]!, v), `${name} = ${String(v)}`);
        }
      }
    });

    test("builtin names", "parameters named __proto__, constructor, toString, hasOwnProperty are plain names", async () => {
      const study = await createStudy({ sampler: options.create(11) });
      await study.optimize(builtins, { nTrials: n });
      assert.equal(study.trials.length, n);
      const expected = [...BUILTIN_NAMES].sort();
      for (const t of study.trials) {
        assert.equal(t.state, "COMPLETE", `trial ${t.number} is ${t.state}`);
        assert.equal(Object.getPrototypeOf(t.params), Object.prototype, `trial ${t.number}: the params' prototype changed`);
        assert.deepEqual(Object.getOwnPropertyNames(t.params).sort(), expected, `trial ${t.number}: params ${JSON.stringify(t.params)}`);
        assert.deepEqual(Object.getOwnPropertyNames(t.distributions).sort(), expected, `trial ${t.number}: distributions`);
        for (const name of BUILTIN_NAMES) {
          const v = Object.getOwnPropertyDescriptor(t.params, name)?.value as ParamValue;
          const d = Object.getOwnPropertyDescriptor(t.distributions, name)?.value as Distribution;
          assert.ok(distributionContains(d, v), `trial ${t.number}: ${name} = ${String(v)} outside its distribution`);
          if (d.type === "int") assert.ok(Number.isInteger(v), `trial ${t.number}: ${name} = ${String(v)} is not an integer`);
        }
      }
      assert.ok(new Set(study.trials.map((t) => JSON.stringify(t.params))).size > 1, "every trial got the same params");
    });
  });
}
