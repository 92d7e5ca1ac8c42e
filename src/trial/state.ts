/**
 * Trial states and study directions, as string unions.
 * @module
 */

/** The state of a trial. */
export type TrialState = "RUNNING" | "WAITING" | "COMPLETE" | "PRUNED" | "FAIL";

/** Every state, in Optuna's enum order (RUNNING=0 … WAITING=4). */
export const TRIAL_STATES: readonly TrialState[] = ["RUNNING", "COMPLETE", "PRUNED", "FAIL", "WAITING"];

/** Whether a trial in this state is finished (cannot change any more). */
export function isFinished(state: TrialState): boolean {
  return state === "COMPLETE" || state === "PRUNED" || state === "FAIL";
}

/** The direction of one objective. */
export type StudyDirection = "minimize" | "maximize";

/** JSON-serializable values (user and system attributes). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
