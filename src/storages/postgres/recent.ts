/**
 * Incremental reads without extra round trips. CachedStorage (storages/cached.ts) asks, before
 * each trial, for a study's trials after its watermark plus its unfinished ones — twice per ask
 * (stale-trial check, then refresh). A tell's statement already read that delta (it rode along),
 * and the first answer covers the second: a snapshot less than `maxAgeMs` old, when this process
 * created no trial in the study since, answers like a new read would have a moment ago.
 * @module
 */
import type { FrozenTrial } from "../../trial/frozen.js";
import { isFinished } from "../../trial/state.js";
import type { TrialsSince } from "../cached.js";

/** One read snapshot of a study: its name and the trials it returned (new and reloaded). */
export interface Snapshot {
  at: number;
  /** The watermark the snapshot was read (or last answered) for. */
  after: number;
  studyName: string;
  trials: Map<number, FrozenTrial>;
}

export class RecentReads {
  private readonly snapshots = new Map<number, Snapshot>();
  /** Per study: the watermark and unfinished ids of the last answer (what the next call will ask). */
  private readonly seen = new Map<number, { after: number; unfinished: number[] }>();

  constructor(private readonly maxAgeMs = 100) {}

  /** What the next incremental read of a study will ask for, if this process answered one before. */
  expected(studyId: number): { afterTrialId: number; ids: readonly number[] } | undefined {
    const s = this.seen.get(studyId);
    return s ? { afterTrialId: s.after, ids: s.unfinished } : undefined;
  }

  /** Keeps a snapshot read at `at` for the watermark `after`. */
  store(studyId: number, snapshot: Snapshot): void {
    this.snapshots.set(studyId, snapshot);
  }

  /** A snapshot that can answer this call, if any. */
  usable(studyId: number, afterTrialId: number, reload: readonly number[]): Snapshot | undefined {
    const s = this.snapshots.get(studyId);
    if (!s || Date.now() - s.at >= this.maxAgeMs || s.after !== afterTrialId) return undefined;
    return reload.every((id) => s.trials.has(id)) ? s : undefined;
  }

  /**
   * Answers a call from a snapshot (`finished` overrides: trials this process just finished);
   * the snapshot then answers the next call for the new watermark.
   */
  answer(studyId: number, s: Snapshot, afterTrialId: number, reload: readonly number[], skip: ReadonlySet<number> | undefined, finished: (id: number) => FrozenTrial | undefined): TrialsSince {
    const newTrialIds = [...s.trials.keys()].filter((id) => id > afterTrialId).sort((a, b) => a - b);
    const ids = [...reload, ...newTrialIds.filter((id) => !skip?.has(id))];
    const trials = ids.map((id) => finished(id) ?? (s.trials.get(id) as FrozenTrial));
    const after = Math.max(afterTrialId, ...newTrialIds);
    this.snapshots.set(studyId, { ...s, after });
    const unfinished = [...reload, ...newTrialIds].filter((id) => {
      const t = finished(id) ?? s.trials.get(id);
      return t !== undefined && !isFinished(t.state);
    });
    this.seen.set(studyId, { after, unfinished });
    return { studyName: s.studyName, newTrialIds, trials };
  }

  /** This process changed the study's trials (created or claimed one): the snapshot no longer answers. */
  invalidate(studyId: number): void {
    this.snapshots.delete(studyId);
  }

  /** Drops every kept snapshot. */
  clear(): void {
    this.snapshots.clear();
  }

  /** The study is gone. */
  forget(studyId: number): void {
    this.snapshots.delete(studyId);
    this.seen.delete(studyId);
  }
}
