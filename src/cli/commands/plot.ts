/**
 * `plot KIND --out FILE.(svg|png|html)` and `report --out FILE.html`.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname } from "node:path";
import { Argument, type Command, Option } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import type { Study } from "../../study/study.js";
import {
  plotContour,
  plotEdf,
  plotHypervolumeHistory,
  plotIntermediateValues,
  plotOptimizationHistory,
  plotParallelCoordinate,
  plotParamImportances,
  plotParetoFront,
  plotRank,
  plotSlice,
  plotTimeline,
  type PlotSpec,
  renderReport,
  toHTML,
  toPNG,
  toSVG,
} from "../../visualization/index.js";
import { type CliContext, openStudy } from "../context.js";

/** What some plot kinds need from the command line. */
interface PlotArgs {
  readonly referencePoint?: readonly number[];
}

/** Every plot kind the command knows, and how to draw it. */
export const PLOT_KINDS: Record<string, (s: Study, a: PlotArgs) => PlotSpec> = {
  history: (s) => plotOptimizationHistory(s),
  slice: (s) => plotSlice(s),
  importance: (s) => plotParamImportances(s),
  "parallel-coordinate": (s) => plotParallelCoordinate(s),
  contour: (s) => plotContour(s),
  edf: (s) => plotEdf(s),
  "intermediate-values": (s) => plotIntermediateValues(s),
  "pareto-front": (s) => plotParetoFront(s),
  timeline: (s) => plotTimeline(s),
  rank: (s) => plotRank(s),
  "hypervolume-history": (s, a) => {
    if (a.referencePoint === undefined) {
      throw new InvalidArgumentError(
        `hypervolume-history needs --reference-point with ${s.directions.length} numbers, one per objective, in the study's directions (e.g. --reference-point ${s.directions.map(() => "1").join(" ")}).`,
      );
    }
    return plotHypervolumeHistory(s, a.referencePoint);
  },
};

function write(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}

/** Registers plot and report. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("plot")
    .description("draw one plot of a study to an SVG, PNG or HTML file")
    .addArgument(new Argument("<kind>", "what to draw").choices(Object.keys(PLOT_KINDS)))
    .requiredOption("--out <file>", "output file: .svg, .png or .html")
    .addOption(new Option("--scale <n>", "PNG scale factor").default("2"))
    .option("--reference-point <values...>", "hypervolume-history: one number per objective")
    .addHelpText("after", "\nExample:\n  $ parzen plot history --storage sqlite:///storage/demo.db --study-name demo --out history.png")
    .action(async (kind: string, o: { out: string; scale: string; referencePoint?: string[] }, cmd: Command) => {
      const ext = extname(o.out).toLowerCase();
      if (![".svg", ".png", ".html"].includes(ext)) {
        throw new InvalidArgumentError(`--out must end in .svg, .png or .html, got ${JSON.stringify(o.out)}.`);
      }
      const referencePoint = o.referencePoint?.map((v) => {
        const x = Number(v);
        if (v.trim() === "" || Number.isNaN(x)) throw new InvalidArgumentError(`--reference-point takes numbers, got ${JSON.stringify(v)}.`);
        return x;
      });
      const study = await openStudy(cmd, ctx);
      const spec = (PLOT_KINDS[kind] as (s: Study, a: PlotArgs) => PlotSpec)(study, referencePoint ? { referencePoint } : {});
      if (ext === ".svg") write(o.out, await toSVG(spec));
      else if (ext === ".png") write(o.out, await toPNG(spec, { scale: Number(o.scale) || 2 }));
      else write(o.out, toHTML([{ title: kind, spec }], { title: `${kind}: ${study.studyName}` }));
      ctx.io.err(`wrote ${o.out}`);
    });

  program
    .command("report")
    .description("every plot of a study and a summary in one offline HTML file")
    .requiredOption("--out <file>", "output .html file")
    .addHelpText("after", "\nExample:\n  $ parzen report --storage sqlite:///storage/demo.db --study-name demo --out report.html")
    .action(async (o: { out: string }, cmd: Command) => {
      const study = await openStudy(cmd, ctx);
      write(o.out, renderReport(study));
      ctx.io.err(`wrote ${o.out}`);
    });
}
