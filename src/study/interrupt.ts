/**
 * Ctrl-C (SIGINT) and SIGTERM (kill, systemd, Docker, Kubernetes) during optimize. The rule:
 *
 * - Always: the run stops starting trials at once.
 * - When nobody but parzen listens to the signal (the usual script): this process is about to
 *   end, so its running trials are set FAIL in storage (none stays RUNNING until the grace
 *   period), and the process exits as a shell expects: 130 for SIGINT, 143 for SIGTERM.
 * - When the program has its own listener for the signal, the program owns the process: parzen
 *   does not exit and does not fail anything. The running trials finish, are told as usual (their
 *   results are kept), and `optimize` resolves. (An objective that should stop early reads
 *   `trial.signal`, or the program passes its own `signal` to optimize.)
 *
 * Several optimize runs in one process each install a handler; they do not count as the
 * program's listeners, and the last of them to finish its clean-up exits.
 * @module
 */

/** Options of {@link InterruptHandler}. */
export interface InterruptOptions {
  /** The signals handled, with the exit code of each (default: SIGINT 130, SIGTERM 143). */
  readonly signals?: Readonly<Partial<Record<NodeJS.Signals, number>>>;
}

/** Every listener parzen installed (so the program's own listeners can be told apart). */
const ours = new Set<(...args: unknown[]) => void>();

/** How many listeners of `signal` the program itself installed. */
export function programListeners(signal: NodeJS.Signals): number {
  return process.listeners(signal).filter((l) => !ours.has(l as (...args: unknown[]) => void)).length;
}

/** Installs the policy of the module doc for the signals while a run is on. */
export class InterruptHandler {
  private readonly signals: Readonly<Partial<Record<NodeJS.Signals, number>>>;
  private readonly listener: (signal: NodeJS.Signals) => void;

  /**
   * @param stop called at once, synchronously, on every signal (the run stops starting trials).
   * @param cleanUp awaited before the exit, only when the process exits (fail the running trials).
   */
  constructor(stop: () => void, cleanUp: () => Promise<void>, options: InterruptOptions = {}) {
    this.signals = options.signals ?? { SIGINT: 130, SIGTERM: 143 };
    this.listener = (signal) => {
      stop();
      if (programListeners(signal) > 0) return;
      void (async () => {
        await cleanUp().catch(() => undefined);
        this.uninstall();
        if (process.listenerCount(signal) === 0) process.exit(this.signals[signal] ?? 1);
      })();
    };
  }

  install(): this {
    ours.add(this.listener as (...args: unknown[]) => void);
    for (const s of Object.keys(this.signals) as NodeJS.Signals[]) process.on(s, this.listener);
    return this;
  }

  uninstall(): void {
    for (const s of Object.keys(this.signals) as NodeJS.Signals[]) process.off(s, this.listener);
    ours.delete(this.listener as (...args: unknown[]) => void);
  }
}
