/**
 * createStudy / loadStudy / deleteStudy / copyStudy / getAllStudySummaries, and the one place
 * where the defaults are wired: in-memory storage, TPESampler, MedianPruner.
 * @module
 */
import { randomUUID } from "node:crypto";
import { DuplicatedStudyError, InvalidArgumentError } from "../errors.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";
import type { Pruner } from "../pruners/base.js";
import { MedianPruner } from "../pruners/percentile.js";
import type { Sampler } from "../samplers/base.js";
import { defaultSampler } from "../samplers/default.js";
import type { Storage, StudyRecord } from "../storages/base.js";
import { log } from "../core/logging.js";
import * as messages from "../messages.js";
import { InMemoryStorage } from "../storages/in-memory.js";
import { bestTrialOf } from "../storages/queries.js";
import { type StorageLike, resolveStorage } from "../storages/url.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { JsonValue, StudyDirection } from "../trial/state.js";
import { StudySession } from "./session.js";
import { Study } from "./study.js";
import { checkStoredString } from "../core/validate.js";

/** Options of {@link createStudy}. */
export interface CreateStudyOptions {
  studyName?: string;
  storage?: StorageLike;
  direction?: StudyDirection;
  directions?: readonly StudyDirection[];
  sampler?: Sampler;
  pruner?: Pruner;
  loadIfExists?: boolean;
}

const CREATE_KEYS = optionKeys<CreateStudyOptions>({
  studyName: true,
  storage: true,
  direction: true,
  directions: true,
  sampler: true,
  pruner: true,
  loadIfExists: true,
});

function checkDirections(o: CreateStudyOptions): StudyDirection[] {
  if (o.direction !== undefined && o.directions !== undefined) {
    throw new InvalidArgumentError("Pass either `direction` or `directions`, not both.");
  }
  if (Array.isArray(o.direction)) {
    throw new InvalidArgumentError("`direction` takes one direction; pass an array as `directions` for several objectives.");
  }
  const dirs = o.directions ?? [o.direction ?? "minimize"];
  if (!Array.isArray(dirs) || dirs.length === 0) {
    throw new InvalidArgumentError("`directions` must be a non-empty array of \"minimize\" / \"maximize\".");
  }
  for (const d of dirs) {
    if (d !== "minimize" && d !== "maximize") {
      throw new InvalidArgumentError(`Direction ${JSON.stringify(d)} is not valid: use "minimize" or "maximize".`);
    }
  }
  return [...dirs];
}

async function open(storage: Storage, studyId: number, sampler?: Sampler, pruner?: Pruner): Promise<Study> {
  const record = await storage.getStudy(studyId);
  const session = new StudySession(storage, studyId, record, sampler ?? defaultSampler(record.directions), pruner ?? new MedianPruner());
  const study = new Study(session);
  await study.refresh();
  return study;
}

/**
 * Creates a study (or, with loadIfExists, loads the existing one of that name).
 * @throws {DuplicatedStudyError} when the name exists and loadIfExists is not set.
 */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  checkOptionKeys("createStudy", options, CREATE_KEYS);
  const directions = checkDirections(options);
  if (options.studyName !== undefined) checkStoredString("studyName", options.studyName, true);
  const storage = await resolveStorage(options.storage);
  const name = options.studyName ?? `no-name-${randomUUID()}`;
  let studyId: number;
  try {
    studyId = await storage.createNewStudy(directions, name);
    log("info", messages.studyCreated(storage instanceof InMemoryStorage ? "memory" : "RDB", name));
  } catch (e) {
    if (!(e instanceof DuplicatedStudyError && options.loadIfExists)) throw e;
    studyId = await storage.getStudyIdFromName(name);
    log("info", messages.studyReused(name));
  }
  return open(storage, studyId, options.sampler, options.pruner);
}

/** Options of {@link loadStudy}. */
export interface LoadStudyOptions {
  /** May be omitted when the storage holds exactly one study. */
  studyName?: string;
  storage: StorageLike;
  sampler?: Sampler;
  pruner?: Pruner;
}

const LOAD_KEYS = optionKeys<LoadStudyOptions>({ studyName: true, storage: true, sampler: true, pruner: true });

/** Loads an existing study. @throws {StudyNotFoundError} naming the studies that exist. */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  checkOptionKeys("loadStudy", options, LOAD_KEYS);
  const storage = await resolveStorage(options.storage);
  let studyId: number;
  if (options.studyName === undefined) {
    const all = await storage.getAllStudies();
    if (all.length !== 1) {
      throw new InvalidArgumentError(
        all.length === 0
          ? "loadStudy: the storage holds no study; create one with createStudy()."
          : `loadStudy: the storage holds ${all.length} studies (${all.map((s) => JSON.stringify(s.studyName)).join(", ")}): pass studyName.`,
      );
    }
    studyId = (all[0] as { studyId: number }).studyId;
  } else studyId = await storage.getStudyIdFromName(options.studyName);
  return open(storage, studyId, options.sampler, options.pruner);
}

