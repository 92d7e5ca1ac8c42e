/**
 * `optimize MODULE`: run a module objective (its default export) on worker threads, with a
 * progress bar, creating the study when it does not exist.
 * @module
 */
import type { Command } from "commander";
import { createStudy } from "../../study/create.js";
import type { StudyDirection } from "../../trial/state.js";
import { isLogEnabled, setVerbosity } from "../../core/logging.js";
import { type CliContext, globals, intArg, numArg, storageUrl } from "../context.js";
import { samplerFromOptions, samplerOption } from "../samplers.js";
import { escapeControl } from "../text.js";

interface OptimizeCliOptions {
  nTrials?: number;
  timeout?: number;
  jobs: number;
  sampler?: string;
  seed?: number;
  direction?: StudyDirection;
  progress: boolean;
  quiet?: boolean;
}

/** Registers optimize. */
export function register(program: Command, ctx: CliContext): void {
  samplerOption(
    program
      .command("optimize")
      .description("run a module objective (default export (trial) => number) on worker threads")
      .argument("<module>", "path of an ES module (.js, or .ts with tsx installed)")
      .option("--n-trials <n>", "number of trials", intArg("--n-trials"))
      .option("--timeout <seconds>", "no new trial after this many seconds", numArg("--timeout"))
      .option("--jobs <n>", "trials at once on worker threads (-1: one per CPU)", intArg("--jobs"), 1)
      .option("--direction <d>", "minimize or maximize, when the study is created")
      .option("--no-progress", "no progress bar")
      .option("-q, --quiet", "no per-trial lines and no progress bar: only warnings, errors and the summary"),
  )
    .addHelpText("after", "\nExample:\n  $ parzen optimize objective.js --storage sqlite:///storage/s.db --study-name s --n-trials 100 --jobs 2")
    .action(async (module: string, o: OptimizeCliOptions, cmd: Command) => {
      const g = globals(cmd);
      // Per trial, Optuna's line ("Trial 3 finished with value: …") at info level, unless --quiet.
      const restoreVerbosity = o.quiet ? setVerbosity("warning") : isLogEnabled("info") ? undefined : setVerbosity("info");
      try {
        await run(module, o, g, cmd);
      } finally {
        restoreVerbosity?.();
      }
    });

  async function run(module: string, o: OptimizeCliOptions, g: ReturnType<typeof globals>, cmd: Command): Promise<void> {
    const study = await createStudy({
      storage: storageUrl(cmd, ctx),
      ...(g.studyName !== undefined ? { studyName: g.studyName } : {}),
      ...(o.direction !== undefined ? { direction: o.direction } : {}),
      loadIfExists: true,
      ...samplerFromOptions(o),
    });
    let ran = 0;
    await study.optimize(module, {
      callbacks: [() => void ran++],
      nJobs: o.jobs,
      showProgressBar: o.progress && !o.quiet,
      ...(o.nTrials !== undefined ? { nTrials: o.nTrials } : {}),
      ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    });
    ctx.io.out(`study "${escapeControl(study.studyName)}": ran ${ran} trials, ${study.trials.length} in all`);
    if (study.directions.length === 1 && study.getTrials({ states: ["COMPLETE"] }).length > 0) {
      const best = study.bestTrial;
      ctx.io.out(`best trial #${best.number}: value ${best.value} params ${JSON.stringify(best.params)}`);
    }
  }
}
