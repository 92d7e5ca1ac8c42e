/**
 * toSVG: compiles a Vega-Lite spec and renders it with a headless vega View (renderer "none",
 * no canvas package needed). Vega-Lite and vega warnings go to parzen's warning sink
 * (code PARZEN_PLOT_WARNING) instead of the console.
 * @module
 */
import type * as Vega from "vega";
import { warn } from "../../warnings.js";
import * as messages from "../../messages.js";
import type { PlotSpec } from "../spec.js";
import { findDejaVu, loadFontWidths } from "./font-metrics.js";

let metricsInstalled = false;

/** vega's log level for warnings (vega.Warn). */
const WARN = 2;

/** vega and vega-lite, loaded on first render: building specs never needs them. */
async function libraries(): Promise<{ vega: typeof Vega; compile: typeof import("vega-lite").compile }> {
  const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
  return { vega, compile: vl.compile };
}

/**
 * Gives vega the real widths of DejaVu Sans (the font the PNG renderer draws with) instead of its
 * 0.8 em-per-character estimate, so layouts are as tight in headless SVG as in a browser. Done
 * once per process; without the font files vega keeps its estimate.
 */
function installTextMetrics(vega: typeof Vega): void {
  if (metricsInstalled) return;
  metricsInstalled = true;
  const files = findDejaVu();
  const fonts = loadFontWidths(files.find((f) => f.endsWith("DejaVuSans.ttf")) ?? "", files.find((f) => f.endsWith("DejaVuSans-Bold.ttf")));
  if (!fonts) return;
  // vega re-exports vega-scenegraph's textMetrics at runtime; its typings do not declare it.
  const tm = (vega as unknown as { textMetrics: { width: (item: Record<string, unknown>, text: unknown) => number } }).textMetrics;
  tm.width = (item, text) => {
    const size = typeof item.fontSize === "number" ? item.fontSize : 11;
    const weight = item.fontWeight;
    const bold = weight === "bold" || weight === "bolder" || (typeof weight === "number" && weight >= 600) || weight === "600" || weight === "700";
    const s = text === undefined || text === null ? "" : String(text);
    return (bold ? fonts.bold : fonts.regular).width(s, size);
  };
}

/** A vega logger that forwards warnings and errors to parzen's warnings. @internal */
export function plotLogger(): Vega.LoggerInterface {
  let level = WARN;
  const forward = (args: unknown[]): void => warn(messages.plotWarning(args));
  const logger: Vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      forward(args);
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= WARN) forward(args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** The SVG markup of a Vega-Lite spec. */
export async function toSVG(spec: PlotSpec): Promise<string> {
  const { vega, compile } = await libraries();
  installTextMetrics(vega);
  const logger = plotLogger();
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: "none", logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
