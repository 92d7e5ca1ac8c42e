/**
 * toPNG: the SVG of {@link toSVG} rasterized by resvg with DejaVu font files loaded explicitly
 * (without font files resvg silently drops every text).
 * @module
 */
import { InvalidArgumentError, ParzenError } from "../../errors.js";
import { checkOptionKeys } from "../../core/option-keys.js";
import type { PlotSpec } from "../spec.js";
import { FONT_DIRS, findDejaVu } from "./font-metrics.js";
import { toSVG } from "./svg.js";

/** Options of {@link toPNG}. */
export interface PNGOptions {
  /** Pixel density: 2 (default) gives a sharp image on high-DPI screens. */
  readonly scale?: number;
  /** Font files to use instead of DejaVu Sans (needed where DejaVu is not installed). */
  readonly fontFiles?: readonly string[];
}

function defaultFonts(): string[] {
  const files = findDejaVu();
  if (files.length > 0) return files;
  throw new ParzenError(
    "toPNG: no DejaVu Sans font found (looked in " + FONT_DIRS.join(", ") + "). Install fonts-dejavu-core, or pass `fontFiles`.",
  );
}

/** A PNG image of a Vega-Lite spec. @throws {InvalidArgumentError} bad scale; {ParzenError} no font. */
export async function toPNG(spec: PlotSpec, options: PNGOptions = {}): Promise<Buffer> {
  checkOptionKeys("toPNG", options, ["scale", "fontFiles"]);
  const scale = options.scale ?? 2;
  if (typeof scale !== "number" || !(scale > 0) || scale > 10) {
    throw new InvalidArgumentError(`toPNG: \`scale\` must be a number in (0, 10], got ${String(scale)}.`);
  }
  const fontFiles = options.fontFiles ? [...options.fontFiles] : defaultFonts();
  const svg = await toSVG(spec);
  // The native rasterizer is loaded on first use: specs and SVG never need it.
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}
