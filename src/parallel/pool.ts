/**
 * The piscina pool that runs module objectives on worker threads. The main thread keeps the
 * study, sampler, pruner and storage: a worker's suggest/report/shouldPrune calls arrive here
 * over a MessageChannel, run on the real `Trial` (so enqueued values, relative sampling,
 * constant liar and pruning behave exactly as in one thread), and the reply wakes the worker.
 * @module
 */
import { cpus } from "node:os";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { distributionFromJson } from "../distributions/json.js";
import type { ObjectiveResult } from "../core/objective.js";
import type { JsonValue } from "../trial/state.js";
import type { Trial } from "../trial/trial.js";
import { moduleLoadError } from "./module-check.js";
import {
  deserializeError,
  type LoadTask,
  serializeError,
  type TrialReply,
  type TrialRequest,
  type TrialTask,
  type TrialTaskResult,
} from "./protocol.js";

const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const workerFile = new URL(`./worker${ext}`, import.meta.url).href;

function handle(trial: Trial, req: TrialRequest): JsonValue {
  switch (req.op) {
    case "suggest":
      return trial.suggest(req.name, distributionFromJson(req.distribution));
    case "report":
      trial.report(req.value, req.step);
      return null;
    case "shouldPrune":
      return trial.shouldPrune();
    case "setUserAttr":
      trial.setUserAttr(req.key, req.value);
      return null;
    case "setConstraint":
      trial.setConstraint(req.name, req.value);
      return null;
  }
}

/** Runs trials of a module objective on `size` worker threads. */
export class TrialPool {
  private readonly pool: Piscina<TrialTask | LoadTask, TrialTaskResult>;

  constructor(size: number) {
    const n = Math.max(1, Math.min(size, 4 * cpus().length));
    this.pool = new Piscina<TrialTask | LoadTask, TrialTaskResult>({ filename: workerFile, minThreads: n, maxThreads: n, idleTimeout: 1000 });
  }

  /**
   * Loads the module in a worker without running a trial.
   * @throws {InvalidArgumentError} a module in the wrong format (saying what to
   * rename or set), one that throws while loading, or one without a default export function.
   */
  async check(moduleUrl: string): Promise<void> {
    const result = await this.pool.run({ load: moduleUrl });
    if (!result.ok) throw moduleLoadError(moduleUrl, deserializeError(result.error));
  }

  /**
   * Runs the module's objective on `trial` in a worker; resolves with its return value. When
   * `abort` aborts, piscina terminates the worker running the task and starts a new one.
   */
  async execute(moduleUrl: string, trial: Trial, abort?: AbortSignal): Promise<ObjectiveResult> {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const flag = new Int32Array(signal);
    port1.on("message", (req: TrialRequest) => {
      let reply: TrialReply;
      try {
        reply = { ok: true, value: handle(trial, req) };
      } catch (e) {
        reply = { ok: false, error: serializeError(e) };
      }
      port1.postMessage(reply);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
    const task: TrialTask = {
      module: moduleUrl,
      number: trial.number,
      trialId: trial.trialId,
      params: { ...trial.params },
      userAttrs: { ...trial.userAttrs },
      datetimeStart: trial.datetimeStart?.getTime() ?? Date.now(),
      port: port2,
      signal,
    };
    try {
      const result = await this.pool.run(task, { transferList: [port2], ...(abort ? { signal: abort } : {}) });
      if (!result.ok) throw deserializeError(result.error);
      return result.value as ObjectiveResult;
    } finally {
      port1.close();
    }
  }

  /** Stops the threads. */
  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
