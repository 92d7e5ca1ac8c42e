/**
 * The trials of a study this process has read: finished trials never change, so a refresh asks
 * the server only for trials created since the last one (trial_id > the largest seen) and the
 * ones that were unfinished — one query, whatever the study's size.
 * @module
 */
import type { FrozenTrial } from "../../trial/frozen.js";
import { isFinished } from "../../trial/state.js";

export class StudyTrials {
  /** Trials in trial_id (= number) order. */
  readonly trials: FrozenTrial[] = [];
  private readonly index = new Map<number, number>();
  /** The largest trial_id read. */
  maxTrialId = -1;
  /** Ids of cached trials that are not finished (they may still change). */
  readonly unfinished = new Set<number>();

  /** Serializes refreshes (a refresh must see the cache the previous one left). */
  syncing: Promise<unknown> = Promise.resolve();

  /** Puts a trial read from the server (new or changed) in place; a finished trial stays as it is. */
  put(t: FrozenTrial): void {
    const i = this.index.get(t.trialId);
    if (i !== undefined) {
      if (isFinished((this.trials[i] as FrozenTrial).state)) return;
      this.trials[i] = t;
    }
    else if (t.trialId > this.maxTrialId) {
      this.index.set(t.trialId, this.trials.length);
      this.trials.push(t);
      this.maxTrialId = t.trialId;
    } else return;
    if (isFinished(t.state)) this.unfinished.delete(t.trialId);
    else this.unfinished.add(t.trialId);
  }

  get(trialId: number): FrozenTrial | undefined {
    const i = this.index.get(trialId);
    return i === undefined ? undefined : this.trials[i];
  }

  /** The RUNNING trials at the last refresh, except `own`. */
  runningExcept(own: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (const id of this.unfinished) if (!own.has(id) && this.get(id)?.state === "RUNNING") out.push(id);
    return out;
  }
}
