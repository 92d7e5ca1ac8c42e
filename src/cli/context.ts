/**
 * What every command shares: the global options, the storage from --storage or PARZEN_STORAGE,
 * and the output writer.
 * @module
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "../errors.js";
import { loadStudy } from "../study/create.js";
import type { Study } from "../study/study.js";
import type { Storage } from "../storages/base.js";
import { resolveStorage } from "../storages/url.js";
import type { Format, IO } from "./output.js";

/** Global options, as commander parses them. */
export interface GlobalOptions {
  storage?: string;
  studyName?: string;
  format?: Format;
  debug?: boolean;
}

/** A command's view of the CLI. */
export interface CliContext {
  readonly io: IO;
  readonly env: NodeJS.ProcessEnv;
}

/** The global options of the command being run. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** The storage URL, from --storage or PARZEN_STORAGE. @throws {InvalidArgumentError} when neither is set. */
export function storageUrl(cmd: Command, ctx: CliContext): string {
  const url = globals(cmd).storage ?? ctx.env.PARZEN_STORAGE;
  if (!url) {
    throw new InvalidArgumentError(
      "No storage given: pass --storage sqlite:///path/to/study.db or set PARZEN_STORAGE.",
    );
  }
  return url;
}

/**
 * The storage of a command that only reads (studies, trials, export, plot, dashboard …): it must
 * exist, and nothing is created. @throws {StorageError} naming the missing database.
 */
export function readStorage(cmd: Command, ctx: CliContext): Promise<Storage> {
  return resolveStorage(storageUrl(cmd, ctx), { mustExist: true });
}

/**
 * The study named by --study-name, or the only study of the storage; both must exist.
 * @throws {InvalidArgumentError} without --study-name when the storage holds no study or several.
 */
export async function openStudy(cmd: Command, ctx: CliContext, extra: Parameters<typeof loadStudy>[0] extends infer O ? Partial<O> : never = {}): Promise<Study> {
  const name = globals(cmd).studyName;
  const storage = await readStorage(cmd, ctx);
  if (name === undefined) {
    const names = (await storage.getAllStudies()).map((s) => s.studyName);
    if (names.length !== 1) {
      throw new InvalidArgumentError(
        names.length === 0
          ? "The storage holds no study: create one with parzen create-study --study-name NAME."
          : `The storage holds ${names.length} studies (${names.map((n) => JSON.stringify(n)).join(", ")}): pass --study-name NAME.`,
      );
    }
    return loadStudy({ storage, studyName: names[0] as string, ...extra });
  }
  return loadStudy({ storage, studyName: name, ...extra });
}

/** The chosen output format (default: table). */
export function format(cmd: Command, fallback: Format = "table"): Format {
  return globals(cmd).format ?? fallback;
}

/** Parses an integer option. */
export function intArg(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got ${JSON.stringify(v)}.`);
    return n;
  };
}

/** Parses a number option. */
export function numArg(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === "" || Number.isNaN(n)) throw new InvalidArgumentError(`${name} must be a number, got ${JSON.stringify(v)}.`);
    return n;
  };
}
