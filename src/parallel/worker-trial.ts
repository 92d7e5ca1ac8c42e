/**
 * The trial an objective receives inside a worker thread. It has the members of `Trial`; each
 * call is a synchronous round trip to the main thread, which owns the study, the sampler and the
 * storage (the worker sleeps on Atomics.wait until the reply is posted).
 * @module
 */
import { type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import { distributionToJson } from "../distributions/json.js";
import {
  CategoricalDistribution,
  type Distribution,
  FloatDistribution,
  IntDistribution,
  type ParamValue,
} from "../distributions/types.js";
import type { JsonValue } from "../trial/state.js";
import type { SuggestOptions } from "../trial/trial.js";
import { deserializeError, type TrialReply, type TrialRequest, type TrialTask } from "./protocol.js";

/** A Trial look-alike whose calls run in the main thread. */
export class WorkerTrial {
  readonly number: number;
  readonly trialId: number;
  readonly datetimeStart: Date;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private readonly paramsMap: Record<string, ParamValue>;
  private readonly distMap: Record<string, Distribution> = {};
  private readonly attrs: Record<string, JsonValue>;
  private readonly ivs: Record<number, number> = {};

  constructor(task: TrialTask) {
    this.number = task.number;
    this.trialId = task.trialId;
    this.datetimeStart = new Date(task.datetimeStart);
    this.port = task.port;
    this.flag = new Int32Array(task.signal);
    this.paramsMap = { ...(task.params as Record<string, ParamValue>) };
    this.attrs = { ...task.userAttrs };
  }

  get params(): Readonly<Record<string, ParamValue>> {
    return { ...this.paramsMap };
  }
  get distributions(): Readonly<Record<string, Distribution>> {
    return { ...this.distMap };
  }
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return { ...this.attrs };
  }
  get intermediateValues(): Readonly<Record<number, number>> {
    return { ...this.ivs };
  }

  private call(req: TrialRequest): JsonValue {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(req);
    Atomics.wait(this.flag, 0, 0);
    const reply = receiveMessageOnPort(this.port)?.message as TrialReply | undefined;
    if (reply === undefined) throw new Error("parzen: the main thread did not answer a trial call.");
    if (!reply.ok) throw deserializeError(reply.error);
    return reply.value;
  }

  suggestFloat(name: string, low: number, high: number, options: SuggestOptions = {}): number {
    return this.suggest(name, new FloatDistribution(low, high, options)) as number;
  }

  suggestInt(name: string, low: number, high: number, options: SuggestOptions = {}): number {
    return this.suggest(name, new IntDistribution(low, high, options)) as number;
  }

  suggestCategorical<const T extends ParamValue>(name: string, choices: readonly T[]): T {
    return this.suggest(name, new CategoricalDistribution(choices)) as T;
  }

  suggest(name: string, distribution: Distribution): ParamValue {
    const v = this.call({ op: "suggest", name, distribution: distributionToJson(distribution) }) as ParamValue;
    this.paramsMap[name] = v;
    this.distMap[name] ??= distribution;
    return v;
  }

  report(value: number, step: number): void {
    this.call({ op: "report", value, step });
    this.ivs[step] ??= value;
  }

  shouldPrune(): boolean {
    return this.call({ op: "shouldPrune" }) as boolean;
  }

  setUserAttr(key: string, value: JsonValue): void {
    this.call({ op: "setUserAttr", key, value });
    this.attrs[key] = value;
  }
}
