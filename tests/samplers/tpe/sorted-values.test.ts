import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {  } from "../../../src/index.js";
import { Rng } from "../../../src/random/rng.js";
import { SortedValues } from "../../../src/samplers/tpe/sorted-values.js";
import { type FrozenTrial, freezeTrial } from "../../../src/trial/frozen.js";

const mk = (n: number, x: number): FrozenTrial =>
  freezeTrial({ number: n, trialId: n, state: "COMPLETE", values: [0], params: { x }, distributions: {}, intermediateValues: {}, userAttrs: {}, systemAttrs: {} });

/** The reference: indices sorted by (value, index). */
const brute = (obs: number[]): number[] => obs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);

describe("SortedValues (the bandwidth sort index)", () => {
  it("gives the (value, index) order of any subset of indexed trials plus unindexed extras", () => {
    const rng = new Rng(4);
    const log: FrozenTrial[] = [];
    const sv = new SortedValues();
    const valueOf = (t: FrozenTrial) => t.params.x as number;
    for (let round = 0; round < 30; round++) {
      // a few trials finish per round (sometimes a burst), with ties on purpose
      const burst = round === 10 ? 50 : 1 + rng.int(3);
      for (let j = 0; j < burst; j++) log.push(mk(log.length, rng.int(20) / 4));
      sv.update(log, valueOf);
      // observations: a random subset of the finished trials, in trial order, plus two "running" extras
      const chosen = log.filter(() => rng.random() < 0.7);
      const extras = [mk(10_000 + 2 * round, rng.int(20) / 4), mk(10_001 + 2 * round, 2.5)];
      const trials = [...chosen, ...extras];
      const obs = trials.map((t) => t.params.x as number);
      const nums = Int32Array.from(trials, (t) => t.number);
      assert.deepEqual(Array.from(sv.order(obs, nums, obs.length)), brute(obs), `round ${round}`);
    }
  });

  it("skips trials without the parameter", () => {
    const sv = new SortedValues();
    const log = [mk(0, 3), mk(1, 1), mk(2, 2)];
    sv.update(log, (t) => (t.number === 1 ? undefined : (t.params.x as number)));
    // trial 1 is not indexed: it is merged in as an extra
    assert.deepEqual(Array.from(sv.order([3, 1, 2], Int32Array.from([0, 1, 2]), 3)), [1, 2, 0]);
  });
});
