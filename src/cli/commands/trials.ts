/**
 * `trials`, `best-trial`, `best-trials`, `export`.
 * @module
 */
import { writeFileSync } from "node:fs";
import { type Command, InvalidArgumentError as CommanderInvalidArgumentError } from "commander";
import type { Study } from "../../study/study.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import { TRIAL_STATES, type TrialState } from "../../trial/state.js";
import { type CliContext, format, openStudy } from "../context.js";
import { type Format, formatCsv, formatJson, printRows } from "../output.js";

function table(study: Study, trials: readonly FrozenTrial[]): { columns: string[]; rows: Record<string, unknown>[] } {
  const numbers = new Set(trials.map((t) => t.number));
  const df = study.trialsDataframe();
  const rows = df.rows.filter((r) => numbers.has(r.number as number));
  return { columns: df.columns, rows };
}

/** Parses one --state value (any case); an unknown state is a usage error (exit 2). */
function stateArg(value: string, previous: TrialState[] | undefined): TrialState[] {
  const s = value.toUpperCase() as TrialState;
  if (!TRIAL_STATES.includes(s)) {
    throw new CommanderInvalidArgumentError(`unknown state ${JSON.stringify(value)}: use ${TRIAL_STATES.join(", ")}.`);
  }
  return [...(previous ?? []), s];
}

/** Registers the trial commands. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("trials")
    .description("list the trials of a study")
    .option("--state <states...>", "only these states (COMPLETE, PRUNED, FAIL, RUNNING, WAITING)", stateArg)
    .addHelpText("after", "\nExample:\n  $ parzen trials --storage sqlite:///storage/demo.db --study-name demo --state COMPLETE -f csv")
    .action(async (o: { state?: TrialState[] }, cmd: Command) => {
      const study = await openStudy(cmd, ctx);
      const states = o.state;
      const trials = study.trials.filter((t) => !states || states.includes(t.state));
      const { columns, rows } = table(study, trials);
      printRows(ctx.io, format(cmd), columns, rows);
    });

  program
    .command("best-trial")
    .description("the best trial of a single-objective study")
    .addHelpText("after", "\nExample:\n  $ parzen best-trial --storage sqlite:///storage/demo.db --study-name demo -f json")
    .action(async (_o, cmd: Command) => {
      const study = await openStudy(cmd, ctx);
      const { columns, rows } = table(study, [study.bestTrial]);
      printRows(ctx.io, format(cmd), columns, rows);
    });

  program
    .command("best-trials")
    .description("the Pareto front of a study")
    .action(async (_o, cmd: Command) => {
      const study = await openStudy(cmd, ctx);
      const { columns, rows } = table(study, study.bestTrials);
      printRows(ctx.io, format(cmd), columns, rows);
    });

  program
    .command("export")
    .description("the trials table as CSV or JSON, to stdout or a file")
    .option("--out <file>", "write to this file instead of stdout")
    .addHelpText("after", "\nExample:\n  $ parzen export --storage sqlite:///storage/demo.db --study-name demo -f csv --out trials.csv")
    .action(async (o: { out?: string }, cmd: Command) => {
      const study = await openStudy(cmd, ctx);
      const f: Format = format(cmd, "csv") === "json" ? "json" : "csv";
      const { columns, rows } = table(study, study.trials);
      if (o.out) {
        const text = f === "csv" ? formatCsv(columns, rows) : formatJson(columns, rows);
        writeFileSync(o.out, `${text}\n`);
        ctx.io.err(`wrote ${rows.length} trials to ${o.out}`);
      } else printRows(ctx.io, f, columns, rows);
    });
}

