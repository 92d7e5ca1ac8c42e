import { FloatDistribution, Rng } from "../src/index.js";
import { ParzenEstimator, paramModel, neighbourBandwidths } from "../src/samplers/tpe/parzen-estimator.js";
const rng = new Rng(1);
const P = 10, K = 1000;
const models = Array.from({ length: P }, (_, p) => paramModel(`x${p}`, new FloatDistribution(-10, 10)));
const obs = models.map(() => Float64Array.from({ length: K }, () => rng.normal() * 2));
const w = new Float64Array(K).fill(1);
const opts = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false };
for (let rep = 0; rep < 3; rep++) {
  let t0 = performance.now();
  for (let r = 0; r < 100; r++) neighbourBandwidths(obs[0]!, -10, 10, opts);
  console.log("bw per call ms", (performance.now() - t0) / 100);
  t0 = performance.now();
  let g: ParzenEstimator | undefined;
  for (let r = 0; r < 100; r++) g = new ParzenEstimator(models, obs, w, opts);
  console.log("build ms", (performance.now() - t0) / 100);
  const cand = g!.sample(rng, 24);
  const out = new Float64Array(24);
  t0 = performance.now();
  for (let r = 0; r < 100; r++) g!.logPdf(cand, 24, out);
  console.log("logpdf ms", (performance.now() - t0) / 100);
}
