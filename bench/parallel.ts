/**
 * `npm run bench -- parallel`: a CPU-bound objective (~50 ms) on worker threads, nJobs 1 vs 2 in
 * the same run (the speed-up), and the cost of one pool round trip per trial (a trivial module
 * objective on the pool vs the same function in this thread).
 */
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createStudy, RandomSampler } from "../src/index.js";
import { printTable, writeResult } from "./util.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cpu = new URL("./objectives/cpu50.ts", import.meta.url);
const trivial = new URL("./objectives/trivial.ts", import.meta.url);

async function timeRun(objective: URL | ((t: import("../src/index.js").Trial) => number), nTrials: number, nJobs: number): Promise<number> {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 0 }) });
  const t0 = performance.now();
  await study.optimize(objective, { nTrials, nJobs });
  const ms = performance.now() - t0;
  if (study.getTrials({ states: ["COMPLETE"] }).length !== nTrials) throw new Error("bench: not every trial completed");
  return ms;
}

export async function run(args: string[]): Promise<void> {
  const nTrials = Number(args[args.indexOf("--trials") + 1] ?? 40) || 40;
  const workMs = Number(process.env.PARZEN_BENCH_WORK_MS ?? 50);
  console.log(`CPU-bound objective ~${workMs} ms, ${nTrials} trials, ${cpus().length} CPUs (pool start-up included)`);
  await timeRun(cpu, 4, 2); // warm the module cache of tsx
  const one = await timeRun(cpu, nTrials, 1);
  const two = await timeRun(cpu, nTrials, 2);
  const fnSerial = await timeRun((await import("./objectives/cpu50.js")).default, nTrials, 1);
  printTable(
    ["mode", "wall ms", "ms/trial", "speed-up vs nJobs 1"],
    [
      ["function, this thread", fnSerial, fnSerial / nTrials, one / fnSerial],
      ["module, nJobs 1", one, one / nTrials, 1],
      ["module, nJobs 2", two, two / nTrials, one / two],
    ],
  );
  // The built package (what users run): dist/ and a plain .js objective, no tsx in the workers.
  let distOne: number | undefined;
  let distTwo: number | undefined;
  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: root, stdio: "ignore" });
    const runDist = (n: number, jobs: number) =>
      Number(execFileSync(process.execPath, [join(root, "bench/objectives/run-dist.mjs"), String(n), String(jobs)], { encoding: "utf8" }).trim());
    runDist(4, 2);
    distOne = runDist(nTrials, 1);
    distTwo = runDist(nTrials, 2);
    printTable(
      ["built package (dist/, .js objective)", "wall ms", "ms/trial", "speed-up vs nJobs 1"],
      [
        ["module, nJobs 1", distOne, distOne / nTrials, 1],
        ["module, nJobs 2", distTwo, distTwo / nTrials, distOne / distTwo],
      ],
    );
  } catch (e) {
    console.log(`(built-package run skipped: ${(e as Error).message.split("\n")[0]})`);
  }
  // Steady state: the pool start-up (threads, tsx in each worker) is paid once per optimize call;
  // time(2n) - time(n) leaves it out.
  const one2 = await timeRun(cpu, 2 * nTrials, 1);
  const two2 = await timeRun(cpu, 2 * nTrials, 2);
  const steady1 = one2 - one;
  const steady2 = two2 - two;
  printTable(
    [`steady state (trials ${nTrials + 1}-${2 * nTrials})`, "ms/trial", "speed-up"],
    [
      ["module, nJobs 1", steady1 / nTrials, 1],
      ["module, nJobs 2", steady2 / nTrials, steady1 / steady2],
    ],
  );
  // The marginal cost of a trial (start-up excluded): time(2n) - time(n), over n.
  const n = 300;
  const fn = (await import("./objectives/trivial.js")).default;
  const inThread = (await timeRun(fn, 2 * n, 1)) - (await timeRun(fn, n, 1));
  const pooled = (await timeRun(trivial, 2 * n, 1)) - (await timeRun(trivial, n, 1));
  const roundTrip = (pooled - inThread) / n;
  printTable(
    ["trivial objective, marginal cost", "ms/trial"],
    [
      ["function, this thread", inThread / n],
      ["module on the pool, nJobs 1", pooled / n],
      ["pool round trip per trial", roundTrip],
    ],
  );
  const file = writeResult("parallel", {
    nTrials,
    workMs,
    one,
    two,
    speedup: one / two,
    steadySpeedup: steady1 / steady2,
    distOne,
    distTwo,
    distSpeedup: distOne !== undefined && distTwo !== undefined ? distOne / distTwo : undefined,
    fnSerial,
    inThread,
    pooled,
    roundTripMs: roundTrip,
  });
  console.log(
    `speed-up nJobs 2 vs 1: ${(one / two).toFixed(2)}x under tsx with pool start-up, ` +
      `${distOne !== undefined && distTwo !== undefined ? `${(distOne / distTwo).toFixed(2)}x from the built package, ` : ""}` +
      `${(steady1 / steady2).toFixed(2)}x in steady state  (wrote ${file})`,
  );
}
