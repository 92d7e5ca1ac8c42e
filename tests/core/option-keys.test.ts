/**
 * Unknown option keys on public calls are an UnknownOptionError that names the closest valid key
 * (plain JavaScript has no compiler to catch `{ nTrial: 10 }`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BruteForceSampler,
  CmaEsSampler,
  NSGAIISampler,
  NSGAIIISampler,
  PartialFixedSampler,
  PedAnovaImportanceEvaluator,
  QMCSampler,
  createStudy,
  FanovaImportanceEvaluator,
  FloatDistribution,
  GridSampler,
  HyperbandPruner,
  InvalidArgumentError,
  MedianPruner,
  PatientPruner,
  PercentilePruner,
  RandomSampler,
  RetryFailedTrialCallback,
  SuccessiveHalvingPruner,
  ThresholdPruner,
  TPESampler,
  UnknownOptionError,
  WilcoxonPruner,
  createSqliteStorage,
  getParamImportances,
  loadStudy,
} from "../../src/index.js";
import { closestKey } from "../../src/core/option-keys.js";
import { plotContour, plotOptimizationHistory, plotSlice, plotTimeline, toHTML, toPNG } from "../../src/visualization/index.js";

/** Calls `fn` with options typed loosely, as plain JavaScript would. */
const loose = (o: Record<string, unknown>) => o as never;

function expectUnknown(fn: () => unknown, where: string, option: string, suggestion: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UnknownOptionError, String(e));
    assert.ok(e instanceof InvalidArgumentError);
    assert.equal(e.code, "UNKNOWN_OPTION");
    assert.equal(e.where, where);
    assert.equal(e.option, option);
    assert.equal(e.suggestion, suggestion);
    assert.ok(e.message.includes(`Did you mean "${suggestion}"?`), e.message);
    return true;
  });
}

async function expectUnknownAsync(fn: () => Promise<unknown>, where: string, option: string, suggestion: string): Promise<void> {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof UnknownOptionError, String(e));
    assert.equal(e.where, where);
    assert.equal(e.option, option);
    assert.equal(e.suggestion, suggestion);
    return true;
  });
}

