/**
 * The progress bar of optimize (cli-progress on stderr): trials done, best value, ETA.
 * cli-progress is imported only when a bar is shown (importing parzen does not load it).
 * @module
 */
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection } from "../trial/state.js";

/** A running progress bar. @internal */
export interface Progress {
  update(trial: FrozenTrial): void;
  stop(): void;
}

function fmt(v: number | undefined): string {
  if (v === undefined) return "-";
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

/** A bar by trials when nTrials is known, else by elapsed time against the timeout. @internal */
export async function createProgress(
  directions: readonly StudyDirection[],
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
    },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  let best: FrozenTrial | undefined;
  const t0 = Date.now();
  bar.start(total, 0, { best: "-", bestNo: "-", done: 0 });
  const timer = byTime
    ? setInterval(() => bar.update(Math.min(total, Math.floor((Date.now() - t0) / 1000))), 500)
    : undefined;
  timer?.unref();
  const single = directions.length === 1;
  const sign = directions[0] === "maximize" ? -1 : 1;
  return {
    update(trial) {
      done++;
      if (single && trial.state === "COMPLETE" && trial.value !== undefined) {
        if (best === undefined || sign * trial.value < sign * (best.value as number)) best = trial;
      }
      const payload = { best: fmt(best?.value), bestNo: best?.number ?? "-", done };
      if (byTime) bar.update(Math.min(total, Math.floor((Date.now() - t0) / 1000)), payload);
      else bar.update(done, payload);
    },
    stop() {
      if (timer) clearInterval(timer);
      bar.stop();
    },
  };
}
