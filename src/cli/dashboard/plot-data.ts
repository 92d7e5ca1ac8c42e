/**
 * What the dashboard's plots endpoint answers: the report plots of a study (with the chosen
 * parameters in slice, contour, parallel coordinates and rank), each data row of a trial given
 * the trial's parameters for the tooltip. Used by the plot thread (plot-worker.ts).
 * @module
 */
import type { FrozenTrial } from "../../trial/frozen.js";
import { fmt, type PlotStudy } from "../../visualization/spec.js";
import { reportPlots } from "../../visualization/report.js";

/** A request to the plot thread. */
export interface PlotRequest {
  readonly id: number;
  readonly storage: string;
  readonly studyName: string;
  /** Parameters of the parameter plots; undefined = all. */
  readonly params?: readonly string[];
}

/** The plot thread's answer: the JSON body as UTF-8 bytes and gzipped (both transferred, not copied). */
export type PlotReply = { id: number; ok: true; version: string; body: Uint8Array; gzip: Uint8Array } | { id: number; ok: false; name: string; message: string };

/** The version of a study's plots: they change when a trial is added or finishes. */
export function plotVersion(trials: readonly FrozenTrial[]): string {
  let finished = 0;
  for (const t of trials) if (t.state !== "RUNNING" && t.state !== "WAITING") finished++;
  return `${trials.length}/${finished}`;
}

/** "x=0.1, act=relu" (at most 300 characters). */
export function paramsLabel(t: FrozenTrial): string {
  const s = Object.entries(t.params)
    .map(([k, v]) => `${k}=${typeof v === "number" ? fmt(v) : String(v)}`)
    .join(", ");
  return s.length > 300 ? `${s.slice(0, 299)}…` : s;
}

/**
 * Adds a "Params" line to every tooltip that names a trial: each data row with a trial `number`
 * gets the trial's parameters as `params` (a data value: user text never becomes a field name
 * or an expression). Works on any spec shape (layers, concats), in place.
 */
export function addParamTooltips(spec: unknown, byNumber: ReadonlyMap<number, FrozenTrial>): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    const rowsOf = (values: unknown) => {
      if (!Array.isArray(values)) return;
      for (const row of values as Record<string, unknown>[]) {
        const t = typeof row?.number === "number" ? byNumber.get(row.number) : undefined;
        if (t && Object.keys(t.params).length > 0) row.params = paramsLabel(t);
      }
    };
    rowsOf((o.data as { values?: unknown } | undefined)?.values);
    if (o.datasets && typeof o.datasets === "object") Object.values(o.datasets).forEach(rowsOf);
    const enc = o.encoding as { tooltip?: unknown } | undefined;
    if (enc && Array.isArray(enc.tooltip) && enc.tooltip.some((x: { field?: string }) => x?.field === "number") && !enc.tooltip.some((x: { field?: string }) => x?.field === "params")) {
      enc.tooltip.push({ field: "params", type: "nominal", title: "Params" });
    }
    for (const [k, v] of Object.entries(o)) if (k !== "data" && k !== "datasets" && typeof v === "object") walk(v);
  };
  walk(spec);
}

/** The plots endpoint's JSON body for a study, and its version. */
export function plotsBody(study: PlotStudy, params?: readonly string[]): { version: string; body: string } {
  const trials = study.getTrials();
  const { plots, notes } = reportPlots(study, params !== undefined ? { params } : {});
  const byNumber = new Map(trials.map((t) => [t.number, t]));
  for (const p of plots) addParamTooltips(p.spec, byNumber);
  const allParams = [...new Set(trials.flatMap((t) => (t.state === "COMPLETE" ? Object.keys(t.params) : [])))].sort();
  const version = plotVersion(trials);
  return { version, body: JSON.stringify({ version, params: allParams, plots, notes }) };
}
