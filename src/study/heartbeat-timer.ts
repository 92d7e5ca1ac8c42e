/**
 * The heartbeat of one running trial: when the storage has heartbeats on, a first beat is
 * written when the trial starts and one every `heartbeatInterval` seconds until it ends — from
 * the storage's own heartbeat thread when it has one (SQLite), so a synchronous objective that
 * blocks the main thread does not make the trial look dead; else on an unref'd timer (it never
 * keeps the process alive). Failed beats are ignored: the next one retries. Storage-side
 * staleness (failStaleTrials) is in storages/heartbeat.ts.
 * @module
 */
import type { Storage } from "../storages/base.js";

/** Beats for one trial between start() and stop(). */
export class HeartbeatTimer {
  private timer: ReturnType<typeof setInterval> | undefined;
  private threaded = false;

  constructor(
    private readonly storage: Storage,
    private readonly trialId: number,
  ) {}

  /** Whether the storage records heartbeats at all. */
  get enabled(): boolean {
    return (this.storage.heartbeatInterval ?? 0) > 0 && this.storage.recordHeartbeat !== undefined;
  }

  /**
   * Starts beating: from the storage's own heartbeat thread when it has one (a blocked main
   * thread keeps beating), else from a timer; the first beat is written at once (a failure of
   * that one is thrown).
   */
  async start(): Promise<void> {
    if (!this.enabled || this.timer !== undefined || this.threaded) return;
    if (this.storage.startHeartbeat) {
      this.storage.startHeartbeat(this.trialId); // writes the first beat, unless the trial's creation did
      this.threaded = true;
      return;
    }
    const ms = (this.storage.heartbeatInterval as number) * 1000;
    this.timer = setInterval(() => void this.storage.recordHeartbeat?.(this.trialId).catch(() => undefined), ms);
    this.timer.unref();
    await this.storage.recordHeartbeat?.(this.trialId);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.threaded) this.storage.stopHeartbeat?.(this.trialId);
    this.threaded = false;
  }
}
