/**
 * The pruners' public names: the `Pruner` interface and the built-in pruners.
 * Explicit named re-exports only.
 * @module
 */
export type { Pruner } from "./base.js";
export { NopPruner } from "./nop.js";
export { MedianPruner, PercentilePruner, type PercentilePrunerOptions, type MedianPrunerOptions } from "./percentile.js";
export { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from "./successive-halving.js";
export { HyperbandPruner, type HyperbandPrunerOptions } from "./hyperband.js";
export { ThresholdPruner, type ThresholdPrunerOptions } from "./threshold.js";
export { PatientPruner, type PatientPrunerOptions } from "./patient.js";
export { WilcoxonPruner, type WilcoxonPrunerOptions } from "./wilcoxon.js";
