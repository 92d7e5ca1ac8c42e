/**
 * `set-user-attr` and `storage upgrade`, as Optuna's CLI has them
 * (`optuna study set-user-attr`, `optuna storage upgrade`).
 * @module
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { InvalidArgumentError } from "../../errors.js";
import { isSqliteUrl, sqlitePathFromUrl } from "../../storages/sqlite/url.js";
import { CachedStorage } from "../../storages/cached.js";
import { resolveStorage } from "../../storages/url.js";
import { type CliContext, openStudy, storageUrl } from "../context.js";
import { escapeControl } from "../text.js";

/** What a backend with schema versions offers (SQLite, PostgreSQL; others may omit it). */
interface Upgradable {
  readonly revision: string;
  /** SQLite returns the migrations it applied; PostgreSQL returns nothing. */
  upgrade(): Promise<readonly string[] | void>;
  close?(): Promise<void>;
}

function isUpgradable(s: unknown): s is Upgradable {
  return typeof s === "object" && s !== null && typeof (s as Upgradable).upgrade === "function" && typeof (s as Upgradable).revision === "string";
}

/** Registers set-user-attr and storage upgrade. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("set-user-attr")
    .description("set a user attribute of a study (the value is stored as a string, as Optuna's CLI does)")
    .requiredOption("-k, --key <key>", "the attribute's name")
    .requiredOption("-v, --value <value>", "the attribute's value")
    .addHelpText("after", "\nExample:\n  $ parzen set-user-attr --storage sqlite:///storage/demo.db --study-name demo --key owner --value ana")
    .action(async (o: { key: string; value: string }, cmd: Command) => {
      const study = await openStudy(cmd, ctx);
      await study.setUserAttr(o.key, o.value);
      ctx.io.err(
        `Attribute successfully written: ${escapeControl(JSON.stringify(o.key))} = ${escapeControl(JSON.stringify(o.value))} ` +
          `on study "${escapeControl(study.studyName)}".`,
      );
    });

  const storage = program.command("storage").description("storage maintenance: parzen storage upgrade");
  storage
    .command("upgrade")
    .description("upgrade the storage's schema to the revision this parzen writes (Optuna >= 3.2's v3.2.0.a)")
    .addHelpText(
      "after",
      "\nAn Optuna 3.0/3.1 file (revision v3.0.0.d) is opened as is without this; after the upgrade,\n" +
        "Optuna 3.1 no longer opens it and Optuna >= 3.2 does.\n" +
        "Example:\n  $ parzen storage upgrade --storage sqlite:///storage/old.db",
    )
    .action(async (_o, cmd: Command) => {
      const url = storageUrl(cmd, ctx);
      if (isSqliteUrl(url)) {
        const path = sqlitePathFromUrl(url);
        if (path !== ":memory:" && !existsSync(path)) {
          throw new InvalidArgumentError(`No database at ${path}: --storage must name an existing file to upgrade.`);
        }
      }
      const s = await resolveStorage(url);
      // the backend itself, not the trial cache studies read through
      const backend = s instanceof CachedStorage ? s.inner : s;
      try {
        if (!isUpgradable(backend)) {
          ctx.io.err("This storage has no schema versions: nothing to upgrade.");
          return;
        }
        const before = backend.revision;
        const applied = await backend.upgrade();
        const files = Array.isArray(applied) && applied.length > 0 ? ` (${applied.join(", ")})` : "";
        if (backend.revision === before) ctx.io.err(`This storage is up-to-date (revision ${before}).`);
        else ctx.io.err(`Completed to upgrade the storage from revision ${before} to ${backend.revision}${files}.`);
      } finally {
        await s.close?.();
      }
    });
}
