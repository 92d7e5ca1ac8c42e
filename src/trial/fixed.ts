/**
 * FixedTrial: runs an objective with given parameter values and no study, for testing objectives.
 * @module
 */
import { DistributionRegistry } from "../distributions/registry.js";
import type { ParamValue } from "../distributions/types.js";
import { InvalidArgumentError } from "../errors.js";
import { NopPruner } from "../pruners/nop.js";
import type { Sampler } from "../samplers/base.js";
import { newRunningTrial } from "./frozen.js";
import type { JsonValue } from "./state.js";
import { Trial, type TrialHost } from "./trial.js";

function fixedHost(params: Record<string, ParamValue>): TrialHost {
  const sampler: Sampler = {
    inferRelativeSearchSpace: () => ({}),
    sampleRelative: () => ({}),
    sampleIndependent: (_s, _t, name) => {
      throw new InvalidArgumentError(
        `FixedTrial has no value for parameter "${name}": pass it in the params (${Object.keys(params).join(", ") || "none given"}).`,
      );
    },
  };
  const done = (): Promise<void> => Promise.resolve();
  const registry = new DistributionRegistry();
  return {
    studyName: "fixed-trial",
    directions: ["minimize"],
    userAttrs: {},
    systemAttrs: {},
    getTrials: () => [],
    stop: () => undefined,
    setTrialSystemAttr: () => undefined,
    sampler,
    pruner: new NopPruner(),
    checkParamDistribution: (name, d) => registry.check(name, d),
    enqueueWrite: () => undefined,
    flushWrites: done,
    updateLocalTrial: () => undefined,
    writer: { setTrialParam: done, setTrialIntermediateValue: done, setTrialUserAttr: done, setTrialSystemAttr: done },
  };
}

/** A trial whose suggest calls return the given values; report/shouldPrune work, nothing is stored. */
export class FixedTrial extends Trial {
  constructor(params: Record<string, ParamValue>, number = 0) {
    super(
      fixedHost(params),
      newRunningTrial(number, -1, new Date(), { fixed_params: params as Record<string, JsonValue> }),
    );
  }
}
