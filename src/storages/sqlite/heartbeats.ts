/**
 * The SQL of heartbeats: a beat upserts trial_heartbeats; a RUNNING trial whose last beat is
 * older than the grace period is stale, and failing it is one guarded UPDATE (the trial must
 * still be RUNNING and still stale, so two processes never both fail it).
 * @module
 */
import { toDbDatetime } from "../codec.js";
import { IN_IDS, type TrialReader } from "./read.js";

/** Records a beat of a trial now. */
export function writeHeartbeat(r: TrialReader, trialId: number): void {
  r.st(
    "INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?) ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat",
  ).run(trialId, toDbDatetime(new Date()));
}

/** The heartbeat time before which a trial is stale, now. */
export function staleLimit(gracePeriod: number): string {
  return toDbDatetime(new Date(Date.now() - gracePeriod * 1000));
}

/** Which of `running` have a heartbeat older than `limit` (run inside a read). */
export function staleTrialIds(r: TrialReader, read: <T>(fn: () => T) => T, running: readonly number[], limit: string): number[] {
  return read(() => r.st(`SELECT trial_id FROM trial_heartbeats WHERE ${IN_IDS} AND heartbeat < ?`).pluck().all(JSON.stringify(running), limit) as number[]);
}

/** Sets a stale RUNNING trial to FAIL (inside a write transaction); whether this call did it. */
export function failIfStale(r: TrialReader, trialId: number, limit: string): boolean {
  return (
    r.st(
      "UPDATE trials SET state = 'FAIL', datetime_complete = ? WHERE trial_id = ? AND state = 'RUNNING' " +
        "AND EXISTS (SELECT 1 FROM trial_heartbeats h WHERE h.trial_id = trials.trial_id AND h.heartbeat < ?)",
    ).run(toDbDatetime(new Date()), trialId, limit).changes === 1
  );
}
