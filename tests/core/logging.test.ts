/**
 * The logger: levels and verbosity (setVerbosity, PARZEN_VERBOSITY, default "info" as Optuna),
 * Optuna's per-trial lines from optimize, warnings through it, and setWarningSink kept working.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  captureWarnings,
  createStudy,
  getVerbosity,
  InvalidArgumentError,
  type LogRecord,
  RandomSampler,
  setLogHandler,
  setVerbosity,
  setWarningSink,
  TrialPruned,
} from "../../src/index.js";
import { formatLogRecord } from "../../src/core/logging.js";
import { warn } from "../../src/warnings.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

/** Runs fn with the verbosity set and every record collected. */
async function collect(verbosity: Parameters<typeof setVerbosity>[0], fn: () => Promise<void>): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  const restoreV = setVerbosity(verbosity);
  const restoreH = setLogHandler((r) => records.push(r));
  try {
    await fn();
  } finally {
    restoreH();
    restoreV();
  }
  return records;
}

describe("logging", () => {
  it("optimize logs Optuna's lines: finished with value and the study's best, pruned, failed", async () => {
    const records = await collect("info", async () => {
      const study = await createStudy({ studyName: "log", sampler: new RandomSampler({ seed: 1 }) });
      const values = [0.5, 0.25, Number.NaN, 0.75];
      await study.optimize(
        (t) => {
          t.suggestInt("k", 0, 9);
          if (t.number === 3) throw new TrialPruned();
          if (t.number === 4) throw new TrialPruned("loss above the median at step 2");
          if (t.number === 5) throw new RangeError("boom");
          return values[t.number] as number;
        },
        { nTrials: 6, catch: [RangeError] },
      );
    });
    const lines = records.map((r) => `${r.level} ${r.message}`);
    assert.equal(lines[0], "info A new study created in memory with name: log");
    assert.match(lines[1] ?? "", /^info Trial 0 finished with value: 0\.5 and parameters: \{"k":\d\}\. Best is trial 0 with value: 0\.5\.$/);
    assert.match(lines[2] ?? "", /^info Trial 1 finished with value: 0\.25 and parameters: \{"k":\d\}\. Best is trial 1 with value: 0\.25\.$/);
    assert.match(lines[3] ?? "", /^warning Trial 2 failed with parameters: \{"k":\d\} because of the following error: the value is NaN\.$/);
    assert.equal(lines[4], "info Trial 3 pruned.");
    assert.equal(lines[5], "info Trial 4 pruned. loss above the median at step 2");
    assert.match(lines[6] ?? "", /^warning Trial 5 failed with parameters: \{"k":\d\} because of the following error: RangeError: boom$/);
    assert.equal(lines.length, 7);
    assert.equal(records[3]?.code, "PARZEN_TRIAL_FAILED");
  });

  it("multi-objective lines show the values and no best; loadIfExists says it uses the existing study", async () => {
    const records = await collect("info", async () => {
      const storage = (await import("../../src/index.js")).InMemoryStorage;
      const s = new storage();
      await createStudy({ storage: s, studyName: "mo", directions: ["minimize", "maximize"] });
      const study = await createStudy({ storage: s, studyName: "mo", directions: ["minimize", "maximize"], loadIfExists: true });
      await study.optimize(() => [1, Number.POSITIVE_INFINITY], { nTrials: 1 });
    });
    assert.deepEqual(
      records.map((r) => r.message),
      [
        "A new study created in memory with name: mo",
        "Using an existing study with name 'mo' instead of creating a new one.",
        "Trial 0 finished with values: [1,\"Infinity\"] and parameters: {}.",
      ],
    );
  });

  it("verbosity filters by level; silent shows nothing; bad values are typed errors", async () => {
    const emit = async () => {
      warn({ code: "PARZEN_TEST", message: "a warning" });
      const study = await createStudy();
      await study.optimize(() => 1, { nTrials: 1 });
    };
    const atWarning = await collect("warning", emit);
    assert.deepEqual(atWarning.map((r) => [r.level, r.code, r.message]), [["warning", "PARZEN_TEST", "a warning"]]);
    assert.equal((await collect("error", emit)).length, 0);
    assert.equal((await collect("silent", emit)).length, 0);
    assert.equal((await collect("info", emit)).length, 3);
    assert.equal((await collect("debug", emit)).length, 3);
    assert.throws(() => setVerbosity("loud" as never), InvalidArgumentError);
    const restore = setVerbosity("error");
    assert.equal(getVerbosity(), "error");
    restore();
  });

  it("setWarningSink and captureWarnings still get every warning, whatever the verbosity", async () => {
    const restoreV = setVerbosity("silent");
    try {
      const got: string[] = [];
      const restore = setWarningSink((w) => got.push(`${w.code}: ${w.message}`));
      warn({ code: "PARZEN_A", message: "one" });
      restore();
      assert.deepEqual(got, ["PARZEN_A: one"]);
      const { warnings } = await captureWarnings(async () => {
        const study = await createStudy();
        await study.optimize(() => Number.NaN, { nTrials: 1 });
      });
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.code, "PARZEN_TRIAL_FAILED");
    } finally {
      restoreV();
    }
  });

  it("formats lines as Optuna does: [I 2026-12-01 22:49:46,123] message", () => {
    const line = formatLogRecord({ level: "warning", message: "hi", time: new Date(2026, 11, 1, 22, 49, 46, 7) });
    assert.equal(line, "[W 2026-12-01 22:49:46,007] hi");
  });

  it("a script logs at info by default on stderr, PARZEN_VERBOSITY=warning silences the trial lines", async () => {
    const script =
      'import { createStudy } from "./src/index.ts";' +
      "const s = await createStudy({ studyName: 'env' }); await s.optimize(() => 0.5, { nTrials: 2 });";
    const run = (env: NodeJS.ProcessEnv) =>
      exec(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, env });
    const base = { ...process.env };
    delete base.PARZEN_VERBOSITY;
    const info = await run(base);
    assert.equal(info.stdout, "");
    const lines = info.stderr.trim().split("\n");
    assert.match(lines[0] ?? "", /^\[I \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] A new study created in memory with name: env$/);
    assert.match(lines[2] ?? "", /^\[I .*\] Trial 1 finished with value: 0\.5 and parameters: \{\}\. Best is trial 0 with value: 0\.5\.$/);
    const quiet = await run({ ...base, PARZEN_VERBOSITY: "warning" });
    assert.equal(quiet.stderr, "");
  });
});
