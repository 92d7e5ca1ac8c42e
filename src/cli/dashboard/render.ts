/**
 * The terminal dashboard's screen as a pure function of a study snapshot, the terminal size and
 * the view (colour on or off, how far the trial list is scrolled). Names come from the storage,
 * so every user text passes through escapeControl: a name cannot drive the terminal.
 * @module
 */
import type { StudySummary } from "../../study/create.js";
import { paretoFront } from "../../core/pareto.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { StudyDirection, TrialState } from "../../trial/state.js";
import { escapeControl } from "../text.js";

/** What one frame shows. */
export interface DashboardSnapshot {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly trials: readonly FrozenTrial[];
  /** The time the frame is drawn. */
  readonly now: Date;
  readonly storage?: string;
}

/** How a frame is drawn. */
export interface RenderOptions {
  /** ANSI colours (states, the best trial); off for NO_COLOR and non-TTY output. Default false. */
  readonly color?: boolean;
  /** Trial-list rows skipped from the newest (0 = the newest trial on top). Clamped. */
  readonly scroll?: number;
}

const SPARK = "▁▂▃▄▅▆▇█";
/** Lines above the trial list (title … column rule) and below it (the footer). */
const HEAD_LINES = 9;
const FOOT_LINES = 1;

/** SGR codes of each state's colour. */
const STATE_STYLE: Record<TrialState, string> = { COMPLETE: "32", PRUNED: "33", FAIL: "31", RUNNING: "36", WAITING: "2" };
const BEST_STYLE = "1;33";

/** How many trial rows a terminal of `height` lines shows. */
export function trialListRows(height: number): number {
  return Math.max(0, height - HEAD_LINES - FOOT_LINES);
}

/** A number in at most `width` characters. */
export function fmtNum(v: number | undefined, width = 10): string {
  if (v === undefined) return "-";
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  let s = a !== 0 && (a < 1e-4 || a >= 1e9) ? v.toExponential(4).replace(/\.?0+e/, "e") : String(Number(v.toPrecision(6)));
  if (s.length > width) s = v.toExponential(Math.max(1, width - 6));
  return s;
}

/** "1h02m", "5m12s", "42s". */
export function fmtDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "-";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** Best value so far after each COMPLETE trial (single objective). */
export function bestSoFar(trials: readonly FrozenTrial[], direction: StudyDirection): number[] {
  const out: number[] = [];
  let best: number | undefined;
  for (const t of trials) {
    if (t.state !== "COMPLETE" || t.value === undefined || Number.isNaN(t.value)) continue;
    if (best === undefined || (direction === "minimize" ? t.value < best : t.value > best)) best = t.value;
    out.push(best);
  }
  return out;
}

/** A sparkline of `values` in `width` cells (resampled; high = worse for minimize, so it falls as it improves). */
export function sparkline(values: readonly number[], width: number): string {
  if (values.length === 0 || width <= 0) return "";
  const n = Math.min(width, values.length);
  const pts: number[] = [];
  for (let i = 0; i < n; i++) pts.push(values[Math.min(values.length - 1, Math.round(((i + 1) * values.length) / n) - 1)] as number);
  const finite = pts.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return pts
    .map((v) => {
      if (!Number.isFinite(v)) return " ";
      const k = hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (SPARK.length - 1));
      return SPARK[k] as string;
    })
    .join("");
}

/**
 * The "elapsed · rate" line. While trials run, the clock runs; once all are finished it says so,
 * with the span from the first start to the last completion. A rate over less than a second (or
 * a single trial) says nothing useful, so it is left out.
 */
