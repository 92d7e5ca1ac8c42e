/**
 * optimize: a loop over ask → runTrial → tell, with nTrials, timeout, stop(), an AbortSignal,
 * callbacks, catch, concurrency (nJobs) and Ctrl-C handling. It drives a {@link StudyRuntime}
 * (the study session), never the public Study; the callbacks receive the public object.
 *
 *   lanes (nJobs) ─┬─ ask ─ objective ─ tell ─ callbacks ─┐ (until nTrials started, timeout,
 *                  └──────────────── repeat ──────────────┘  stop, abort or an uncaught error)
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ObjectiveFunctionOf, ObjectiveResult } from "../core/objective.js";
import { InvalidArgumentError } from "../errors.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";
import type { Trial } from "../trial/trial.js";
import { type OptimizeCallbackOf, runCallback } from "./callbacks.js";
import { HeartbeatTimer } from "./heartbeat-timer.js";
import { InterruptHandler } from "./interrupt.js";
import { createProgress, type Progress } from "./progress.js";
import { runAskedTrial } from "./run-trial.js";
import type { StudyRuntime } from "./runtime.js";

/** A function objective: it receives the study's Trial (an ObjectiveTrial). */
export type ObjectiveFunction = ObjectiveFunctionOf<Trial>;

/** A function, or the path / URL of an ES module whose default export is one. */
export type Objective = ObjectiveFunction | string | URL;

/** Error classes, or a predicate, that fail a trial without stopping optimize. */
export type CatchOption = ReadonlyArray<abstract new (...args: never[]) => unknown> | ((error: unknown) => boolean);

/** Options of `study.optimize`; `S` is the study the callbacks receive (`OptimizeOptions` = `OptimizeOptionsOf<Study>`). */
export interface OptimizeOptionsOf<S> {
  /** Stop after this many trials of this call. */
  nTrials?: number;
  /** Seconds; no trial starts after this. */
  timeout?: number;
  /** Trials at once; -1 = one per CPU. */
  nJobs?: number;
  /** Called after each trial: functions `(study, trial) => …` or objects with `onTrialFinished` (e.g. MaxTrialsCallback). */
  callbacks?: ReadonlyArray<OptimizeCallbackOf<S>>;
  /** Errors that fail the trial and go on. */
  catch?: CatchOption;
  /** A progress bar on stderr. */
  showProgressBar?: boolean;
  /** Like stop(). */
  signal?: AbortSignal;
  /**
   * Seconds a trial may run: at the limit it is FAIL (with a warning) and optimize goes on. An
   * async objective sees `trial.signal` aborted; a module objective's worker thread is terminated
   * and replaced. A synchronous objective on the main thread cannot be interrupted: see docs/api.md.
   */
  trialTimeout?: number;
  /**
   * Reproducible parallel runs: with a seeded sampler, the same seed and nJobs give the same
   * trials on every run. Trials run in batches of nJobs that all sample from the study as it was
   * when the batch started, with per-trial seeds; a batch waits for its slowest trial.
   */
  deterministic?: boolean;
}

const OPTIMIZE_KEYS = optionKeys<OptimizeOptionsOf<unknown>>({
  nTrials: true,
  timeout: true,
  nJobs: true,
  callbacks: true,
  catch: true,
  showProgressBar: true,
  signal: true,
  trialTimeout: true,
  deterministic: true,
});

