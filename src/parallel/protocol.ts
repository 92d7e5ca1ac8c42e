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
/** Loads the objective module without running a trial (optimize's check before the first trial). */
export interface LoadTask {
  readonly load: string;
}

export type TrialTaskResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: SerializedError };

/** A synchronous call from a worker's trial to the main thread. */
export type TrialRequest =
  | { readonly op: "suggest"; readonly name: string; readonly distribution: string }
  | { readonly op: "report"; readonly value: number; readonly step: number }
  | { readonly op: "shouldPrune" }
  | { readonly op: "setUserAttr"; readonly key: string; readonly value: JsonValue }
  | { readonly op: "setConstraint"; readonly name: string; readonly value: number };

/** The main thread's answer. */
export type TrialReply = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: SerializedError };

/** An error as plain data: its class name, code, message, stack, cause (as data too) and own data fields. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
  readonly cause?: SerializedError;
  /** Own enumerable fields that are plain JSON (e.g. StudyNotFoundError's `studyName`, `existing`). */
  readonly fields?: Record<string, JsonValue>;
}

/** How deep a chain of causes is kept (a cycle of causes would otherwise never end). */
const MAX_CAUSE_DEPTH = 8;

function jsonFields(e: Error): Record<string, JsonValue> | undefined {
  let out: Record<string, JsonValue> | undefined;
  for (const [k, v] of Object.entries(e)) {
    if (k === "message" || k === "name" || k === "code" || k === "stack" || k === "cause") continue;
    try {
      const json = JSON.stringify(v);
      if (json === undefined) continue;
      (out ??= {})[k] = JSON.parse(json) as JsonValue;
    } catch {
      // not plain data: left behind
    }
  }
  return out;
}

/** Turns any thrown value into data that crosses threads (the cause chain included). */
export function serializeError(e: unknown, depth = 0): SerializedError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const cause = (e as { cause?: unknown }).cause;
    const fields = jsonFields(e);
    return {
      name: e.name,
      message: e.message,
      ...(typeof code === "string" ? { code } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
      ...(cause !== undefined && depth < MAX_CAUSE_DEPTH ? { cause: serializeError(cause, depth + 1) } : {}),
      ...(fields ? { fields } : {}),
    };
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
 * class (so instanceof works), anything else as Error with the original name; the cause is
 * rebuilt the same way.
 */
export function deserializeError(s: SerializedError): Error {
  const Cls = (errorClasses as Record<string, new (...a: never[]) => Error>)[s.name] ?? builtins[s.name];
  const e: Error = Cls ? (Object.create(Cls.prototype) as Error) : new Error(s.message);
  const define = (key: string, value: unknown): void => {
    Object.defineProperty(e, key, { value, writable: true, configurable: true });
  };
  if (s.fields) for (const [k, v] of Object.entries(s.fields)) Object.defineProperty(e, k, { value: v, writable: true, configurable: true, enumerable: true });
  define("message", s.message);
  define("name", s.name);
  if (s.code !== undefined) define("code", s.code);
  if (s.stack !== undefined) define("stack", s.stack);
  if (s.cause !== undefined) define("cause", deserializeError(s.cause));
  return e;
}
