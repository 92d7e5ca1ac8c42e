/** The progress bar shows the study's best trial, not only the best of the current optimize call. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

describe("progress bar", () => {
  it("shows the best of the whole study (a trial from before this call), with log lines beside it", async () => {
    const script = [
      'import { createStudy, createTrial, FloatDistribution } from "./src/index.ts";',
      "const study = await createStudy();",
      "await study.addTrial(createTrial({ value: 0.001, params: { x: 0 }, distributions: { x: new FloatDistribution(-1, 1) } }));",
      "await study.optimize((t) => 5 + t.suggestFloat('x', -1, 1), { nTrials: 3, showProgressBar: true });",
    ].join("\n");
    const env = { ...process.env, PARZEN_VERBOSITY: "info" };
    const { stderr } = await exec(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, env });
    const bars = stderr.split("\n").filter((l) => l.includes("trials |"));
    assert.ok(bars.length >= 2, stderr);
    assert.match(bars.at(-1) as string, /100% \| 3\/3 trials \| best 0\.001 \(#0\)/);
    assert.match(bars[0] as string, /0% \| 0\/3 trials \| best 0\.001 \(#0\)/, "the study's best shows from the start");
    assert.equal(stderr.split("\n").filter((l) => / Trial \d finished with value: [\d.]+ .*Best is trial 0 with value: 0\.001\./.test(l)).length, 3);
  });
});
