/**
 * InMemoryStorage: the default backend, one process, nothing on disk. Trials are kept as frozen
 * objects and replaced on update (copy on write), so reads return shared immutable data.
 * @module
 */
import { toExternal } from "../distributions/ops.js";
import { DistributionRegistry } from "../distributions/registry.js";
import type { Distribution } from "../distributions/types.js";
import { DuplicatedStudyError, StudyNotFoundError, TrialNotFoundError, UpdateFinishedTrialError } from "../errors.js";
import { type FrozenTrial, freezeTrial, newRunningTrial } from "../trial/frozen.js";
import { isFinished, type JsonValue, type StudyDirection, type TrialState } from "../trial/state.js";
import type { Storage, StudyRecord } from "./base.js";

interface StudyData {
  record: StudyRecord;
  trials: FrozenTrial[];
  /** The cross-trial compatibility check. */
  distributions: DistributionRegistry;
}

/** Keeps studies in this process's memory. */
export class InMemoryStorage implements Storage {
  private studies = new Map<number, StudyData>();
  private nextStudyId = 0;
  /** trialId → [studyId, index in the study's trial list] */
  private trialIndex = new Map<number, [number, number]>();
  private nextTrialId = 0;

  async createNewStudy(directions: readonly StudyDirection[], studyName: string): Promise<number> {
    for (const s of this.studies.values()) {
      if (s.record.studyName === studyName) throw new DuplicatedStudyError(studyName);
    }
    const studyId = this.nextStudyId++;
    this.studies.set(studyId, {
      record: Object.freeze({ studyId, studyName, directions: Object.freeze([...directions]), userAttrs: Object.freeze({}), systemAttrs: Object.freeze({}) }),
      trials: [],
      distributions: new DistributionRegistry(),
    });
    return studyId;
  }

  /** Atomic: every call below is synchronous, and a failure removes the partial study. */
  async importStudy(study: Omit<StudyRecord, "studyId">, trials: readonly FrozenTrial[]): Promise<number> {
    const id = await this.createNewStudy(study.directions, study.studyName);
    try {
      const s = this.study(id);
      s.record = Object.freeze({ ...s.record, userAttrs: Object.freeze({ ...study.userAttrs }), systemAttrs: Object.freeze({ ...study.systemAttrs }) });
      for (const t of trials) await this.createNewTrial(id, t);
    } catch (e) {
      await this.deleteStudy(id);
      throw e;
    }
    return id;
  }

  private study(studyId: number): StudyData {
    const s = this.studies.get(studyId);
    if (!s) throw new StudyNotFoundError(`#${studyId}`, [...this.studies.values()].map((x) => x.record.studyName));
    return s;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const s = this.study(studyId);
    for (const t of s.trials) this.trialIndex.delete(t.trialId);
    this.studies.delete(studyId);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const s = this.study(studyId);
    s.record = Object.freeze({ ...s.record, userAttrs: Object.freeze({ ...s.record.userAttrs, [key]: value }) });
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const s = this.study(studyId);
    s.record = Object.freeze({ ...s.record, systemAttrs: Object.freeze({ ...s.record.systemAttrs, [key]: value }) });
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    for (const s of this.studies.values()) if (s.record.studyName === studyName) return s.record.studyId;
    throw new StudyNotFoundError(studyName, [...this.studies.values()].map((x) => x.record.studyName));
  }

  async getStudy(studyId: number): Promise<StudyRecord> {
    return this.study(studyId).record;
  }

  async getAllStudies(): Promise<StudyRecord[]> {
    return [...this.studies.values()].map((s) => s.record);
  }

  async createNewTrial(studyId: number, template?: FrozenTrial): Promise<FrozenTrial> {
    const s = this.study(studyId);
    const trialId = this.nextTrialId++;
    const number = s.trials.length;
    let t: FrozenTrial;
    if (template) {
      for (const [name, d] of Object.entries(template.distributions)) this.checkDistribution(s, name, d);
      t = freezeTrial({ ...template, number, trialId });
    } else {
      t = newRunningTrial(number, trialId, new Date());
    }
    s.trials.push(t);
    this.trialIndex.set(trialId, [studyId, number]);
    return t;
  }

  private checkDistribution(s: StudyData, name: string, d: Distribution): void {
    s.distributions.check(name, d);
  }

  private locate(trialId: number): { s: StudyData; i: number; t: FrozenTrial } {
    const loc = this.trialIndex.get(trialId);
    if (!loc) throw new TrialNotFoundError(`No trial with id ${trialId} in this storage.`);
    const s = this.study(loc[0]);
    return { s, i: loc[1], t: s.trials[loc[1]] as FrozenTrial };
  }

  private updatable(trialId: number): { s: StudyData; i: number; t: FrozenTrial } {
    const r = this.locate(trialId);
    if (isFinished(r.t.state)) {
      throw new UpdateFinishedTrialError(
        `Trial #${r.t.number} is already ${r.t.state} and cannot be changed. Finished trials are immutable; start a new trial instead.`,
      );
    }
    return r;
  }

  private replace(s: StudyData, i: number, t: FrozenTrial, patch: Partial<Omit<FrozenTrial, "value" | "duration">>): void {
    s.trials[i] = freezeTrial({ ...t, ...patch });
  }

  async setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): Promise<void> {
    const { s, i, t } = this.updatable(trialId);
    this.checkDistribution(s, name, distribution);
    this.replace(s, i, t, {
      params: { ...t.params, [name]: toExternal(distribution, internalValue) },
      distributions: { ...t.distributions, [name]: distribution },
    });
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[]): Promise<boolean> {
    const { s, i, t } = this.updatable(trialId);
    if (state === "RUNNING" && t.state !== "WAITING") return false;
    const patch: { -readonly [K in keyof FrozenTrial]?: FrozenTrial[K] } = { state };
    if (values !== undefined) patch.values = values;
    if (state === "RUNNING") patch.datetimeStart = new Date();
    if (isFinished(state)) patch.datetimeComplete = new Date();
    this.replace(s, i, t, patch);
    return true;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    const { s, i, t } = this.updatable(trialId);
    this.replace(s, i, t, { intermediateValues: { ...t.intermediateValues, [step]: value } });
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const { s, i, t } = this.updatable(trialId);
    this.replace(s, i, t, { userAttrs: { ...t.userAttrs, [key]: value } });
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const { s, i, t } = this.updatable(trialId);
    this.replace(s, i, t, { systemAttrs: { ...t.systemAttrs, [key]: value } });
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.locate(trialId).t;
  }

  async getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    const trials = this.study(studyId).trials;
    const states = options?.states;
    return states ? trials.filter((t) => states.includes(t.state)) : trials.slice();
  }
}
