/**
 * The terminal dashboard's screen as a pure function of a study snapshot and the terminal size.
 * @module
 */
import type { StudySummary } from "../../study/create.js";
import { paretoFront } from "../../core/pareto.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { StudyDirection } from "../../trial/state.js";

/** What one frame shows. */
export interface DashboardSnapshot {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly trials: readonly FrozenTrial[];
  /** The time the frame is drawn. */
  readonly now: Date;
  readonly storage?: string;
}

const SPARK = "▁▂▃▄▅▆▇█";

/** A number in at most `width` characters. */
export function fmtNum(v: number | undefined, width = 10): string {
  if (v === undefined) return "-";
  if (!Number.isFinite(v)) return String(v);
  let s = String(Number(v.toPrecision(6)));
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

function clip(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

function pad(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? clip(s, width) : s + " ".repeat(width - len);
}

function paramsText(p: Readonly<Record<string, unknown>>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === "number" ? fmtNum(v, 9) : String(v)}`)
    .join(" ");
}

/** The lines of one frame, each at most `width` characters; exactly `height` lines. */
export function renderDashboard(s: DashboardSnapshot, width: number, height: number): string[] {
  const w = Math.max(20, width);
  const lines: string[] = [];
  const counts = { COMPLETE: 0, PRUNED: 0, FAIL: 0, RUNNING: 0, WAITING: 0 };
  for (const t of s.trials) counts[t.state]++;
  const starts = s.trials.map((t) => t.datetimeStart?.getTime()).filter((x): x is number => x !== undefined);
  const first = starts.length ? Math.min(...starts) : undefined;
  // while trials run, the clock runs; once all are finished, it stops at the last completion
  const ends = s.trials.map((t) => t.datetimeComplete?.getTime()).filter((x): x is number => x !== undefined);
  const until = counts.RUNNING > 0 || ends.length === 0 ? s.now.getTime() : Math.max(...ends);
  const elapsed = first === undefined ? undefined : until - first;
  const finished = counts.COMPLETE + counts.PRUNED + counts.FAIL;
  const perMin = elapsed && elapsed > 0 ? (finished / elapsed) * 60_000 : 0;
  const time = s.now.toISOString().slice(11, 19);
  const title = ` parzen · ${s.studyName} · ${s.directions.join(", ")} `;
  lines.push(pad(`${clip(title, w - 10)}${" ".repeat(Math.max(1, w - [...clip(title, w - 10)].length - time.length))}${time}`, w));
  lines.push(
    pad(
      `trials ${s.trials.length}  complete ${counts.COMPLETE}  pruned ${counts.PRUNED}  fail ${counts.FAIL}  running ${counts.RUNNING}  waiting ${counts.WAITING}`,
      w,
    ),
  );
  lines.push(pad(`elapsed ${fmtDuration(elapsed)}   ${perMin.toFixed(1)} trials/min`, w));
  if (s.directions.length === 1) {
    const dir = s.directions[0] as StudyDirection;
    const curve = bestSoFar(s.trials, dir);
    let best: FrozenTrial | undefined;
    for (const t of s.trials) {
      if (t.state !== "COMPLETE" || t.value === undefined) continue;
      if (best === undefined || (dir === "minimize" ? t.value < (best.value as number) : t.value > (best.value as number))) best = t;
    }
    lines.push(pad(best ? `best ${fmtNum(best.value, 14)}  (trial #${best.number})` : "best -  (no complete trial yet)", w));
    lines.push(pad(best ? `  ${paramsText(best.params)}` : "", w));
    const label = "best so far ";
    lines.push(pad(label + sparkline(curve, w - label.length), w));
  } else {
    const front = paretoFront(s.trials, s.directions);
    lines.push(pad(`Pareto front: ${front.length} trials`, w));
    lines.push(pad(front.slice(0, 3).map((t) => `#${t.number} ${JSON.stringify(t.values?.map((v) => Number(v.toPrecision(4))))}`).join("  "), w));
    lines.push(pad("", w));
  }
  lines.push(pad("", w));
  const header = `${"#".padStart(5)}  ${"state".padEnd(8)}  ${"value".padStart(12)}  ${"duration".padStart(8)}  params`;
  lines.push(pad(header, w));
  lines.push("─".repeat(w));
  const room = Math.max(0, height - lines.length - 1);
  const recent = s.trials.slice(-room).reverse();
  for (const t of recent) {
    const value = t.values === undefined ? "" : t.values.length === 1 ? fmtNum(t.values[0], 12) : t.values.map((v) => fmtNum(v, 6)).join(",");
    const dur = t.duration ?? (t.state === "RUNNING" && t.datetimeStart ? s.now.getTime() - t.datetimeStart.getTime() : undefined);
    lines.push(pad(`${String(t.number).padStart(5)}  ${t.state.padEnd(8)}  ${clip(value, 12).padStart(12)}  ${fmtDuration(dur).padStart(8)}  ${paramsText(t.params)}`, w));
  }
  while (lines.length < height - 1) lines.push(" ".repeat(w));
  lines.push(pad(" q quit · live: refreshes while other processes write", w));
  return lines.slice(0, height);
}

/** The study picker: one line per study. */
export function renderStudyList(studies: readonly StudySummary[], selected: number, width: number, height: number): string[] {
  const w = Math.max(20, width);
  const lines = [pad(" parzen · choose a study (↑/↓ or 1-9, Enter; q quits)", w), "─".repeat(w)];
  studies.forEach((s, i) => {
    const mark = i === selected ? "›" : " ";
    lines.push(
      pad(`${mark} ${String(i + 1).padStart(2)}. ${s.studyName}  ${s.directions.join(",")}  ${s.nTrials} trials  best ${fmtNum(s.bestTrial?.value)}`, w),
    );
  });
  if (studies.length === 0) lines.push(pad("  (no study in this storage yet)", w));
  while (lines.length < height) lines.push(" ".repeat(w));
  return lines.slice(0, height);
}
