/**
 * plotContour: for a pair of parameters, the objective over the plane as a filled grid (each cell
 * the best observed value in it; empty cells interpolated from the filled ones by inverse
 * distance), with the observed trials as black dots. More than two parameters: a matrix of every
 * pair. Log parameters on log axes, categoricals one cell per choice.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { fromUnit, pairEncoding, pairFields, pairLayout, pairSize, type RangedAxis, rangedAxis, unit } from "./pairs.js";
import {
  allParamNames,
  bestRow,
  completeWithTarget,
  CONFIG,
  emptySpec,
  objectiveColorScale,
  paramAxis,
  type PlotSpec,
  type PlotStudy,
  resolveTarget,
  selectParams,
  subsample,
  type TargetOptions,
  title,
} from "./spec.js";
import { own } from "../core/own.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link plotContour}. */
export interface ContourOptions extends TargetOptions {
  /** At least 2 parameters (default: all). */
  readonly params?: readonly string[];
  /** Grid cells per numeric axis (default: 40 for one pair, fewer for a matrix). */
  readonly gridSize?: number;
  /** Most dots per panel (default 1000; the grid always uses every trial). */
  readonly maxPoints?: number;
}

/** One grid cell; x0..x1 and y0..y1 in raw units (categoricals: the label in xc / yc). */
export interface ContourCell {
  readonly x0?: number;
  readonly x1?: number;
  readonly xc?: string;
  readonly y0?: number;
  readonly y1?: number;
  readonly yc?: string;
  readonly value: number;
  /** Whether a trial lies in the cell (else the value is interpolated). */
  readonly observed: boolean;
}

/** One pair panel. */
export interface ContourPanel {
  readonly x: RangedAxis;
  readonly y: RangedAxis;
  readonly cells: readonly ContourCell[];
  readonly points: readonly { number: number; value: number; x?: number; xc?: string; y?: number; yc?: string }[];
}

/** The data of the plot. */
export interface ContourInfo {
  readonly targetName: string;
  readonly lowerIsBetter: boolean;
  readonly params: readonly string[];
  /** panels[i][j]: y = params[i], x = params[j]; the diagonal is null. */
  readonly panels: readonly (readonly (ContourPanel | null)[])[];
  readonly nTrials: number;
  readonly maxPoints: number;
}

function cellsOf(ax: RangedAxis, ay: RangedAxis, rows: readonly [FrozenTrial, number][], g: number, better: (a: number, b: number) => boolean): ContourCell[] {
  const nx = ax.scale === "categorical" ? ax.hi + 1 : ax.lo === ax.hi ? 1 : g;
  const ny = ay.scale === "categorical" ? ay.hi + 1 : ay.lo === ay.hi ? 1 : g;
  const idx = (a: RangedAxis, n: number, u: number): number => (a.scale === "categorical" ? Math.round(u * a.hi) : Math.min(n - 1, Math.max(0, Math.floor(u * n))));
  const grid = new Float64Array(nx * ny).fill(NaN);
  for (const [t, v] of rows) {
    const i = idx(ax, nx, unit(ax, own(t.params, ax.name) ?? null));
    const j = idx(ay, ny, unit(ay, own(t.params, ay.name) ?? null));
    const k = j * nx + i;
    const cur = grid[k] as number;
    if (Number.isNaN(cur) || better(v, cur)) grid[k] = v;
  }
  // Centres of cells in unit coordinates, for the interpolation.
  const cx = (i: number): number => (ax.scale === "categorical" ? (ax.hi > 0 ? i / ax.hi : 0.5) : (i + 0.5) / nx);
  const cy = (j: number): number => (ay.scale === "categorical" ? (ay.hi > 0 ? j / ay.hi : 0.5) : (j + 0.5) / ny);
  const filled: number[] = [];
  for (let k = 0; k < grid.length; k++) if (!Number.isNaN(grid[k] as number)) filled.push(k);
  const cells: ContourCell[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      let v = grid[k] as number;
      const observed = !Number.isNaN(v);
      if (!observed) {
        if (filled.length === 0) continue;
        let sw = 0;
        let swv = 0;
        for (const f of filled) {
          const dx = cx(f % nx) - cx(i);
          const dy = cy(Math.floor(f / nx)) - cy(j);
          const w = 1 / (dx * dx + dy * dy) ** 1.5;
          sw += w;
          swv += w * (grid[f] as number);
        }
        v = swv / sw;
      }
      // A numeric axis with one value gets one cell over the padded axis.
      const xPart =
        ax.scale === "categorical"
          ? { xc: (ax.categories ?? [])[i] as string }
          : nx === 1
            ? { x0: fromUnit(ax, -0.05), x1: fromUnit(ax, 1.05) }
            : { x0: fromUnit(ax, i / nx), x1: fromUnit(ax, (i + 1) / nx) };
      const yPart =
        ay.scale === "categorical"
          ? { yc: (ay.categories ?? [])[j] as string }
          : ny === 1
            ? { y0: fromUnit(ay, -0.05), y1: fromUnit(ay, 1.05) }
            : { y0: fromUnit(ay, j / ny), y1: fromUnit(ay, (j + 1) / ny) };
      cells.push({ ...xPart, ...yPart, value: v, observed });
    }
  }
  return cells;
}

