#!/usr/bin/env node
/**
 * The `parzen` command line. Exit codes: 0 success; 1 an error (one line on stderr, the stack
 * with --debug); 2 bad usage; 130 interrupted.
 * @module
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, Option } from "commander";
import { ParzenError } from "../errors.js";
import { formatLogRecord, setLogHandler } from "../core/logging.js";
import { register as registerAdmin } from "./commands/admin.js";
import { register as registerAskTell } from "./commands/ask-tell.js";
import { register as registerDashboard } from "./commands/dashboard.js";
import { register as registerOptimize } from "./commands/optimize.js";
import { register as registerPlot } from "./commands/plot.js";
import { register as registerStudies } from "./commands/studies.js";
import { register as registerTrials } from "./commands/trials.js";
import type { CliContext } from "./context.js";
import { cliErrorMessage } from "./errors.js";
import type { IO } from "./output.js";
import { escapeLines } from "./text.js";

/** Exit codes. */
export const EXIT = { ok: 0, error: 1, usage: 2, interrupted: 130 } as const;

/** The package's version (from its package.json, two levels above src/cli and dist/cli). */
export const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Builds the program (commands write through `io`). */
export function createProgram(ctx: CliContext): Command {
  const program = new Command("parzen")
    .description("parzen: hyperparameter optimization studies from the command line")
    .version(VERSION, "-V, --version", "print the version")
    // each command's --help lists the options it inherits (--storage, --study-name, -f, --debug)
    .configureHelp({ showGlobalOptions: true })
    .option("--storage <url>", "storage URL, e.g. sqlite:///storage/demo.db (or set PARZEN_STORAGE)")
    .option("--study-name <name>", "the study (may be omitted when the storage holds one)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json", "csv"]))
    .option("--debug", "print stack traces")
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s.replace(/\n$/, "")), writeErr: (s) => ctx.io.err(s.replace(/\n$/, "")) })
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 error, 2 bad usage, 130 interrupted.\n" +
        "Example:\n  $ parzen studies --storage sqlite:///storage/demo.db",
    );
  for (const reg of [registerStudies, registerTrials, registerAskTell, registerOptimize, registerPlot, registerDashboard, registerAdmin]) {
    reg(program, ctx);
  }
  const configure = (cmd: Command): void => {
    for (const c of cmd.commands) {
      c.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s.replace(/\n$/, "")), writeErr: (s) => ctx.io.err(s.replace(/\n$/, "")) });
      configure(c);
    }
  };
  configure(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io?: IO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out: IO = io ?? { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
  const program = createProgram({ io: out, env });
  const debug = argv.includes("--debug");
  // log lines (Optuna's "[I …] Trial 3 finished …", warnings) go to the command's stderr: the
  // logger's own stderr handler when the CLI writes to the process (the progress bar then puts
  // them above itself), else the given io
  const restoreLog = io === undefined ? () => undefined : setLogHandler((r) => out.err(formatLogRecord(r)));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      return EXIT.usage;
    }
    out.err(`error: ${escapeLines(cliErrorMessage(e))}`);
    if (debug && e instanceof Error && e.stack) out.err(e.stack);
    else if (!(e instanceof ParzenError)) out.err("(run with --debug for the stack trace)");
    return EXIT.error;
  } finally {
    restoreLog();
  }
}

const invoked = process.argv[1] !== undefined && (() => {
  try {
    return realpathSync(process.argv[1] as string) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invoked) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
