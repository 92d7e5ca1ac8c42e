/**
 * toSVG: compiles a Vega-Lite spec and renders it with a headless vega View (renderer "none",
 * no canvas package needed).
 * @module
 */
import * as vega from "vega";
import { compile } from "vega-lite";
import type { PlotSpec } from "../spec.js";

/** The SVG markup of a Vega-Lite spec. */
export async function toSVG(spec: PlotSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
