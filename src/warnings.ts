/**
 * The one place parzen emits warnings. By default they go through `process.emitWarning` with a
 * code; tests swap the sink with {@link setWarningSink} to capture them.
 * @module
 */

/** A warning parzen emits. */
export interface ParzenWarning {
  readonly code: string;
  readonly message: string;
}

export type WarningSink = (warning: ParzenWarning) => void;

const defaultSink: WarningSink = (w) => {
  process.emitWarning(w.message, { type: "ParzenWarning", code: w.code });
};

let sink: WarningSink = defaultSink;

/** Replace where warnings go; returns a function that restores the previous sink. */
export function setWarningSink(next: WarningSink): () => void {
  const prev = sink;
  sink = next;
  return () => {
    sink = prev;
  };
}

/** Emit a warning: one of src/messages.ts (`warn(messages.duplicateReport(n, step))`). @internal */
export function warn(warning: ParzenWarning): void {
  sink({ code: warning.code, message: warning.message });
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
