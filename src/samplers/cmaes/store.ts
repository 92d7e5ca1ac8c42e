/**
 * The evolution in trial system attributes: JSON text in chunks of at most 2,045 characters
 * (what fits Optuna's VARCHAR(2048) `value_json` once quoted), so that every process sharing the
 * storage, and a study resumed later, continues from the last generation written.
 * @module
 */
import type { StudyView } from "../../core/study-view.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { Evolution } from "./restart.js";

const CHUNK = 2045;

/** Attribute keys under one prefix ("cma:", "sepcma:" or "cmawm:"). */
export function keys(prefix: string) {
  return {
    generation: `${prefix}generation`,
    restart: `${prefix}restart`,
    xForTell: `${prefix}x_for_tell`,
    chunks: `${prefix}optimizer:chunks`,
    chunk: (i: number) => `${prefix}optimizer:${i}`,
  };
}

/** The upper triangle (row by row) of a symmetric n×n matrix: what is stored. */
function upper(cov: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) out.push(cov[i * n + j]!);
  return out;
}

/** The full matrix from its upper triangle. */
function full(tri: readonly number[], n: number): number[] {
  const out = new Array<number>(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      out[i * n + j] = tri[k]!;
      out[j * n + i] = tri[k]!;
      k++;
    }
  }
  return out;
}

/** Writes the evolution on a running trial (a full covariance as its upper triangle). */
export function writeEvolution(study: StudyView, trial: FrozenTrial, prefix: string, evo: Evolution): void {
  const k = keys(prefix);
  const run = evo.run.separable ? evo.run : { ...evo.run, cov: upper(evo.run.cov, evo.run.n) };
  const text = JSON.stringify({ ...evo, run });
  const n = Math.ceil(text.length / CHUNK);
  for (let i = 0; i < n; i++) study.setTrialSystemAttr(trial.trialId, k.chunk(i), text.slice(i * CHUNK, (i + 1) * CHUNK));
  study.setTrialSystemAttr(trial.trialId, k.chunks, n);
}

/** The evolution stored on a trial, or undefined (none, or unreadable). */
export function readEvolution(trial: FrozenTrial, prefix: string): Evolution | undefined {
  const k = keys(prefix);
  const n = trial.systemAttrs[k.chunks];
  if (typeof n !== "number") return undefined;
  let text = "";
  for (let i = 0; i < n; i++) {
    const part = trial.systemAttrs[k.chunk(i)];
    if (typeof part !== "string") return undefined;
    text += part;
  }
  try {
    const evo = JSON.parse(text) as Evolution;
    if (evo.version !== 1) return undefined;
    if (!evo.run.separable) evo.run.cov = full(evo.run.cov, evo.run.n);
    return evo;
  } catch {
    return undefined;
  }
}