function checkOptions<S>(o: OptimizeOptionsOf<S>): { nJobs: number } {
  checkOptionKeys("optimize", o, OPTIMIZE_KEYS);
  if (o.nTrials !== undefined && (!Number.isInteger(o.nTrials) || o.nTrials < 0)) {
    throw new InvalidArgumentError(`optimize: nTrials must be a non-negative integer, got ${String(o.nTrials)}.`);
  }
  if (o.trialTimeout !== undefined && !(typeof o.trialTimeout === "number" && o.trialTimeout > 0 && Number.isFinite(o.trialTimeout))) {
    throw new InvalidArgumentError(`optimize: trialTimeout must be a positive number of seconds, got ${String(o.trialTimeout)}.`);
  }
  if (o.timeout !== undefined && !(typeof o.timeout === "number" && o.timeout >= 0)) {
    throw new InvalidArgumentError(`optimize: timeout must be a non-negative number of seconds, got ${String(o.timeout)}.`);
  }
  let nJobs = o.nJobs ?? 1;
  if (nJobs === -1) nJobs = Math.max(1, cpus().length);
  if (!Number.isInteger(nJobs) || nJobs < 1) {
    throw new InvalidArgumentError(`optimize: nJobs must be a positive integer or -1 (one per CPU), got ${String(o.nJobs)}.`);
  }
  const c = o.catch;
  if (c !== undefined && typeof c !== "function" && !Array.isArray(c)) {
    throw new InvalidArgumentError("optimize: catch must be an array of error classes or a predicate function.");
  }
  return { nJobs };
}

function isCaught(c: CatchOption | undefined, e: unknown): boolean {
  if (c === undefined) return false;
  if (typeof c === "function") return c(e);
  return c.some((cls) => e instanceof (cls as unknown as new () => unknown));
}

/** The file URL of a module objective given as a path or URL. @internal */
export function objectiveUrl(spec: string | URL): string {
  if (spec instanceof URL) return spec.href;
  if (typeof spec !== "string" || spec.length === 0) {
    throw new InvalidArgumentError("optimize: the objective must be a function, or the path or URL of an ES module.");
  }
  return /^[a-z][a-z0-9+.-]+:/i.test(spec) ? spec : pathToFileURL(resolve(spec)).href;
}

/**
 * A module objective given as a file must exist before any trial is created (else each trial
 * would fail on Node's ERR_MODULE_NOT_FOUND). @throws {InvalidArgumentError}
 */
function checkModuleExists(url: string): void {
  if (!url.startsWith("file:")) return;
  const path = fileURLToPath(url);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InvalidArgumentError(
      `optimize: the objective module ${path} does not exist${existsSync(path) ? " as a file" : ""}. Pass the path (relative to ` +
        `the working directory ${process.cwd()}) or URL of an ES module whose default export is the objective function.`,
    );
  }
}

function deterministicSeed(runtime: StudyRuntime): string {
  const s = runtime.sampler;
  if (s.seed === undefined || s.reseedRng === undefined) {
    throw new InvalidArgumentError(
      "optimize({ deterministic: true }) needs a sampler built with a seed, e.g. new TPESampler({ seed: 42 }).",
    );
  }
  return s.seed;
}

/**
 * The body of Study.optimize: drives `runtime`; the callbacks receive `study`.
 * @internal
 */