export function rateLine(trials: readonly FrozenTrial[], now: Date): string {
  const starts = trials.map((t) => t.datetimeStart?.getTime()).filter((x): x is number => x !== undefined);
  if (starts.length === 0) return trials.length === 0 ? "no trial yet" : `${trials.length} waiting, none started yet`;
  const first = Math.min(...starts);
  const live = trials.some((t) => t.state === "RUNNING" || t.state === "WAITING");
  const ends = trials.map((t) => t.datetimeComplete?.getTime()).filter((x): x is number => x !== undefined);
  const until = live || ends.length === 0 ? now.getTime() : Math.max(...ends);
  const elapsed = until - first;
  const finished = ends.length;
  const rate = elapsed >= 1000 && finished >= 2 ? `${((finished / elapsed) * 60_000).toFixed(1)} trials/min` : undefined;
  if (live) return `elapsed ${fmtDuration(elapsed)}${rate ? ` · ${rate}` : ""}`;
  const last = new Date(until).toISOString().replace("T", " ").slice(0, 19);
  return `finished · ${finished} trial${finished === 1 ? "" : "s"} in ${fmtDuration(elapsed)}${rate ? ` (${rate})` : ""} · last ${last} UTC`;
}

/** A text piece and its SGR style. */
type Seg = readonly [text: string, style?: string];

/** Segments joined, clipped (…) or padded to exactly `width` visible characters; styles only with `color`. */
function fit(segs: readonly Seg[], width: number, color: boolean): string {
  let out = "";
  let left = width;
  for (const [text, style] of segs) {
    if (left <= 0) break;
    const chars = [...text];
    let piece = text;
    if (chars.length > left) piece = `${chars.slice(0, Math.max(0, left - 1)).join("")}…`;
    left -= [...piece].length;
    out += color && style && piece !== "" ? `\x1b[${style}m${piece}\x1b[0m` : piece;
  }
  return left > 0 ? out + " ".repeat(left) : out;
}

function paramsText(p: Readonly<Record<string, unknown>>): string {
  return Object.entries(p)
    .map(([k, v]) => `${escapeControl(k)}=${typeof v === "number" ? fmtNum(v, 9) : escapeControl(String(v))}`)
    .join(" ");
}

/** A trial's value, or its values each right-aligned in `widths` (one column per objective). */
function valueText(t: FrozenTrial, widths: readonly number[] = []): string {
  if (t.values === undefined) return "";
  return t.values.length === 1 ? fmtNum(t.values[0], 12) : t.values.map((v, i) => fmtNum(v, 9).padStart(widths[i] ?? 0)).join(" ");
}

function bestTrial(trials: readonly FrozenTrial[], dir: StudyDirection): FrozenTrial | undefined {
  let best: FrozenTrial | undefined;
  for (const t of trials) {
    if (t.state !== "COMPLETE" || t.value === undefined || Number.isNaN(t.value)) continue;
    if (best === undefined || (dir === "minimize" ? t.value < (best.value as number) : t.value > (best.value as number))) best = t;
  }
  return best;
}

