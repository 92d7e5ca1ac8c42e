/**
 * `ask` and `tell`: drive a study from a shell script.
 * @module
 */
import type { Command } from "commander";
import { distributionFromObject } from "../../distributions/json.js";
import type { Distribution } from "../../distributions/types.js";
import { InvalidArgumentError } from "../../errors.js";
import { isFinished, type TrialState } from "../../trial/state.js";
import { type CliContext, format, intArg, openStudy } from "../context.js";
import { printRecord } from "../output.js";
import { samplerOption, samplerFromOptions } from "../samplers.js";
import { setOwn } from "../../core/own.js";

/** A parse result, zod-style. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses `--search-space`: a JSON object of name → distribution (Optuna's JSON or the short form). */
export function parseSearchSpace(text: string): Parsed<Record<string, Distribution>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `--search-space is not valid JSON (${(e as Error).message}).` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, error: "--search-space must be a JSON object of parameter name → distribution." };
  }
  const out: Record<string, Distribution> = {};
  for (const [name, d] of Object.entries(raw)) {
    try {
      setOwn(out, name, distributionFromObject(d));
    } catch (e) {
      return { ok: false, error: `--search-space: parameter "${name}": ${(e as Error).message}` };
    }
  }
  return { ok: true, value: out };
}

function parseValue(v: string): number {
  const s = v.trim().toLowerCase();
  if (s === "inf" || s === "+inf" || s === "infinity") return Number.POSITIVE_INFINITY;
  if (s === "-inf" || s === "-infinity") return Number.NEGATIVE_INFINITY;
  const n = Number(v);
  if (s === "" || Number.isNaN(n)) throw new InvalidArgumentError(`--values takes numbers, got ${JSON.stringify(v)}.`);
  return n;
}

/** Registers ask and tell. */
export function register(program: Command, ctx: CliContext): void {
  samplerOption(
    program
      .command("ask")
      .description("start a trial and print its number and parameters (JSON by default)")
      .option("--search-space <json>", 'parameters to suggest, e.g. \'{"x": {"type": "float", "low": 0, "high": 1}}\''),
  )
    .addHelpText(
      "after",
      '\nExample:\n  $ parzen ask --storage sqlite:///s.db --study-name s \\\n      --search-space \'{"x": {"name": "FloatDistribution", "attributes": {"low": -10, "high": 10, "log": false, "step": null}}}\'',
    )
    .action(async (o: { searchSpace?: string; sampler?: string; seed?: number }, cmd: Command) => {
      let space: Record<string, Distribution> = {};
      if (o.searchSpace !== undefined) {
        const parsed = parseSearchSpace(o.searchSpace);
        if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
        space = parsed.value;
      }
      const study = await openStudy(cmd, ctx, samplerFromOptions(o));
      const trial = await study.ask(space);
      await trial.flush();
      printRecord(ctx.io, format(cmd, "json"), { number: trial.number, params: { ...trial.params } });
    });

  program
    .command("tell")
    .description("finish a trial with its value(s) or a state")
    .requiredOption("--trial-number <n>", "the trial's number", intArg("--trial-number"))
    .option("--values <v...>", "objective value(s); inf and -inf are accepted", (v: string, prev: number[] = []) => [...prev, parseValue(v)])
    .option("--state <state>", "complete, pruned or fail (default: complete when values are given)")
    .option("--skip-if-finished", "succeed without change when the trial is already finished")
    .addHelpText("after", "\nExample:\n  $ parzen tell --storage sqlite:///s.db --study-name s --trial-number 3 --values 0.25")
    .action(async (o: { trialNumber: number; values?: number[]; state?: string; skipIfFinished?: boolean }, cmd: Command) => {
      const study = await openStudy(cmd, ctx);
      const state = o.state?.toUpperCase() as TrialState | undefined;
      if (state !== undefined && !["COMPLETE", "PRUNED", "FAIL"].includes(state)) {
        throw new InvalidArgumentError(`--state must be complete, pruned or fail, got ${JSON.stringify(o.state)}.`);
      }
      if (o.values === undefined && (state === undefined || state === "COMPLETE")) {
        throw new InvalidArgumentError("tell needs --values, or --state pruned / fail.");
      }
      const values = o.values === undefined ? undefined : o.values.length === 1 ? o.values[0] : o.values;
      const before = study.trials.find((x) => x.number === o.trialNumber);
      if (o.skipIfFinished && before !== undefined && isFinished(before.state)) {
        ctx.io.err(
          `skipped: trial ${before.number} is already ${before.state}${before.values ? ` with ${JSON.stringify(before.values)}` : ""}; nothing was told.`,
        );
        return;
      }
      const t = await study.tell(o.trialNumber, values, {
        ...(state !== undefined ? { state } : {}),
        skipIfFinished: o.skipIfFinished ?? false,
      });
      ctx.io.err(`trial ${t.number} ${t.state}${t.values ? ` with ${JSON.stringify(t.values)}` : ""}`);
    });
}
