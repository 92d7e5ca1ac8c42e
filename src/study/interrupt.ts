/**
 * Ctrl-C during optimize: while a run is on, SIGINT asks the run to stop, fails this process's
 * running trials in storage (so no trial stays RUNNING), and then — when no one else listens to
 * the signal — exits with code 130, as a shell expects. A small class so the policy (which
 * signals, what exit code) is changed here and nowhere else.
 * @module
 */

/** Options of {@link InterruptHandler}. */
export interface InterruptOptions {
  /** The signals handled (default: SIGINT). */
  readonly signals?: readonly NodeJS.Signals[];
  /** The exit code once the handler is done, when no other listener is left (default 130). */
  readonly exitCode?: number;
}

/** Installs `onSignal` for the signals while a run is on. */
export class InterruptHandler {
  private readonly signals: readonly NodeJS.Signals[];
  private readonly exitCode: number;
  private readonly listener: (signal: NodeJS.Signals) => void;

  /**
   * @param stop called at once, synchronously (the run stops starting trials).
   * @param cleanUp awaited before the exit (fail the running trials, stop the progress bar).
   */
  constructor(stop: () => void, cleanUp: () => Promise<void>, options: InterruptOptions = {}) {
    this.signals = options.signals ?? ["SIGINT"];
    this.exitCode = options.exitCode ?? 130;
    this.listener = (signal) => {
      stop();
      void (async () => {
        await cleanUp().catch(() => undefined);
        this.uninstall();
        if (process.listenerCount(signal) === 0) process.exit(this.exitCode);
      })();
    };
  }

  install(): this {
    for (const s of this.signals) process.on(s, this.listener);
    return this;
  }

  uninstall(): void {
    for (const s of this.signals) process.off(s, this.listener);
  }
}
