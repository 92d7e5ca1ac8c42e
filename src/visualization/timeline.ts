/**
 * plotTimeline: one horizontal bar per trial from its start to its completion (or now, while
 * RUNNING), coloured by state: COMPLETE blue, FAIL red, PRUNED orange, RUNNING green, WAITING
 * grey; infeasible COMPLETE trials light blue. `nRecentTrials` keeps only the newest.
 * @module
 */
import type { TrialState } from "../trial/state.js";
import { emptySpec, CONFIG, isFeasible, type PlotSpec, type PlotStudy, title } from "./spec.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotTimeline}. */
export interface TimelineOptions {
  /** Keep only the newest N trials. */
  readonly nRecentTrials?: number;
  /** "Now", for RUNNING trials (default: the current time). */
  readonly now?: Date;
}

/** The data of the plot: start and end in milliseconds since the epoch. */
export interface TimelineInfo {
  readonly bars: readonly { number: number; state: TrialState | "INFEASIBLE"; start: number; end: number }[];
}

const TIMELINE_KEYS = optionKeys<TimelineOptions>({ nRecentTrials: true, now: true });

/** The plot data. */
export function getTimelineInfo(study: PlotStudy, options: TimelineOptions = {}): TimelineInfo {
  checkOptionKeys("plotTimeline", options, TIMELINE_KEYS);
  const now = (options.now ?? new Date()).getTime();
  let trials = study.getTrials().filter((t) => t.datetimeStart !== undefined);
  if (options.nRecentTrials !== undefined) trials = trials.slice(Math.max(0, trials.length - options.nRecentTrials));
  return {
    bars: trials.map((t) => ({
      number: t.number,
      state: t.state === "COMPLETE" && !isFeasible(t) ? "INFEASIBLE" : t.state,
      start: (t.datetimeStart as Date).getTime(),
      end: (t.datetimeComplete ?? new Date(now)).getTime(),
    })),
  };
}

/** The Vega-Lite spec of the timeline. */
export function plotTimeline(study: PlotStudy, options: TimelineOptions = {}): PlotSpec {
  return timelineSpec(getTimelineInfo(study, options));
}

const STATES = ["COMPLETE", "FAIL", "PRUNED", "RUNNING", "WAITING", "INFEASIBLE"];
const COLORS = ["#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#7f7f7f", "#aec7e8"];

/** The spec from the data. @internal */
export function timelineSpec(info: TimelineInfo): PlotSpec {
  if (info.bars.length === 0) return emptySpec("Timeline Plot", "No trial has started yet.");
  const n = info.bars.length;
  const t0 = Math.min(...info.bars.map((b) => b.start));
  const t1 = Math.max(...info.bars.map((b) => b.end));
  // Bars shorter than 0.2% of the span are widened so that they stay visible (tooltips keep the truth).
  const minWidth = Math.max(1, (t1 - t0) * 0.002);
  // Under a minute a time axis would label milliseconds: use seconds since the first start instead.
  const short = n > 0 && t1 - t0 < 60_000;
  const values = info.bars.map((b) => ({
    ...b,
    lo: b.number - 0.4,
    hi: b.number + 0.4,
    endDrawn: Math.max(b.end, b.start + minWidth),
    s0: (b.start - t0) / 1000,
    s1: (Math.max(b.end, b.start + minWidth) - t0) / 1000,
    seconds: (b.end - b.start) / 1000,
  }));
  const x = short
    ? {
        field: "s0",
        type: "quantitative",
        title: `Seconds since ${new Date(t0).toISOString().replace("T", " ").slice(0, 19)} UTC`,
        scale: { nice: false },
        axis: { format: "~g", tickCount: 6, labelOverlap: true },
      }
    : {
        field: "start",
        type: "temporal",
        title: "Datetime",
        // 24-hour clock at every zoom (Vega's default labels hours as "03 PM")
        axis: { labelAngle: 0, labelOverlap: true, format: { year: "%Y", month: "%b %Y", date: "%b %d", hours: "%H:%M", minutes: "%H:%M", seconds: "%H:%M:%S", milliseconds: "%H:%M:%S.%L" } },
      };
  const present = STATES.filter((s) => info.bars.some((b) => b.state === s));
  const numbers = info.bars.map((b) => b.number);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title("Timeline Plot", n === 0 ? "No trial has started yet." : `${n} trial${n === 1 ? "" : "s"}`),
    config: CONFIG,
    width: 560,
    height: Math.min(480, Math.max(120, n * 12)),
    data: { values },
    mark: { type: "rect" },
    encoding: {
      x,
      x2: { field: short ? "s1" : "endDrawn" },
      y: {
        field: "lo",
        type: "quantitative",
        title: "Trial",
        axis: { tickMinStep: 1, format: "d" },
        scale: { reverse: true, nice: false, domain: [Math.min(...numbers) - 0.5, Math.max(...numbers) + 0.5] },
      },
      y2: { field: "hi" },
      color: {
        field: "state",
        type: "nominal",
        title: "State",
        scale: { domain: present, range: present.map((s) => COLORS[STATES.indexOf(s)]) },
        legend: { orient: "top" },
      },
      tooltip: [
        { field: "number", title: "Trial" },
        { field: "state", title: "State" },
        { field: "start", type: "temporal", title: "Start", format: "%Y-%m-%d %H:%M:%S" },
        { field: "seconds", title: "Duration (s)", format: ".3~f" },
      ],
    },
  } as PlotSpec;
}
