/**
 * Module objectives in CommonJS and ES packages: what works, and what fails before any trial
 * with a message saying what to change (the full npm-installed case is in tests/package).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { createStudy, InvalidArgumentError } from "../../src/index.js";
import { moduleLoadError, packageScope } from "../../src/parallel/module-check.js";

describe("module objectives by package type", () => {
  let dir: string;
  const project = (name: string, type: "module" | "commonjs", files: Record<string, string>) => {
    const p = join(dir, name);
    mkdirSync(join(p, "src"), { recursive: true });
    writeFileSync(join(p, "package.json"), JSON.stringify({ name, version: "1.0.0", type }));
    for (const [f, text] of Object.entries(files)) writeFileSync(join(p, f), text);
    return p;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "parzen-modules-"));
    project("cjs", "commonjs", {
      "src/objective.ts": 'export default function objective(trial: { suggestFloat(n: string, a: number, b: number): number }): number {\n  return trial.suggestFloat("x", -1, 1) ** 2;\n}\n',
      "src/objective.js": 'module.exports = function objective(trial) { return trial.suggestFloat("x", -1, 1) ** 2; };\n',
      "src/esm.js": 'export default function objective(trial) { return trial.suggestFloat("x", -1, 1) ** 2; }\n',
    });
    project("esm", "module", {
      "src/cjs.js": 'module.exports = function objective(trial) { return trial.suggestFloat("x", -1, 1) ** 2; };\n',
      "src/objective.ts": 'export default (trial: { suggestFloat(n: string, a: number, b: number): number }) => trial.suggestFloat("x", -1, 1);\n',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, file] of [
    ["a .ts objective in a CommonJS package", "cjs/src/objective.ts"],
    ["a CommonJS .js objective (module.exports)", "cjs/src/objective.js"],
    ["a .ts objective in an ES package", "esm/src/objective.ts"],
  ] as const) {
    it(`${name} runs on two worker threads`, async () => {
      const study = await createStudy();
      await study.optimize(join(dir, file), { nTrials: 4, nJobs: 2 });
      assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE"]);
    });
  }

  it("ES syntax in a CommonJS package: the message says to rename to .mjs or set type module", () => {
    // Under tsx (this test runner) worker threads transform such a file and it loads; plain Node
    // refuses it, which tests/package checks end to end. Here: the message for Node's error.
    const nodeError = new SyntaxError("Cannot use import statement outside a module");
    const e = moduleLoadError(pathToFileURL(join(dir, "cjs/src/esm.js")).href, nodeError);
    assert.ok(e instanceof InvalidArgumentError);
    assert.equal(e.message,
      `The objective module ${join(dir, "cjs/src/esm.js")} uses ES module syntax but ${join(dir, "cjs/package.json")} has no "type": "module", ` +
        `so Node loads ${join(dir, "cjs/src/esm.js")} as CommonJS (Cannot use import statement outside a module). ` +
        `Rename it to .mjs, or add "type": "module" to ${join(dir, "cjs/package.json")}, or write it as CommonJS: module.exports = function objective(trial) { … }.`);
    const cycle = Object.assign(new Error("Cannot require() ES Module /x/objective.ts in a cycle."), { code: "ERR_REQUIRE_CYCLE_MODULE" });
    assert.match(moduleLoadError(pathToFileURL(join(dir, "cjs/src/objective.ts")).href, cycle).message, /Rename it to \.mts, or add "type": "module"/);
  });

  it("a module that throws while loading fails before any trial", async () => {
    writeFileSync(join(dir, "esm/src/throws.js"), 'throw new Error("no data file");\nexport default () => 1;\n');
    const study = await createStudy();
    await assert.rejects(() => study.optimize(join(dir, "esm/src/throws.js"), { nTrials: 3, nJobs: 2 }), /The objective module .*throws\.js failed to load: no data file/);
    assert.equal(study.trials.length, 0);
  });

  it("CommonJS in an ES package fails before any trial: rename to .cjs or use export default", async () => {
    const study = await createStudy();
    await assert.rejects(() => study.optimize(join(dir, "esm/src/cjs.js"), { nTrials: 2 }), /uses CommonJS \(require \/ module\.exports\) but is loaded as an ES module .*Rename it to \.cjs/);
    assert.equal(study.trials.length, 0);
  });

  it("packageScope finds the nearest package.json and its type", () => {
    assert.deepEqual(packageScope(join(dir, "cjs/src/objective.ts")), { path: join(dir, "cjs/package.json"), type: "commonjs" });
    assert.equal(packageScope(join(dir, "esm/src/cjs.js"))?.type, "module");
  });
});
