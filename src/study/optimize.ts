/**
 * optimize: a loop over ask → runTrial → tell, with nTrials, timeout, stop(), an AbortSignal,
 * callbacks, catch, concurrency (nJobs) and Ctrl-C handling.
 *
 *   lanes (nJobs) ─┬─ ask ─ objective ─ tell ─ callbacks ─┐ (until nTrials started, timeout,
 *                  └──────────────── repeat ──────────────┘  stop, abort or an uncaught error)
 * @module
 */
import { cpus } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidArgumentError } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { Trial } from "../trial/trial.js";
import { createProgress } from "./progress.js";
import { type ObjectiveResult, runAskedTrial } from "./run-trial.js";
import type { Study } from "./study.js";

/** A function objective. */
export type ObjectiveFunction = (trial: Trial) => ObjectiveResult | Promise<ObjectiveResult>;

/** A function, or the path / URL of an ES module whose default export is one. */
export type Objective = ObjectiveFunction | string | URL;

/** Error classes, or a predicate, that fail a trial without stopping optimize. */
export type CatchOption = ReadonlyArray<abstract new (...args: never[]) => unknown> | ((error: unknown) => boolean);

/** Options of `study.optimize`. */
export interface OptimizeOptions {
  /** Stop after this many trials of this call. */
  nTrials?: number;
  /** Seconds; no trial starts after this. */
  timeout?: number;
  /** Trials at once; -1 = one per CPU. */
  nJobs?: number;
  /** Called after each trial. */
  callbacks?: ReadonlyArray<(study: Study, trial: FrozenTrial) => void | Promise<void>>;
  /** Errors that fail the trial and go on. */
  catch?: CatchOption;
  /** A progress bar on stderr. */
  showProgressBar?: boolean;
  /** Like stop(). */
  signal?: AbortSignal;
  /**
   * Reproducible parallel runs: with a seeded sampler, the same seed and nJobs give the same
   * trials on every run. Trials run in batches of nJobs that all sample from the study as it was
   * when the batch started, with per-trial seeds; a batch waits for its slowest trial.
   */
  deterministic?: boolean;
}

function checkOptions(o: OptimizeOptions): { nJobs: number } {
  if (o.nTrials !== undefined && (!Number.isInteger(o.nTrials) || o.nTrials < 0)) {
    throw new InvalidArgumentError(`optimize: nTrials must be a non-negative integer, got ${String(o.nTrials)}.`);
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

function deterministicSeed(study: Study): string {
  const s = study.sampler;
  if (s.seed === undefined || s.reseedRng === undefined) {
    throw new InvalidArgumentError(
      "optimize({ deterministic: true }) needs a sampler built with a seed, e.g. new TPESampler({ seed: 42 }).",
    );
  }
  return s.seed;
}

/** @internal the body of Study.optimize */
export async function optimizeStudy(study: Study, objective: Objective, options: OptimizeOptions): Promise<void> {
  const { nJobs } = checkOptions(options);
  if (study.optimizing) {
    throw new InvalidArgumentError("optimize() is already running on this study: nested optimize calls are not allowed.");
  }
  const moduleUrl = typeof objective === "function" ? undefined : objectiveUrl(objective);
  const seedBase = options.deterministic ? deterministicSeed(study) : undefined;
  const pool = moduleUrl !== undefined ? new (await import("../parallel/pool.js")).TrialPool(nJobs) : undefined;
  const execute =
    pool !== undefined && moduleUrl !== undefined
      ? (t: Trial) => pool.execute(moduleUrl, t)
      : async (t: Trial) => (objective as ObjectiveFunction)(t);
  const { nTrials, signal, callbacks = [] } = options;
  const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout * 1000;
  study.optimizing = true;
  study.stopRequested = false;
  let started = 0;
  let failure: { error: unknown } | undefined;
  const running = new Set<Trial>();
  const progress = options.showProgressBar ? createProgress(study, nTrials, options.timeout) : undefined;

  const onSigint = (): void => {
    study.stopRequested = true;
    void (async () => {
      for (const t of running) {
        await study.finish(t, "FAIL", undefined).catch(() => undefined);
      }
      progress?.stop();
      process.off("SIGINT", onSigint);
      if (process.listenerCount("SIGINT") === 0) process.exit(130);
    })();
  };
  process.on("SIGINT", onSigint);

  const canStart = (): boolean =>
    failure === undefined &&
    !study.stopRequested &&
    !(signal?.aborted ?? false) &&
    (nTrials === undefined || started < nTrials) &&
    (deadline === undefined || Date.now() < deadline);

  const heartbeatMs = (study.storage.heartbeatInterval ?? 0) * 1000;
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
        const trial = await study.ask();
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
    const beat =
      heartbeatMs > 0 && study.storage.recordHeartbeat
        ? setInterval(() => void study.storage.recordHeartbeat?.(trial.trialId).catch(() => undefined), heartbeatMs)
        : undefined;
    beat?.unref();
    let outcome;
    try {
      if (beat) await study.storage.recordHeartbeat?.(trial.trialId);
      outcome = await runAskedTrial(study, trial, execute);
    } catch (e) {
      failure ??= { error: e };
      return;
    } finally {
      if (beat) clearInterval(beat);
      running.delete(trial);
    }
    if (outcome.error !== undefined && !isCaught(options.catch, outcome.error)) failure ??= { error: outcome.error };
    progress?.update(outcome.trial);
    try {
      for (const cb of callbacks) await cb(study, outcome.trial);
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
      study.beginDeterministicBatch(seedBase as string);
      try {
        await Promise.all(batch.map(runOne));
      } finally {
        study.endDeterministicBatch();
      }
    }
  };

  try {
    if (seedBase !== undefined) await batches();
    else await Promise.all(Array.from({ length: nJobs }, lane));
  } finally {
    process.off("SIGINT", onSigint);
    await pool?.destroy();
    study.optimizing = false;
    study.stopRequested = false;
    progress?.stop();
    await study.refresh().catch(() => undefined);
  }
  if (failure !== undefined) throw failure.error;
}