/** The lines of one frame, each exactly `width` visible characters; exactly `height` lines. */
export function renderDashboard(s: DashboardSnapshot, width: number, height: number, options: RenderOptions = {}): string[] {
  const w = Math.max(20, width);
  const color = options.color ?? false;
  const line = (...segs: Seg[]) => fit(segs, w, color);
  const lines: string[] = [];
  const counts: Record<TrialState, number> = { COMPLETE: 0, PRUNED: 0, FAIL: 0, RUNNING: 0, WAITING: 0 };
  for (const t of s.trials) counts[t.state]++;
  const time = s.now.toISOString().slice(11, 19);
  const title = ` parzen · ${escapeControl(s.studyName)} · ${s.directions.join(", ")} `;
  const titleRoom = Math.max(1, w - time.length - 1);
  lines.push(line([fit([[title]], titleRoom, false), "1"], [" "], [time]));
  const count = (label: string, state: TrialState): Seg[] => [[`  ${label} `], [String(counts[state]), counts[state] > 0 ? STATE_STYLE[state] : undefined]];
  lines.push(
    line(
      [`trials ${s.trials.length}`],
      ...count("complete", "COMPLETE"),
      ...count("pruned", "PRUNED"),
      ...count("fail", "FAIL"),
      ...count("running", "RUNNING"),
      ...count("waiting", "WAITING"),
    ),
  );
  lines.push(line([rateLine(s.trials, s.now)]));
  let best: FrozenTrial | undefined;
  const front = new Set<number>();
  if (s.directions.length === 1) {
    const dir = s.directions[0] as StudyDirection;
    best = bestTrial(s.trials, dir);
    lines.push(best ? line(["best "], [fmtNum(best.value, 14), BEST_STYLE], [`  (trial #${best.number})`]) : line(["best -  (no complete trial yet)"]));
    lines.push(line([best ? `  ${paramsText(best.params)}` : ""]));
    const label = "best so far ";
    lines.push(line([label], [sparkline(bestSoFar(s.trials, dir), w - label.length), "32"]));
  } else {
    const pareto = paretoFront(s.trials, s.directions);
    for (const t of pareto) front.add(t.number);
    lines.push(line([`Pareto front: ${pareto.length} trial${pareto.length === 1 ? "" : "s"}`, BEST_STYLE], ["  (marked * below)"]));
    lines.push(line([pareto.slice(0, 4).map((t) => `#${t.number} [${valueText(t)}]`).join("  ")]));
    lines.push(line([""]));
  }
  lines.push(line([""]));
  const rows = s.trials.slice().reverse();
  const room = trialListRows(height);
  const maxScroll = Math.max(0, rows.length - room);
  const scroll = Math.min(maxScroll, Math.max(0, Math.floor(options.scroll ?? 0)));
  const shown = rows.slice(scroll, scroll + room);
  // the value column is as wide as its widest shown value (several objectives are never cut)
  const multi = s.directions.length > 1;
  const widths = multi ? s.directions.map((_, i) => Math.max(0, ...shown.map((t) => (t.values ? fmtNum(t.values[i], 9).length : 0)))) : [];
  const valueWidth = Math.max(multi ? 6 : 12, ...shown.map((t) => valueText(t, widths).length));
  const header = `${"#".padStart(6)}  ${"state".padEnd(8)}  ${(multi ? "values" : "value").padStart(valueWidth)}  ${"duration".padStart(8)}  params`;
  lines.push(line([header]));
  lines.push("─".repeat(w));
  for (const t of shown) {
    const isBest = best?.number === t.number || front.has(t.number);
    const dur = t.duration ?? (t.state === "RUNNING" && t.datetimeStart ? s.now.getTime() - t.datetimeStart.getTime() : undefined);
    lines.push(
      line(
        [`${isBest ? "*" : " "}${String(t.number).padStart(5)}  `, isBest ? BEST_STYLE : undefined],
        [t.state.padEnd(8), STATE_STYLE[t.state]],
        [`  ${valueText(t, widths).padStart(valueWidth)}`, isBest ? BEST_STYLE : undefined],
        [`  ${fmtDuration(dur).padStart(8)}  ${paramsText(t.params)}`],
      ),
    );
  }
  while (lines.length < height - FOOT_LINES) lines.push(" ".repeat(w));
  const range = rows.length === 0 ? "" : ` · rows ${scroll + 1}–${scroll + shown.length} of ${rows.length}, newest first`;
  const keys = rows.length > room ? " · ↑↓ PgUp PgDn Home End scroll" : "";
  lines.push(line([` q quit${keys}${range}`, "2"]));
  return lines.slice(0, height);
}

/** The study picker: one line per study. */
export function renderStudyList(studies: readonly StudySummary[], selected: number, width: number, height: number, options: RenderOptions = {}): string[] {
  const w = Math.max(20, width);
  const color = options.color ?? false;
  const lines = [fit([[" parzen · choose a study (↑/↓ or 1-9, Enter; q quits)", "1"]], w, color), "─".repeat(w)];
  studies.forEach((s, i) => {
    const mark = i === selected ? "›" : " ";
    lines.push(
      fit(
        [[`${mark} ${String(i + 1).padStart(2)}. ${escapeControl(s.studyName)}  ${s.directions.join(",")}  ${s.nTrials} trials  best ${fmtNum(s.bestTrial?.value)}`, i === selected ? "7" : undefined]],
        w,
        color,
      ),
    );
  });
  if (studies.length === 0) lines.push(fit([["  (no study in this storage yet)"]], w, false));
  while (lines.length < height) lines.push(" ".repeat(w));
  return lines.slice(0, height);
}