describe("unknown option keys", () => {
  it("optimize({ nTrial }) fails at once, before any trial, naming nTrials", async () => {
    const study = await createStudy();
    let calls = 0;
    await expectUnknownAsync(() => study.optimize(() => ++calls, loose({ nTrial: 10 })), "optimize", "nTrial", "nTrials");
    assert.equal(calls, 0);
    assert.equal(study.trials.length, 0);
    await assert.rejects(() => study.optimize(() => 1, loose({ n_jobs: 2 })), /Did you mean "nJobs"\?/);
    await assert.rejects(() => study.optimize(() => 1, loose({ callback: [] })), /Did you mean "callbacks"\?/);
  });

  it("createStudy, loadStudy, tell and enqueueTrial", async () => {
    await expectUnknownAsync(() => createStudy(loose({ direciton: "maximize" })), "createStudy", "direciton", "direction");
    await expectUnknownAsync(() => createStudy(loose({ load_if_exists: true })), "createStudy", "load_if_exists", "loadIfExists");
    await expectUnknownAsync(() => loadStudy(loose({ storage: "sqlite:///:memory:", name: "x" })), "loadStudy", "name", "studyName");
    const study = await createStudy();
    const t = await study.ask();
    await expectUnknownAsync(() => study.tell(t, 1, loose({ skipIfFinish: true })), "tell", "skipIfFinish", "skipIfFinished");
    assert.equal(study.trials[0]?.state, "RUNNING", "the bad tell changed nothing");
    await expectUnknownAsync(() => study.enqueueTrial({ x: 1 }, loose({ userAttr: {} })), "enqueueTrial", "userAttr", "userAttrs");
  });

  it("sampler, pruner, evaluator and storage constructors", async () => {
    expectUnknown(() => new TPESampler(loose({ nStartup: 3 })), "new TPESampler", "nStartup", "nStartupTrials");
    expectUnknown(() => new RandomSampler(loose({ sead: 1 })), "new RandomSampler", "sead", "seed");
    expectUnknown(() => new GridSampler({ x: [1] }, loose({ Seed: 1 })), "new GridSampler", "Seed", "seed");
    expectUnknown(() => new MedianPruner(loose({ nWarmupStep: 1 })), "new MedianPruner", "nWarmupStep", "nWarmupSteps");
    assert.throws(() => new MedianPruner(loose({ percentile: 30 })), (e: unknown) => e instanceof UnknownOptionError && e.option === "percentile");
    expectUnknown(() => new PercentilePruner(loose({ percentile: 25, nStartup: 1 })), "new PercentilePruner", "nStartup", "nStartupTrials");
    expectUnknown(() => new SuccessiveHalvingPruner(loose({ reduction_factor: 3 })), "new SuccessiveHalvingPruner", "reduction_factor", "reductionFactor");
    expectUnknown(() => new HyperbandPruner(loose({ maxResources: 9 })), "new HyperbandPruner", "maxResources", "maxResource");
    expectUnknown(() => new ThresholdPruner(loose({ lower: 0, uper: 1 })), "new ThresholdPruner", "uper", "upper");
    expectUnknown(() => new PatientPruner(loose({ patience: 1, min_delta: 0 })), "new PatientPruner", "min_delta", "minDelta");
    expectUnknown(() => new WilcoxonPruner(loose({ p_threshold: 0.1 })), "new WilcoxonPruner", "p_threshold", "pThreshold");
    expectUnknown(() => new RetryFailedTrialCallback(loose({ maxRetries: 1 })), "new RetryFailedTrialCallback", "maxRetries", "maxRetry");
    expectUnknown(() => new FanovaImportanceEvaluator(loose({ nTree: 8 })), "new FanovaImportanceEvaluator", "nTree", "nTrees");
    expectUnknown(() => new FloatDistribution(0, 1, loose({ logs: true })), "suggestFloat / new FloatDistribution", "logs", "log");
    await expectUnknownAsync(() => createSqliteStorage("sqlite:///:memory:", loose({ heartbeat: 1 })), "createSqliteStorage", "heartbeat", "heartbeatInterval");
    const study = await createStudy();
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 3 });
    expectUnknown(() => getParamImportances(study, loose({ param: ["x"] })), "getParamImportances", "param", "params");
  });

  it("suggestFloat with a misspelt option fails the trial with the same error", async () => {
    const study = await createStudy();
    await assert.rejects(
      () => study.optimize((t) => t.suggestFloat("x", 1, 10, loose({ lg: true })), { nTrials: 1 }),
      (e: unknown) => e instanceof UnknownOptionError && e.suggestion === "log",
    );
    assert.equal(study.trials[0]?.state, "FAIL");
  });

  it("a non-object options argument is an InvalidArgumentError; valid keys pass", async () => {
    const study = await createStudy();
    await assert.rejects(() => study.optimize(() => 1, 10 as never), /optimize: the options must be an object, got number/);
    await study.optimize(() => 1, { nTrials: 2, nJobs: 1, catch: [], callbacks: [], showProgressBar: false });
    assert.equal(study.trials.length, 2);
  });

  it("closestKey prefers a case or snake_case match, then the smallest edit distance", () => {
    assert.equal(closestKey("NTRIALS", ["nTrials", "nJobs"]), "nTrials");
    assert.equal(closestKey("n_trials", ["nTrials", "nJobs"]), "nTrials");
    assert.equal(closestKey("timout", ["nTrials", "timeout"]), "timeout");
    assert.equal(closestKey("x", []), undefined);
  });

  it("the CMA-ES, QMC, brute-force and partial-fixed samplers and PED-ANOVA too", () => {
    expectUnknown(() => new CmaEsSampler(loose({ sigma: 0.5 })), "new CmaEsSampler", "sigma", "sigma0");
    expectUnknown(() => new QMCSampler(loose({ qmc_type: "halton" })), "new QMCSampler", "qmc_type", "qmcType");
    expectUnknown(() => new BruteForceSampler(loose({ avoid_premature: true })), "new BruteForceSampler", "avoid_premature", "avoidPremature");
    expectUnknown(
      () => new PartialFixedSampler(loose({ fixedParams: { x: 1 }, baseSampler: new RandomSampler(), base: 1 })),
      "new PartialFixedSampler",
      "base",
      "baseSampler",
    );
    expectUnknown(() => new NSGAIISampler(loose({ population_size: 20 })), "new NSGAIISampler", "population_size", "populationSize");
    expectUnknown(() => new NSGAIIISampler(loose({ dividingParam: 4 })), "new NSGAIIISampler", "dividingParam", "dividingParameter");
    expectUnknown(() => new PedAnovaImportanceEvaluator(loose({ targetQuantil: 0.2 })), "new PedAnovaImportanceEvaluator", "targetQuantil", "targetQuantile");
  });

  it("plot functions (parzen/visualization) name the closest option too", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    await study.optimize((t) => t.suggestFloat("x", 0, 1) + t.suggestFloat("y", 0, 1), { nTrials: 4 });
    expectUnknown(() => plotSlice(study, loose({ param: ["x"] })), "plotSlice", "param", "params");
    expectUnknown(() => plotContour(study, loose({ grid_size: 10 })), "plotContour", "grid_size", "gridSize");
    expectUnknown(() => plotTimeline(study, loose({ nRecent: 2 })), "plotTimeline", "nRecent", "nRecentTrials");
    expectUnknown(() => plotOptimizationHistory(study, loose({ errorbar: true })), "plotOptimizationHistory", "errorbar", "errorBar");
    await assert.rejects(() => toPNG(plotSlice(study), loose({ scal: 1 })), /toPNG: unknown option "scal"\. Did you mean "scale"\?/);
    assert.throws(() => toHTML([plotSlice(study)], loose({ titel: "x" })), /Did you mean "title"\?/);
    assert.equal(plotSlice(study, { params: ["x"] }).$schema !== undefined, true, "valid keys still plot");
  });
});
