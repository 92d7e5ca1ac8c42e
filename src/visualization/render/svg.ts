/**
 * toSVG: compiles a Vega-Lite spec and renders it with a headless vega View (renderer "none",
 * no canvas package needed). Vega-Lite and vega warnings go to parzen's warning sink
 * (code PARZEN_PLOT_WARNING) instead of the console.
 * @module
 */
import * as vega from "vega";
import { compile } from "vega-lite";
import { warn } from "../../warnings.js";
import type { PlotSpec } from "../spec.js";

/** A vega logger that forwards warnings and errors to parzen's warnings. @internal */
export function plotLogger(): vega.LoggerInterface {
  let level = vega.Warn;
  const forward = (args: unknown[]): void => warn("PARZEN_PLOT_WARNING", args.map(String).join(" "));
  const logger: vega.LoggerInterface = {
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
      if (level >= vega.Warn) forward(args);
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
  const logger = plotLogger();
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: "none", logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
