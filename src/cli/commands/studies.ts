/**
 * `studies`, `create-study`, `delete-study`, `copy-study`.
 * @module
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { copyStudy, createStudy, deleteStudy, getAllStudySummaries, loadStudy } from "../../study/create.js";
import { resolveStorage } from "../../storages/url.js";
import type { StudyDirection } from "../../trial/state.js";
import { type CliContext, format, globals, readStorage, storageUrl } from "../context.js";
import { printRows } from "../output.js";
import { escapeControl } from "../text.js";

function requireName(cmd: Command): string {
  const name = globals(cmd).studyName;
  if (!name) throw new InvalidArgumentError("This command needs --study-name NAME.");
  return name;
}

/** Registers the study commands. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("studies")
    .description("list the studies of a storage: name, direction, trials, best value, last update")
    .addHelpText("after", "\nExample:\n  $ parzen studies --storage sqlite:///storage/demo.db -f json")
    .action(async (_o, cmd: Command) => {
      const rows = (await getAllStudySummaries(await readStorage(cmd, ctx))).map((s) => ({
        name: s.studyName,
        direction: s.directions.join(","),
        n_trials: s.nTrials,
        best_value: s.bestTrial?.value,
        datetime_start: s.datetimeStart,
        last_update: s.lastUpdate,
      }));
      printRows(ctx.io, format(cmd), ["name", "direction", "n_trials", "best_value", "datetime_start", "last_update"], rows);
    });

  program
    .command("create-study")
    .description("create a study and print its name")
    .option("--direction <d>", "minimize or maximize")
    .option("--directions <d...>", "several objectives, e.g. --directions minimize maximize")
    .option("--skip-if-exists", "do nothing when the study exists")
    .addHelpText("after", "\nExample:\n  $ parzen create-study --storage sqlite:///storage/s.db --study-name s --direction maximize")
    .action(async (o: { direction?: StudyDirection; directions?: StudyDirection[]; skipIfExists?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const study = await createStudy({
        storage: storageUrl(cmd, ctx),
        ...(g.studyName !== undefined ? { studyName: g.studyName } : {}),
        ...(o.direction !== undefined ? { direction: o.direction } : {}),
        ...(o.directions !== undefined ? { directions: o.directions } : {}),
        loadIfExists: o.skipIfExists ?? false,
      });
      ctx.io.out(escapeControl(study.studyName));
    });

  program
    .command("delete-study")
    .description("delete a study and all its trials")
    .option("--yes", "confirm deleting a study that has finished trials")
    .addHelpText("after", "\nExample:\n  $ parzen delete-study --storage sqlite:///storage/s.db --study-name old --yes")
    .action(async (o: { yes?: boolean }, cmd: Command) => {
      const name = requireName(cmd);
      const storage = await readStorage(cmd, ctx);
      const study = await loadStudy({ storage, studyName: name });
      const finished = study.trials.filter((t) => t.state === "COMPLETE" || t.state === "PRUNED").length;
      if (finished > 0 && !o.yes) {
        throw new InvalidArgumentError(
          `Study "${name}" has ${finished} finished trials; deleting it loses them. Pass --yes to delete, or copy-study it first.`,
        );
      }
      await deleteStudy({ storage, studyName: name });
      ctx.io.err(`deleted study "${escapeControl(name)}" (${study.trials.length} trials)`);
    });

  program
    .command("copy-study")
    .description("copy a study with its trials into another storage (or under another name), e.g. SQLite ⇄ PostgreSQL")
    .option("--from <url>", "the source storage URL (default: --storage)")
    .option("--to <url>", "the target storage URL (same as --to-storage)")
    .option("--to-storage <url>", "the target storage URL")
    .option("--to-study-name <name>", "the copy's name (default: the same)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ parzen copy-study --storage sqlite:///a.db --study-name s --to-storage sqlite:///b.db\n" +
        "  $ parzen copy-study --from sqlite:///laptop.db --study-name s --to postgresql://me:pw@db:5432/studies",
    )
    .action(async (o: { from?: string; to?: string; toStorage?: string; toStudyName?: string }, cmd: Command) => {
      const name = requireName(cmd);
      const to = o.to ?? o.toStorage;
      if (to === undefined) throw new InvalidArgumentError("copy-study needs the target: --to URL (or --to-storage URL).");
      await copyStudy({
        fromStudyName: name,
        fromStorage: await resolveStorage(o.from ?? storageUrl(cmd, ctx), { mustExist: true }),
        toStorage: to,
        ...(o.toStudyName !== undefined ? { toStudyName: o.toStudyName } : {}),
      });
      ctx.io.out(escapeControl(o.toStudyName ?? name));
    });
}