/** Deletes a study and its trials. @throws {StudyNotFoundError} */
export async function deleteStudy(options: { studyName: string; storage: StorageLike }): Promise<void> {
  checkOptionKeys("deleteStudy", options, ["studyName", "storage"]);
  const storage = await resolveStorage(options.storage);
  await storage.deleteStudy(await storage.getStudyIdFromName(options.studyName));
}

/** A study as listed by {@link getAllStudySummaries}. */
export interface StudySummary {
  readonly studyName: string;
  readonly studyId: number;
  readonly direction?: StudyDirection;
  readonly directions: readonly StudyDirection[];
  readonly bestTrial?: FrozenTrial;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly nTrials: number;
  /** The earliest trial start. */
  readonly datetimeStart?: Date;
  /** The latest trial start or completion. */
  readonly lastUpdate?: Date;
}

/** Every study of a storage with its counts and best trial. */
export async function getAllStudySummaries(storage: StorageLike): Promise<StudySummary[]> {
  const s = await resolveStorage(storage);
  const out: StudySummary[] = [];
  for (const rec of await s.getAllStudies()) {
    const trials = await s.getAllTrials(rec.studyId);
    let bestTrial: FrozenTrial | undefined;
    if (rec.directions.length === 1) {
      try {
        bestTrial = bestTrialOf(trials, rec.directions);
      } catch {
        bestTrial = undefined;
      }
    }
    let start: number | undefined;
    let last: number | undefined;
    for (const t of trials) {
      const a = t.datetimeStart?.getTime();
      const b = t.datetimeComplete?.getTime() ?? a;
      if (a !== undefined && (start === undefined || a < start)) start = a;
      if (b !== undefined && (last === undefined || b > last)) last = b;
    }
    out.push({
      studyName: rec.studyName,
      studyId: rec.studyId,
      ...(rec.directions.length === 1 ? { direction: rec.directions[0] } : {}),
      directions: rec.directions,
      ...(bestTrial ? { bestTrial } : {}),
      userAttrs: rec.userAttrs,
      systemAttrs: rec.systemAttrs,
      nTrials: trials.length,
      ...(start !== undefined ? { datetimeStart: new Date(start) } : {}),
      ...(last !== undefined ? { lastUpdate: new Date(last) } : {}),
    });
  }
  return out;
}

/** Options of {@link copyStudy}. */
export interface CopyStudyOptions {
  fromStudyName: string;
  fromStorage: StorageLike;
  toStorage: StorageLike;
  /** Defaults to fromStudyName. */
  toStudyName?: string;
}

const COPY_KEYS = optionKeys<CopyStudyOptions>({ fromStudyName: true, fromStorage: true, toStorage: true, toStudyName: true });

/**
 * Copies a study with its attributes and every trial (numbers reassigned in order), atomically
 * when the target storage has `importStudy` (SQLite and in-memory do): an interrupted or failed
 * copy leaves no study behind, so it can simply be run again.
 * @throws {DuplicatedStudyError} when the target name exists.
 */
export async function copyStudy(options: CopyStudyOptions): Promise<void> {
  checkOptionKeys("copyStudy", options, COPY_KEYS);
  if (options.toStudyName !== undefined) checkStoredString("copyStudy: toStudyName", options.toStudyName, true);
  const from = await resolveStorage(options.fromStorage);
  const to = await resolveStorage(options.toStorage);
  const fromId = await from.getStudyIdFromName(options.fromStudyName);
  const rec = await from.getStudy(fromId);
  const name = options.toStudyName ?? rec.studyName;
  const trials = await from.getAllTrials(fromId);
  const study = { studyName: name, directions: rec.directions, userAttrs: rec.userAttrs, systemAttrs: rec.systemAttrs };
  try {
    if (to.importStudy) await to.importStudy(study, trials);
    else await copyStepByStep(to, study, trials);
  } catch (e) {
    if (e instanceof DuplicatedStudyError) {
      throw new DuplicatedStudyError(
        name,
        `The copy was not made: choose another target name (toStudyName, --to-study-name), or delete the existing study first.`,
      );
    }
    throw e;
  }
}

/** A storage without importStudy: one write per part, and a partial copy is deleted on error. */
async function copyStepByStep(to: Storage, study: Omit<StudyRecord, "studyId">, trials: readonly FrozenTrial[]): Promise<void> {
  const toId = await to.createNewStudy(study.directions, study.studyName);
  try {
    for (const [k, v] of Object.entries(study.userAttrs)) await to.setStudyUserAttr(toId, k, v);
    for (const [k, v] of Object.entries(study.systemAttrs)) await to.setStudySystemAttr(toId, k, v);
    for (const t of trials) await to.createNewTrial(toId, t);
  } catch (e) {
    await to.deleteStudy(toId).catch(() => undefined);
    throw e;
  }
}
