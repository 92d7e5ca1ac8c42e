/**
 * The per-trial log lines of optimize, in Optuna's words (texts in src/messages.ts), at info
 * level; failures are warnings, emitted where they happen (run-trial.ts, tell.ts).
 *   Trial 3 finished with value: 0.12 and parameters: {"x":1.5}. Best is trial 1 with value: 0.05.
 *   Trial 4 finished with values: [0.1,0.2] and parameters: {"x":1.5}.
 *   Trial 5 pruned. <the TrialPruned message, if any>
 * @module
 */
import { isLogEnabled, log } from "../core/logging.js";
import * as messages from "../messages.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection } from "../trial/state.js";

/** Logs a finished trial of optimize at info level. @internal */
export function logFinishedTrial(
  trial: FrozenTrial,
  study: { readonly directions: readonly StudyDirection[]; bestTrialIfAny(): FrozenTrial | undefined },
  prunedMessage?: string,
): void {
  if (!isLogEnabled("info")) return;
  if (trial.state === "PRUNED") log("info", messages.trialPruned(trial.number, prunedMessage ?? ""));
  if (trial.state !== "COMPLETE") return;
  const best = study.directions.length === 1 ? study.bestTrialIfAny() : undefined;
  log(
    "info",
    best !== undefined && trial.value !== undefined
      ? messages.trialFinished(trial.number, trial.value, trial.params, best.number, best.value as number)
      : messages.trialFinishedValues(trial.number, trial.values, trial.params),
  );
}
