/**
 * Early stopping inside the objective: an iterative learner (gradient descent on a noisy
 * least-squares problem) reports its validation loss after every epoch, and MedianPruner stops
 * the epochs of trials that are worse than the median of earlier trials at the same epoch.
 *
 *   npx tsx examples/pruning.ts [nTrials]
 */
import { createStudy, MedianPruner, TPESampler, TrialPruned } from "../src/index.js";
import { Rng } from "../src/random/rng.js";

// A fixed regression problem: y = X·w* + noise, 200 rows × 8 features.
const rng = new Rng(1);
const wTrue = Array.from({ length: 8 }, () => rng.normal());
const rows = Array.from({ length: 200 }, () => {
  const x = Array.from({ length: 8 }, () => rng.normal());
  return { x, y: x.reduce((s, v, i) => s + v * (wTrue[i] as number), 0) + 0.3 * rng.normal() };
});
const train = rows.slice(0, 150);
const valid = rows.slice(150);
const mse = (w: number[], data: typeof rows) =>
  data.reduce((s, r) => s + (r.x.reduce((a, v, i) => a + v * (w[i] as number), 0) - r.y) ** 2, 0) / data.length;

const EPOCHS = 50;
const study = await createStudy({
  direction: "minimize",
  sampler: new TPESampler({ seed: 7 }),
  pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 3 }),
});
let epochsRun = 0;
await study.optimize((trial) => {
  const lr = trial.suggestFloat("lr", 1e-4, 1, { log: true });
  const momentum = trial.suggestFloat("momentum", 0, 0.99);
  const l2 = trial.suggestFloat("l2", 1e-6, 1e-1, { log: true });
  const w = new Array<number>(8).fill(0);
  const v = new Array<number>(8).fill(0);
  let loss = Number.POSITIVE_INFINITY;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    epochsRun++;
    for (let j = 0; j < 8; j++) {
      let g = 0;
      for (const r of train) g += (r.x.reduce((a, xv, i) => a + xv * (w[i] as number), 0) - r.y) * (r.x[j] as number);
      g = (2 * g) / train.length + 2 * l2 * (w[j] as number);
      v[j] = momentum * (v[j] as number) - lr * g;
      w[j] = (w[j] as number) + (v[j] as number);
    }
    loss = mse(w, valid);
    if (!Number.isFinite(loss)) throw new TrialPruned("diverged");
    trial.report(loss, epoch);
    if (trial.shouldPrune()) throw new TrialPruned(`pruned at epoch ${epoch}`);
  }
  return loss;
}, { nTrials: Number(process.argv[2] ?? 40) });

const pruned = study.getTrials({ states: ["PRUNED"] }).length;
console.log(`${study.trials.length} trials, ${pruned} pruned; ${epochsRun} epochs run of ${study.trials.length * EPOCHS} without pruning`);
console.log(`best validation MSE ${study.bestValue.toFixed(4)} with ${JSON.stringify(study.bestParams)}`);
