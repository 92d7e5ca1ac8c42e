/**
/**
 * The progress bar of optimize (cli-progress on stderr): trials done, the study's best value
 * (over every trial the study holds, from earlier runs and other processes too, as Optuna's
 * bar shows), ETA. cli-progress is imported only when a bar is shown (importing parzen does not
 * load it).
 * @module
 */
import { currentLogHandler, setLogHandler } from "../core/logging.js";
import type { FrozenTrial } from "../trial/frozen.js";

/** A running progress bar. @internal */
export interface Progress {
  /** After each trial of this call. */
  update(trial: FrozenTrial): void;
  stop(): void;
}

function fmt(v: number | undefined): string {
  if (v === undefined) return "-";
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

/**
 * A bar by trials when nTrials is known, else by elapsed time against the timeout. `studyBest`
 * gives the study's best trial (every trial the study holds), undefined when there is none.
 * @internal
 */
export async function createProgress(
  studyBest: () => FrozenTrial | undefined,
  nTrials: number | undefined,
  timeout: number | undefined,
): Promise<Progress> {
  const cliProgress = (await import("cli-progress")).default;
  const byTime = nTrials === undefined && timeout !== undefined;
  const total = nTrials ?? (timeout !== undefined ? Math.ceil(timeout) : 0);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: byTime
        ? "{bar} {percentage}% | {value}/{total}s | trials {done} | best {best} (#{bestNo})"
        : "{bar} {percentage}% | {value}/{total} trials | best {best} (#{bestNo}) | ETA {eta_formatted}",
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      etaBuffer: 20,
      // log lines clear the bar's line; redraw it on the next frame
      forceRedraw: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  const first = studyBest();
  // While the bar runs, a log line first clears the bar's line (on a terminal), as Optuna's tqdm handler does.
  const tty = process.stderr.isTTY === true;
  const inner = currentLogHandler();
  const restoreHandler = setLogHandler((r) => {
    if (tty) process.stderr.write("\r\x1b[2K");
    inner(r);
  });
  const t0 = Date.now();
  bar.start(total, 0, { best: fmt(first?.value), bestNo: first?.number ?? "-", done: 0 });
  const timer = byTime
    ? setInterval(() => bar.update(Math.min(total, Math.floor((Date.now() - t0) / 1000))), 500)
    : undefined;
  timer?.unref();
  return {
    update() {
      done++;
      const best = studyBest();
      const payload = { best: fmt(best?.value), bestNo: best?.number ?? "-", done };
      if (byTime) bar.update(Math.min(total, Math.floor((Date.now() - t0) / 1000)), payload);
      else bar.update(done, payload);
    },
    stop() {
      if (timer) clearInterval(timer);
      bar.stop();
      restoreHandler();
    },
  };
}
