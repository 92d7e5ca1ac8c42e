/**
 * The typed boundary between the main thread and trial workers: task and result messages, the
 * synchronous RPC requests a worker's trial makes, and errors as data (rebuilt as the same class).
 * @module
 */
import { errorClasses } from "../errors.js";
import type { JsonValue } from "../trial/state.js";

/** A task sent to a worker: run one trial of the module objective. */
export interface TrialTask {
  /** URL of the objective module. */
  readonly module: string;
  readonly number: number;
  readonly trialId: number;
  /** The trial's state at start (enqueued params are resolved by the main thread). */
  readonly params: Record<string, JsonValue>;
  readonly userAttrs: Record<string, JsonValue>;
  readonly datetimeStart: number;
  /** The worker's end of the trial's RPC channel. */
  readonly port: import("node:worker_threads").MessagePort;
  /** Int32[1] flag the main thread sets to 1 after it posted a reply. */
  readonly signal: SharedArrayBuffer;
}

/** What a worker returns. */
export type TrialTaskResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: SerializedError };

/** A synchronous call from a worker's trial to the main thread. */
export type TrialRequest =
  | { readonly op: "suggest"; readonly name: string; readonly distribution: string }
  | { readonly op: "report"; readonly value: number; readonly step: number }
  | { readonly op: "shouldPrune" }
  | { readonly op: "setUserAttr"; readonly key: string; readonly value: JsonValue };

/** The main thread's answer. */
export type TrialReply = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: SerializedError };

/** An error as plain data. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

/** Turns any thrown value into data that crosses threads. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, ...(typeof code === "string" ? { code } : {}), ...(e.stack ? { stack: e.stack } : {}) };
  }
  return { name: "Error", message: `A non-Error value was thrown: ${String(e)}` };
}

const builtins: Record<string, new (message?: string) => Error> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * Rebuilds a serialized error: parzen's errors and JavaScript's built-in errors as their own
 * class (so instanceof works), anything else as Error with the original name.
 */
export function deserializeError(s: SerializedError): Error {
  const Cls = (errorClasses as Record<string, new (...a: never[]) => Error>)[s.name] ?? builtins[s.name];
  const e: Error = Cls ? (Object.create(Cls.prototype) as Error) : new Error(s.message);
  Object.defineProperty(e, "message", { value: s.message, writable: true, configurable: true });
  Object.defineProperty(e, "name", { value: s.name, writable: true, configurable: true });
  if (s.code !== undefined) Object.defineProperty(e, "code", { value: s.code, writable: true, configurable: true });
  if (s.stack !== undefined) Object.defineProperty(e, "stack", { value: s.stack, writable: true, configurable: true });
  return e;
}
