import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FanovaTree } from "../../src/importance/fanova/tree.js";
import { fitForest, impurityImportances, type Matrix } from "../../src/importance/forest.js";
import { Rng } from "../../src/random/rng.js";

function data(n: number, f: number, seed: number, fn: (row: number[]) => number): { x: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const x = new Float64Array(n * f);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: f }, () => rng.random());
    row.forEach((v, j) => {
      x[i * f + j] = v;
    });
    y[i] = fn(row);
  }
  return { x: { rows: n, cols: f, data: x }, y };
}

describe("random forest", () => {
  test("a tree of depth 1 splits a step function at the step, midway between samples", () => {
    const { x, y } = data(200, 2, 1, (r) => ((r[0] as number) > 0.5 ? 1 : 0));
    const [tree] = fitForest(x, y, { nTrees: 1, maxDepth: 1 }, new Rng(0));
    assert.ok(tree);
    assert.equal(tree.nodeCount, 3);
    assert.equal(tree.feature[0], 0);
    assert.ok(Math.abs((tree.threshold[0] as number) - 0.5) < 0.02, `threshold ${tree.threshold[0]}`);
    assert.deepEqual([tree.value[1], tree.value[2]], [0, 1]);
    assert.equal(tree.impurity[1], 0);
  });

  test("fully grown trees fit their bootstrap sample exactly and stop on pure nodes", () => {
    const { x, y } = data(100, 3, 2, (r) => Math.sin(6 * (r[0] as number)) + (r[1] as number));
    for (const t of fitForest(x, y, { nTrees: 4, maxDepth: 64 }, new Rng(1))) {
      for (let i = 0; i < t.nodeCount; i++) {
        if ((t.feature[i] as number) < 0) assert.ok((t.impurity[i] as number) < 1e-12);
        else assert.ok((t.left[i] as number) > i && (t.right[i] as number) > i, "children come after parents");
      }
      // Bootstrap: the root holds n samples with repetition.
      assert.equal(t.weight[0], 100);
    }
  });

  test("impurity importances favour the features the target depends on and sum to 1", () => {
    const { x, y } = data(300, 4, 3, (r) => 3 * (r[2] as number) + (r[0] as number));
    const imp = impurityImportances(fitForest(x, y, { nTrees: 16, maxDepth: 64 }, new Rng(2)), 4);
    assert.ok(Math.abs(imp.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.ok((imp[2] as number) > 0.7 && (imp[0] as number) > (imp[1] as number) && (imp[0] as number) > (imp[3] as number), String([...imp]));
  });

  test("the same seed grows the same forest", () => {
    const { x, y } = data(80, 3, 4, (r) => (r[0] as number) * (r[1] as number));
    const a = fitForest(x, y, { nTrees: 3, maxDepth: 64 }, new Rng(5));
    const b = fitForest(x, y, { nTrees: 3, maxDepth: 64 }, new Rng(5));
    assert.deepEqual(a, b);
  });
});

describe("fANOVA tree", () => {
  test("the one-sweep marginal equals Optuna's walk per midpoint", () => {
    const { x, y } = data(300, 3, 5, (r) => Math.sin(5 * (r[0] as number)) + (r[1] as number) ** 2 + 0.3 * (r[0] as number) * (r[2] as number));
    for (const t of fitForest(x, y, { nTrees: 5, maxDepth: 64 }, new Rng(1))) {
      const ft = new FanovaTree(t, [
        [0, 1],
        [0, 1],
        [0, 1],
      ]);
      for (let c = 0; c < 3; c++) {
        const sweep = ft.marginalVariance([c]);
        const walk = ft.marginalVarianceWalk([c]);
        assert.ok(Math.abs(sweep - walk) <= 1e-12 * Math.max(1, walk), `column ${c}: ${sweep} vs ${walk}`);
      }
    }
  });

  test("several columns (one-hot): the block enumeration equals Optuna's walk over every cell", () => {
    const rng = new Rng(5);
    const n = 300;
    const f = 7; // columns 0-4: one-hot of 5 choices; 5, 6: continuous
    const x = new Float64Array(n * f);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = rng.int(5);
      x[i * f + c] = 1;
      x[i * f + 5] = rng.random();
      x[i * f + 6] = rng.random();
      y[i] = Math.sin(c) + (x[i * f + 5] as number) * (c % 2) + (x[i * f + 6] as number) ** 2;
    }
    const bounds = Array.from({ length: f }, () => [0, 1] as [number, number]);
    for (const t of fitForest({ rows: n, cols: f, data: x }, y, { nTrees: 4, maxDepth: 64 }, new Rng(1))) {
      const ft = new FanovaTree(t, bounds);
      for (const cols of [[0, 1, 2, 3, 4], [5, 6], [1, 2, 6]]) {
        const fast = ft.marginalVariance(cols);
        const walk = ft.marginalVarianceWalk(cols);
        assert.ok(Math.abs(fast - walk) <= 1e-12 * Math.max(1, walk), `${cols}: ${fast} vs ${walk}`);
      }
    }
  });

  test("an additive function: the main effects explain the tree's variance", () => {
    const { x, y } = data(400, 2, 6, (r) => 2 * (r[0] as number) + (r[1] as number));
    const [t] = fitForest(x, y, { nTrees: 1, maxDepth: 64 }, new Rng(3));
    assert.ok(t);
    const ft = new FanovaTree(t, [
      [0, 1],
      [0, 1],
    ]);
    const v0 = ft.marginalVariance([0]) / ft.variance;
    const v1 = ft.marginalVariance([1]) / ft.variance;
    // Var(2u) : Var(v) = 4 : 1 for independent uniforms.
    assert.ok(Math.abs(v0 - 0.8) < 0.05 && Math.abs(v1 - 0.2) < 0.05, `${v0} ${v1}`);
    assert.ok(Math.abs(v0 + v1 - 1) < 0.02);
  });
});
