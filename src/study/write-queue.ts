/**
 * The per-trial write queue: suggest, report and attribute writes are synchronous for the
 * objective, so each one is queued on its trial's promise chain and awaited when the trial is
 * told. The first failure is kept and rethrown by flush (nothing is lost silently).
 * @module
 */

/** Promise chains of storage writes, one per trial id. */
export class WriteQueue {
  private readonly chains = new Map<number, { chain: Promise<void>; error?: unknown }>();

  /** Queues a write of a trial after its earlier ones. */
  enqueue(trialId: number, write: () => Promise<void>): void {
    let w = this.chains.get(trialId);
    if (!w) {
      w = { chain: Promise.resolve() };
      this.chains.set(trialId, w);
    }
    const entry = w;
    entry.chain = entry.chain.then(write).catch((e: unknown) => {
      if (entry.error === undefined) entry.error = e;
    });
  }

  /** Awaits the queued writes of a trial; rethrows the first failure (once). */
  async flush(trialId: number): Promise<void> {
    const w = this.chains.get(trialId);
    if (!w) return;
    await w.chain;
    if (w.error !== undefined) {
      const e = w.error;
      w.error = undefined;
      throw e;
    }
  }

  /** Forgets a trial's chain (after its final flush). */
  forget(trialId: number): void {
    this.chains.delete(trialId);
  }
}
