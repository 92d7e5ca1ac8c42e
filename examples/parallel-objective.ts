/**
 * The objective module of examples/parallel.ts: its default export runs on worker threads.
 * CPU-bound on purpose (a few thousand iterations of a 2-D Rastrigin-like loss surface).
 */
import type { Trial } from "../src/index.js";

export default function objective(trial: Trial): number {
  const x = trial.suggestFloat("x", -5.12, 5.12);
  const y = trial.suggestFloat("y", -5.12, 5.12);
  const iterations = trial.suggestInt("iterations", 1000, 4000, { step: 1000 });
  let value = 0;
  // burn CPU the way a real model fit would, deterministically
  for (let k = 0; k < iterations * 2000; k++) value += Math.sin(k) * 1e-12;
  return 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y) + value;
}
