/**
 * The trial an objective receives inside a worker thread: an `ObjectiveTrial`, like `Trial`; each
 * call is a synchronous round trip to the main thread, which owns the study, the sampler and the
 * storage (the worker sleeps on Atomics.wait until the reply is posted).
 * @module
 */
import { type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import { distributionToJson } from "../distributions/json.js";
import { type ObjectiveTrial, SuggestShortcuts } from "../core/objective.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { WorkerError } from "../errors.js";
import type { JsonValue } from "../trial/state.js";
import { deserializeError, type TrialReply, type TrialRequest, type TrialTask } from "./protocol.js";
import { checkAttr } from "../core/validate.js";
import { setOwn } from "../core/own.js";

/** The worker's ObjectiveTrial: each call runs on the main thread's Trial. */
export class WorkerTrial extends SuggestShortcuts implements ObjectiveTrial {
  readonly number: number;
  readonly trialId: number;
  readonly datetimeStart: Date;
  /** Never aborted: at the trial timeout the main thread terminates the worker instead. */
  readonly signal: AbortSignal = new AbortController().signal;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private readonly paramsMap: Record<string, ParamValue>;
  private readonly distMap: Record<string, Distribution> = {};
  private readonly attrs: Record<string, JsonValue>;
  private readonly ivs: Record<number, number> = {};

  constructor(task: TrialTask) {
    super();
    this.number = task.number;
    this.trialId = task.trialId;
    this.datetimeStart = new Date(task.datetimeStart);
    this.port = task.port;
    this.flag = new Int32Array(task.signal);
    this.paramsMap = { ...(task.params as Record<string, ParamValue>) };
    this.attrs = { ...task.userAttrs };
  }

  private readonly cons: Record<string, number> = {};

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
    if (reply === undefined) {
      throw new WorkerError(`Trial #${this.number}: the main thread did not answer a ${req.op} call (the study's optimize ended?).`);
    }
    if (!reply.ok) throw deserializeError(reply.error);
    return reply.value;
  }

  suggest(name: string, distribution: Distribution): ParamValue {
    const v = this.call({ op: "suggest", name, distribution: distributionToJson(distribution) }) as ParamValue;
    setOwn(this.paramsMap, name, v);
    if (!Object.hasOwn(this.distMap, name)) setOwn(this.distMap, name, distribution);
    return v;
  }

  report(value: number, step: number): void {
    this.call({ op: "report", value, step });
    this.ivs[step] ??= value;
  }

  shouldPrune(): boolean {
    return this.call({ op: "shouldPrune" }) as boolean;
  }

  /** Records a constraint on the main thread's trial (same checks and warning as `Trial`). */
  setConstraint(name: string, value: number): void {
    this.call({ op: "setConstraint", name, value });
    if (!Object.hasOwn(this.cons, name)) setOwn(this.cons, name, value);
  }

  get constraints(): Readonly<Record<string, number>> {
    return { ...this.cons };
  }

  setUserAttr(key: string, value: JsonValue): void {
    checkAttr("setUserAttr", key, value); // before posting: a function or symbol cannot even be cloned
    this.call({ op: "setUserAttr", key, value });
    setOwn(this.attrs, key, value);
  }
}
