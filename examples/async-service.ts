/**
 * The most Node-native use: an async objective that calls a service over HTTP, many trials at
 * once in one thread, each with a time limit. A local HTTP server stands in for a model endpoint
 * (it scores a learning rate and a depth after 40 ms of "training", and hangs for 3 s on depth
 * 12, as a stuck job would); optimize runs `nJobs` trials concurrently, each awaiting its
 * request, so 8 lanes keep 8 requests in flight without a single worker thread. `trialTimeout`
 * fails a trial that takes too long: `trial.signal` aborts its fetch and optimize goes on.
 *
 *   npx tsx examples/async-service.ts [nTrials] [nJobs]
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createStudy, setVerbosity, TPESampler } from "../src/index.js";

const nTrials = Number(process.argv[2] ?? 40);
const nJobs = Number(process.argv[3] ?? 8);
setVerbosity("error"); // this example prints its own summary; the timed-out trial's warning would go to stderr

// The "model endpoint": GET /score?lr=…&depth=… → { loss }, after 40 ms (3 s for depth 12).
let inFlight = 0;
let maxInFlight = 0;
const server = createServer((req, res) => {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  const q = new URL(req.url ?? "/", "http://localhost").searchParams;
  const lr = Number(q.get("lr"));
  const depth = Number(q.get("depth"));
  const loss = (Math.log10(lr) + 2.5) ** 2 + 0.05 * (depth - 6) ** 2;
  const timer = setTimeout(() => {
    inFlight--;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ loss }));
  }, depth === 12 ? 3000 : 40);
  req.socket.once("close", () => {
    if (!res.writableEnded) {
      clearTimeout(timer); // the client gave up (its trial timed out)
      inFlight--;
    }
  });
});
server.listen(0, "127.0.0.1"); // a free port, never a fixed one
await once(server, "listening");
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;

const study = await createStudy({ sampler: new TPESampler({ seed: 7 }) });
await study.enqueueTrial({ lr: 0.01, depth: 12 }); // a stuck job: the time limit ends it
await study.optimize(
  async (trial) => {
    const lr = trial.suggestFloat("lr", 1e-5, 1, { log: true });
    const depth = trial.suggestInt("depth", 1, 12);
    // trial.signal aborts the request when the trial reaches trialTimeout
    const response = await fetch(`${endpoint}?lr=${lr}&depth=${depth}`, { signal: trial.signal });
    if (!response.ok) throw new Error(`the service answered ${response.status}`);
    const { loss } = (await response.json()) as { loss: number };
    return loss;
  },
  { nTrials, nJobs, trialTimeout: 2 }, // nJobs lanes in this thread; no trial runs longer than 2 s
);
server.closeAllConnections();
server.close();

const failed = study.getTrials({ states: ["FAIL"] });
console.log(`${study.trials.length} trials, up to ${maxInFlight} requests in flight at once (nJobs ${nJobs})`);
console.log(`${failed.length} stopped by trialTimeout (depth 12: trials ${failed.map((t) => t.number).join(", ")})`);
console.log(`best loss ${study.bestValue.toFixed(4)} with lr ${study.bestParams.lr} and depth ${study.bestParams.depth}`);
