/**
 * The one place parzen emits warnings: each has a stable code and goes through the logger at
 * level "warning" (shown unless the verbosity is "error" or "silent"). {@link setWarningSink}
 * routes warnings to a function instead, whatever the verbosity (tests capture them with
 * {@link captureWarnings}).
 * @module
 */
import { log } from "./core/logging.js";

/** A warning parzen emits. */
export interface ParzenWarning {
  readonly code: string;
  readonly message: string;
}

export type WarningSink = (warning: ParzenWarning) => void;

let sink: WarningSink | undefined;

/**
 * Sends warnings to `next` instead of the logger; returns a function that restores the previous
 * sink. Prefer {@link setLogHandler} for logging; this is for code that collects warnings.
 */
export function setWarningSink(next: WarningSink): () => void {
  const prev = sink;
  sink = next;
  return () => {
    sink = prev;
  };
}

/**
 * Emit a warning: one of src/messages.ts (`warn(messages.duplicateReport(n, step))`). It goes to
 * the warning sink when one is set, else through the logger at level "warning". @internal
 */
export function warn(warning: ParzenWarning): void {
  if (sink !== undefined) sink({ code: warning.code, message: warning.message });
  else log("warning", warning.message, warning.code);
}

/** Run `fn` while collecting warnings; returns the collected warnings with fn's result. */
export async function captureWarnings<T>(fn: () => T | Promise<T>): Promise<{ result: T; warnings: ParzenWarning[] }> {
  const warnings: ParzenWarning[] = [];
  const restore = setWarningSink((w) => warnings.push(w));
  try {
    const result = await fn();
    return { result, warnings };
  } finally {
    restore();
  }
}
