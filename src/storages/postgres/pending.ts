/**
 * Writes of this process's RUNNING trials (params, intermediate values, attributes) waiting to be
 * sent: they go to the server in the same statement as the trial's final state at tell — one
 * transaction, one round trip — or earlier in one batch (heartbeat tick, a read, close). Later
 * writes of the same key replace earlier ones, as the upserts would.
 * @module
 */
import { distributionToJson } from "../../distributions/json.js";
import type { Distribution } from "../../distributions/types.js";
import type { JsonValue } from "../../trial/state.js";
import { intermediateToDb, stringifyJsonLenient } from "../codec.js";

/** Column arrays for unnest(), one array per column. */
export interface PendingBatch {
  params: [number[], string[], number[], string[]];
  inter: [number[], number[], (number | null)[], string[]];
  userAttrs: [number[], string[], string[]];
  systemAttrs: [number[], string[], string[]];
  size: number;
  /** What was taken, to put back if sending fails. @internal */
  taken: Map<number, TrialWrites>;
}

/** The writes of one trial. @internal */
export interface TrialWrites {
  params: Map<string, [number, string]>;
  inter: Map<number, number>;
  ua: Map<string, string>;
  sa: Map<string, string>;
}

export class PendingWrites {
  private readonly byTrial = new Map<number, TrialWrites>();

  private of(trialId: number): TrialWrites {
    let w = this.byTrial.get(trialId);
    if (!w) {
      w = { params: new Map(), inter: new Map(), ua: new Map(), sa: new Map() };
      this.byTrial.set(trialId, w);
    }
    return w;
  }

  param(trialId: number, name: string, internal: number, d: Distribution): void {
    this.of(trialId).params.set(name, [internal, distributionToJson(d)]);
  }

  intermediate(trialId: number, step: number, value: number): void {
    this.of(trialId).inter.set(step, value);
  }

  attr(trialId: number, kind: "user" | "system", key: string, value: JsonValue): void {
    this.of(trialId)[kind === "user" ? "ua" : "sa"].set(key, stringifyJsonLenient(value));
  }

  get size(): number {
    return this.byTrial.size;
  }

  /** Removes and returns the writes of one trial, or of all. Put them back with `restore` if sending fails. */
  take(trialId?: number): PendingBatch {
    const ids = trialId === undefined ? [...this.byTrial.keys()] : this.byTrial.has(trialId) ? [trialId] : [];
    const b: PendingBatch = {
      params: [[], [], [], []],
      inter: [[], [], [], []],
      userAttrs: [[], [], []],
      systemAttrs: [[], [], []],
      size: 0,
      taken: new Map(),
    };
    for (const id of ids) {
      const w = this.byTrial.get(id) as TrialWrites;
      this.byTrial.delete(id);
      for (const [name, [v, json]] of w.params) push(b.params, [id, name, v, json]);
      for (const [step, v] of w.inter) {
        const [value, type] = intermediateToDb(v);
        push(b.inter, [id, step, value, type]);
      }
      for (const [k, v] of w.ua) push(b.userAttrs, [id, k, v]);
      for (const [k, v] of w.sa) push(b.systemAttrs, [id, k, v]);
      b.size += w.params.size + w.inter.size + w.ua.size + w.sa.size;
      b.taken.set(id, w);
    }
    return b;
  }

  /** Puts back what `take` removed (the send failed), unless newer writes of the same key arrived. */
  restore(b: PendingBatch): void {
    for (const [id, w] of b.taken) {
      const now = this.byTrial.get(id);
      if (!now) this.byTrial.set(id, w);
      else {
        for (const k of ["params", "inter", "ua", "sa"] as const) {
          for (const [key, v] of w[k] as Map<unknown, unknown>) if (!(now[k] as Map<unknown, unknown>).has(key)) (now[k] as Map<unknown, unknown>).set(key, v);
        }
      }
    }
  }

  /** Drops the writes of a trial (it is finished or gone). */
  drop(trialId: number): void {
    this.byTrial.delete(trialId);
  }
}

function push<T extends unknown[][]>(cols: T, row: unknown[]): void {
  row.forEach((v, i) => (cols[i] as unknown[]).push(v));
}