export async function optimizeStudy<S>(runtime: StudyRuntime, study: S, objective: Objective, options: OptimizeOptionsOf<S>): Promise<void> {
  const { nJobs } = checkOptions(options);
  runtime.beginOptimize();
  let moduleUrl: string | undefined;
  let seedBase: string | undefined;
  let pool: import("../parallel/pool.js").TrialPool | undefined;
  let progress: Progress | undefined;
  try {
    moduleUrl = typeof objective === "function" ? undefined : objectiveUrl(objective);
    if (moduleUrl !== undefined) checkModuleExists(moduleUrl);
    seedBase = options.deterministic ? deterministicSeed(runtime) : undefined;
    pool = moduleUrl !== undefined ? new (await import("../parallel/pool.js")).TrialPool(nJobs) : undefined;
    progress = options.showProgressBar ? await createProgress(() => runtime.bestTrialIfAny(), options.nTrials, options.timeout) : undefined;
  } catch (e) {
    await pool?.destroy().catch(() => undefined);
    runtime.endOptimize();
    throw e;
  }
  if (pool !== undefined && moduleUrl !== undefined) {
    // load the module once before any trial: a module that does not load creates no FAIL trials
    const p = pool;
    try {
      await p.check(moduleUrl);
    } catch (e) {
      await p.destroy();
      runtime.endOptimize();
      throw e;
    }
  }
  const execute =
    pool !== undefined && moduleUrl !== undefined
      ? (t: Trial) => (pool as import("../parallel/pool.js").TrialPool).execute(moduleUrl as string, t, t.signal)
      : async (t: Trial) => (objective as ObjectiveFunction)(t);
  const { nTrials, signal, callbacks = [] } = options;
  const limit = options.trialTimeout === undefined ? undefined : { seconds: options.trialTimeout, onWorker: pool !== undefined };
  const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout * 1000;
  let started = 0;
  let failure: { error: unknown } | undefined;
  const running = new Set<Trial>();

  const interrupt = new InterruptHandler(
    () => runtime.requestStop(),
    async () => {
      for (const t of running) {
        await runtime.finish(t, "FAIL", undefined).catch(() => undefined);
      }
      progress?.stop();
    },
  ).install();

  const canStart = (): boolean =>
    failure === undefined &&
    !runtime.stopRequested &&
    !(signal?.aborted ?? false) &&
    (nTrials === undefined || started < nTrials) &&
    (deadline === undefined || Date.now() < deadline);

  /**
   * Starts the next trial, or resolves undefined when no trial may start (or ask failed). Asks of
   * this call run one at a time and re-check canStart() inside the queue, so a stop() that an
   * ask triggers (a grid sampler handing out its last point) holds for the asks queued behind it.
   */
  let askQueue: Promise<unknown> = Promise.resolve();
  const askNext = (): Promise<Trial | undefined> => {
    const next = askQueue.then(async () => {
      if (!canStart()) return undefined;
      started++;
      try {
        const trial = await runtime.ask({}, { heartbeat: (runtime.storage.heartbeatInterval ?? 0) > 0 && runtime.storage.recordHeartbeat !== undefined });
        running.add(trial);
        return trial;
      } catch (e) {
        failure ??= { error: e };
        return undefined;
      }
    });
    askQueue = next;
    return next;
  };
  /** Runs an asked trial to its end, then the callbacks. */
  const runOne = async (trial: Trial): Promise<void> => {
    const heartbeat = new HeartbeatTimer(runtime.storage, trial.trialId);
    let outcome;
    try {
      await heartbeat.start();
      outcome = await runAskedTrial(runtime, trial, execute, limit);
    } catch (e) {
      failure ??= { error: e };
      return;
    } finally {
      heartbeat.stop();
      running.delete(trial);
    }
    if (outcome.error !== undefined && !isCaught(options.catch, outcome.error)) failure ??= { error: outcome.error };
    progress?.update(outcome.trial);
    try {
      for (const cb of callbacks) await runCallback(cb, study, outcome.trial);
    } catch (e) {
      failure ??= { error: e };
    }
  };
  const lane = async (): Promise<void> => {
    while (canStart()) {
      const trial = await askNext();
      if (trial === undefined) return;
      await runOne(trial);
    }
  };
  /** Deterministic mode: batches of nJobs trials over a frozen view of the study. */
  const batches = async (): Promise<void> => {
    while (canStart()) {
      const batch: Trial[] = [];
      while (batch.length < nJobs && canStart()) {
        const trial = await askNext();
        if (trial === undefined) break;
        batch.push(trial);
      }
      runtime.beginDeterministicBatch(seedBase as string);
      try {
        await Promise.all(batch.map(runOne));
      } finally {
        runtime.endDeterministicBatch();
      }
    }
  };

  try {
    if (seedBase !== undefined) await batches();
    else await Promise.all(Array.from({ length: nJobs }, lane));
  } finally {
    interrupt.uninstall();
    await pool?.destroy();
    runtime.endOptimize();
    progress?.stop();
    await runtime.refresh().catch(() => undefined);
  }
  if (failure !== undefined) throw failure.error;
}