const CONTOUR_KEYS = optionKeys<ContourOptions>({ target: true, targetName: true, params: true, gridSize: true, maxPoints: true });

/** The plot data. @throws {InvalidArgumentError} fewer than 2 params, unknown params, multi-objective without target. */
export function getContourInfo(study: PlotStudy, options: ContourOptions = {}): ContourInfo {
  checkOptionKeys("plotContour", options, CONTOUR_KEYS);
  const r = resolveTarget(study, options, "plotContour");
  const rows = completeWithTarget(study, r.target);
  const params = selectParams("plotContour", options.params, allParamNames(study.getTrials({ states: ["COMPLETE"] })));
  if (options.params !== undefined && params.length < 2) {
    throw new InvalidArgumentError("plotContour: pass at least 2 parameters in `params`.");
  }
  const trials = rows.map(([t]) => t);
  const n = params.length;
  const g = options.gridSize ?? (n <= 2 ? 40 : n <= 4 ? 20 : 12);
  const better = r.custom ? () => true : r.lowerIsBetter ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  const axes = params.map((p) => paramAxis(p, trials));
  const maxPoints = options.maxPoints ?? 1000;
  const panels = params.map((py, i) =>
    params.map((px, j) => {
      if (i === j) return null;
      const sub = rows.filter(([t]) => Object.hasOwn(t.params, px) && Object.hasOwn(t.params, py));
      const subTrials = sub.map(([t]) => t);
      const ax = rangedAxis(axes[j] as ReturnType<typeof paramAxis>, subTrials);
      const ay = rangedAxis(axes[i] as ReturnType<typeof paramAxis>, subTrials);
      return {
        x: ax,
        y: ay,
        cells: cellsOf(ax, ay, sub, g, better),
        points: subsample(sub, maxPoints, bestRow(sub, r.lowerIsBetter)).map(([t, value]) => ({ number: t.number, value, ...pairFields(ax, ay, t) })),
      };
    }),
  );
  return { targetName: r.targetName, lowerIsBetter: r.lowerIsBetter, params, panels, nTrials: rows.length, maxPoints };
}

/** The Vega-Lite spec of a contour plot. */
export function plotContour(study: PlotStudy, options: ContourOptions = {}): PlotSpec {
  return contourSpec(getContourInfo(study, options));
}

/** The spec from the data. @internal */
export function contourSpec(info: ContourInfo): PlotSpec {
  if (info.params.length < 2 || info.nTrials === 0) return emptySpec("Contour Plot", info.params.length < 2 ? "A contour plot needs at least 2 parameters." : "No COMPLETE trials yet.");
  const n = info.params.length;
  const size = pairSize(n);
  const color = { field: "value", type: "quantitative", title: info.targetName, scale: objectiveColorScale(info.lowerIsBetter) };
  const panel = (i: number, j: number): Record<string, unknown> => {
    const p = info.panels[i]?.[j] as ContourPanel;
    const xe = pairEncoding(p.x, "x", true);
    const ye = pairEncoding(p.y, "y", true);
    const cx = p.x.scale === "categorical" ? { x: xe } : { x: { ...xe, field: "x0" }, x2: { field: "x1" } };
    const cy = p.y.scale === "categorical" ? { y: ye } : { y: { ...ye, field: "y0" }, y2: { field: "y1" } };
    const dots = p.points.length > 2000 ? 0.25 : p.points.length > 300 ? 0.5 : 0.9;
    return {
      width: size,
      height: size,
      layer: [
        {
          data: { values: p.cells },
          // Cells overlap by 0.6 px so that anti-aliasing leaves no white seams between them.
          mark: {
            type: "rect",
            strokeWidth: 0,
            ...(p.x.scale === "categorical" ? {} : { x2Offset: 0.6 }),
            ...(p.y.scale === "categorical" ? {} : { y2Offset: -0.6 }),
          },
          encoding: { ...cx, ...cy, color, tooltip: [{ field: "value", title: info.targetName, format: ".4~g" }] },
        },
        {
          data: { values: p.points },
          mark: { type: "circle", color: "black", size: p.points.length > 1000 ? 6 : 14, opacity: dots },
          encoding: { x: xe, y: ye, tooltip: [{ field: "number", title: "Trial" }, { field: "value", title: info.targetName, format: ".6~g" }] },
        },
      ],
    };
  };
  const body = n < 2 ? { data: { values: [] }, mark: "rect", width: size, height: size / 3 } : pairLayout(info.params, panel, size);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title(
      "Contour Plot",
      `${info.nTrials} COMPLETE trials (dots${info.nTrials > info.maxPoints ? `: ${info.maxPoints} per panel shown` : ""}); ` +
        `colour = ${info.targetName}, dark = better; gaps interpolated`,
    ),
    config: CONFIG,
    ...body,
    ...(n > 2 ? { resolve: { scale: { color: "shared" } } } : {}),
  } as PlotSpec;
}
