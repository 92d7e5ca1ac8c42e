/**
 * The most Node-native use: an async objective that calls a service over HTTP, many trials at
 * once in one thread. A local HTTP server stands in for a model endpoint (it scores a learning
 * rate and a depth after 40 ms of "training"); optimize runs `nJobs` trials concurrently, each
 * awaiting its request, so 8 lanes keep 8 requests in flight without a single worker thread.
 *
 *   npx tsx examples/async-service.ts [nTrials] [nJobs]
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createStudy, TPESampler } from "../src/index.js";

const nTrials = Number(process.argv[2] ?? 40);
const nJobs = Number(process.argv[3] ?? 8);

// The "model endpoint": GET /score?lr=…&depth=… → { loss }, after 40 ms.
let inFlight = 0;
let maxInFlight = 0;
const server = createServer(async (req, res) => {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  const q = new URL(req.url ?? "/", "http://localhost").searchParams;
  const lr = Number(q.get("lr"));
  const depth = Number(q.get("depth"));
  await sleep(40);
  const loss = (Math.log10(lr) + 2.5) ** 2 + 0.05 * (depth - 6) ** 2;
  inFlight--;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ loss }));
});
server.listen(0, "127.0.0.1"); // a free port, never a fixed one
await once(server, "listening");
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;

const study = await createStudy({ sampler: new TPESampler({ seed: 7 }) });
await study.optimize(
  async (trial) => {
    const lr = trial.suggestFloat("lr", 1e-5, 1, { log: true });
    const depth = trial.suggestInt("depth", 1, 12);
    const response = await fetch(`${endpoint}?lr=${lr}&depth=${depth}`);
    if (!response.ok) throw new Error(`the service answered ${response.status}`);
    const { loss } = (await response.json()) as { loss: number };
    return loss;
  },
  { nTrials, nJobs }, // nJobs lanes in this thread, each awaiting its own request
);
server.close();

console.log(`${study.trials.length} trials, up to ${maxInFlight} requests in flight at once (nJobs ${nJobs})`);
console.log(`best loss ${study.bestValue.toFixed(4)} with lr ${study.bestParams.lr} and depth ${study.bestParams.depth}`);
