/**
/**
 * The progress bar of optimize (cli-progress on stderr): trials done, the study's best value
 * (over every trial the study holds, from earlier runs and other processes too, as Optuna's
 * bar shows), ETA. cli-progress is imported only when a bar is shown (importing parzen does not
 * load it).
 * @module
 */
import { currentLogHandler, formatLogRecord, isDefaultLogHandler, setLogHandler } from "../core/logging.js";
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

/** Cuts a line into pieces of at most `width` characters (no cut when the width is unknown). */
function wrap(line: string, width: number | undefined): string {
  if (!width || width < 20 || line.length <= width) return line;
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += width) parts.push(line.slice(i, i + width));
  return parts.join("\n");
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
  const options = {
    stream: process.stderr,
    format: byTime
      ? "{bar} {percentage}% | {value}/{total}s | trials {done} | best {best} (#{bestNo})"
      : "{bar} {percentage}% | {value}/{total} trials | best {best} (#{bestNo}) | ETA {eta_formatted}",
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    etaBuffer: 20,
  };
  const first = studyBest();
  const payload0 = { best: fmt(first?.value), bestNo: first?.number ?? "-", done: 0 };
  // On a terminal, log lines go above the bar through cli-progress's MultiBar.log (as Optuna's
  // tqdm handler writes them with tqdm.write); a custom log handler, or a pipe, gets them as is.
  const tty = process.stderr.isTTY === true && isDefaultLogHandler(currentLogHandler());
  let bar: InstanceType<typeof cliProgress.SingleBar>;
  let end: () => void;
  if (tty) {
    const multi = new cliProgress.MultiBar(options, cliProgress.Presets.shades_classic);
    bar = multi.create(total, 0, payload0);
    // cli-progress turns the terminal's line wrapping off while it draws: wrap long lines here
    const restoreHandler = setLogHandler((r) => multi.log(`${wrap(formatLogRecord(r), process.stderr.columns)}\n`));
    end = () => {
      multi.stop();
      restoreHandler();
    };
  } else {
    bar = new cliProgress.SingleBar(options, cliProgress.Presets.shades_classic);
    bar.start(total, 0, payload0);
    end = () => bar.stop();
  }
  let done = 0;
  const t0 = Date.now();
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
      end();
    },
  };
}
