/**
 * parzen's fANOVA and MDI against Optuna 3.1's on the same trials (Debian's python3-optuna and
 * python3-sklearn through /usr/bin/python3). Skipped with a reason when they are missing, except
 * under CI=true, where a missing tool is a failure.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import { FanovaImportanceEvaluator, getParamImportances, MeanDecreaseImpurityImportanceEvaluator } from "../../src/index.js";
import { graded, randomTrials, spearman, studyOf, toOptunaJson, twoOfSix } from "./helpers.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("../fixtures/optuna_importances.py", import.meta.url));

function optunaMissing(): string | undefined {
  const r = spawnSync(PYTHON, ["-c", "import optuna, sklearn; print(optuna.__version__)"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return `${PYTHON} with optuna and sklearn is not available (apt-get install python3-optuna python3-sklearn)`;
  return undefined;
}
const missing = optunaMissing();
if (missing && process.env.CI === "true") throw new Error(`CI=true but ${missing}`);

function optunaImportances(json: string): Record<string, number> {
  const r = spawnSync(PYTHON, [SCRIPT], { input: json, encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).importances as Record<string, number>;
}

describe("agreement with Optuna 3.1", { skip: missing }, () => {
  test("fANOVA: Spearman ≥ 0.8 against Optuna on a graded 6-parameter function", async () => {
    const trials = randomTrials(200, 7, graded);
    const ours = getParamImportances(await studyOf(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
    const theirs = optunaImportances(toOptunaJson(trials, "fanova", 0));
    const rho = spearman(ours, theirs);
    assert.ok(rho >= 0.8, `Spearman ${rho}: parzen ${JSON.stringify(ours)} optuna ${JSON.stringify(theirs)}`);
    for (const k of ["x", "opt"]) assert.ok(Math.abs((ours[k] as number) - (theirs[k] as number)) < 0.05, k);
  });

  test("fANOVA: the same top two as Optuna when 2 of 6 parameters matter", async () => {
    const trials = randomTrials(150, 3, twoOfSix);
    const ours = getParamImportances(await studyOf(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
    const theirs = optunaImportances(toOptunaJson(trials, "fanova", 0));
    assert.deepEqual(Object.keys(ours).slice(0, 2).sort(), ["opt", "x"]);
    assert.deepEqual(Object.keys(theirs).slice(0, 2).sort(), ["opt", "x"]);
  });

  test("MDI: Spearman ≥ 0.8 against Optuna on the graded function", async () => {
    const trials = randomTrials(200, 7, graded);
    const ours = getParamImportances(await studyOf(trials), { evaluator: new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 }) });
    const theirs = optunaImportances(toOptunaJson(trials, "mdi", 0));
    const rho = spearman(ours, theirs);
    assert.ok(rho >= 0.8, `Spearman ${rho}: parzen ${JSON.stringify(ours)} optuna ${JSON.stringify(theirs)}`);
  });
});
