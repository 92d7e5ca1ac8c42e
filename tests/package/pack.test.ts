/**
 * The package as a user installs it: `npm pack` (which builds dist/ through prepack), the tarball
 * installed into a fresh project next to nothing but @types/node, a strict `tsc --noEmit` with
 * skipLibCheck: false over a consumer file, a plain script that runs a study, and the bin.
 *
 * Then a CommonJS project (`"type": "commonjs"`, what `npm init -y` makes) runs module objectives
 * with `parzen optimize --jobs 2`: a .ts and a CommonJS .js objective work; an ES-syntax .js one
 * fails before any trial with a message that says what to change.
 *
 * The install uses --ignore-scripts (no 2-minute node-gyp build of better-sqlite3: the test copies
 * the addon this checkout built, after checking the versions match) and --prefer-offline (the npm
 * cache, else the registry).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  license: string;
  repository?: { url: string };
  homepage?: string;
  bugs?: { url: string };
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
};
const tsc = join(root, "node_modules/typescript/bin/tsc");

const CONSUMER_TS = `import { createStudy, MaxTrialsCallback, TPESampler, type FrozenTrial, type OptimizeOptions } from "${pkg.name}";
import { plotOptimizationHistory } from "${pkg.name}/visualization";

const options: OptimizeOptions = { nTrials: 5 };
const study = await createStudy({ direction: "minimize", sampler: new TPESampler({ seed: 1 }) });
await study.optimize((trial) => {
  const kind = trial.suggestCategorical("kind", ["a", "b"]);
  const k: "a" | "b" = kind;
  return trial.suggestFloat("x", -1, 1) ** 2 + (k === "a" ? 0 : 1);
}, { ...options, callbacks: [new MaxTrialsCallback(5)] });
const best: FrozenTrial = study.bestTrial;
const spec: object = plotOptimizationHistory(study);
console.log(best.value, spec);
`;

/** A typo in an option: the declarations must be real types (not any) for tsc to refuse it. */
const WRONG_TS = `import { createStudy } from "${pkg.name}";
const study = await createStudy();
await study.optimize(() => 1, { nTrial: 3 });
`;

const SCRIPT_MJS = `import { createStudy, RandomSampler } from "${pkg.name}";
const study = await createStudy({ sampler: new RandomSampler({ seed: 7 }) });
await study.optimize((t) => (t.suggestFloat("x", -10, 10) - 2) ** 2, { nTrials: 30 });
try {
  await study.optimize(() => 0, { nTrial: 3 });
} catch (e) {
  console.log("typo:", e.name, e.message);
}
console.log(JSON.stringify({ n: study.trials.length, best: study.bestValue }));
`;

describe(`the npm package ${pkg.name}`, () => {
  let dir: string;
  let files: string[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-pack-"));
    const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", dir], { cwd: root, maxBuffer: 1 << 26 });
    const info = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
    files = info[0]!.files.map((f) => f.path);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
    await exec(
      "npm",
      [
        "install",
        join(dir, info[0]!.filename),
        `@types/node@${pkg.devDependencies["@types/node"]}`,
        `tsx@${pkg.devDependencies.tsx}`,
        "--ignore-scripts",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
      ],
      { cwd: dir, maxBuffer: 1 << 26 },
    );
    const addon = "node_modules/better-sqlite3/build/Release/better_sqlite3.node";
    const version = (d: string) => (JSON.parse(readFileSync(join(d, "node_modules/better-sqlite3/package.json"), "utf8")) as { version: string }).version;
    assert.equal(version(dir), version(root), "the installed better-sqlite3 is the one this checkout built");
    mkdirSync(join(dir, "node_modules/better-sqlite3/build/Release"), { recursive: true });
    copyFileSync(join(root, addon), join(dir, addon));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("has a name that is not the unrelated `parzen` package, the `parzen` bin, and its metadata", () => {
    assert.notEqual(pkg.name, "parzen");
    assert.deepEqual(Object.keys(pkg.bin), ["parzen"]);
    assert.equal(pkg.license, "MIT");
    assert.match(pkg.repository?.url ?? "", /^git\+https:\/\//);
    assert.ok(pkg.homepage && pkg.bugs?.url);
    assert.match(readFileSync(join(root, "LICENSE"), "utf8"), /^MIT License/);
  });

  it("ships dist, LICENSE, the docs and every image the README shows, and no sources or tests", () => {
    for (const f of ["LICENSE", "README.md", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "storage/schema.sql", "docs/api.md", "docs/cli.md"]) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("tests/")), "no src/ or tests/");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] as string);
    assert.ok(images.length >= 3);
    for (const url of images) {
      // Absolute URLs into this very version's tarball on jsDelivr, so they load on the registry page.
      const prefix = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/`;
      assert.ok(url.startsWith(prefix), `${url} starts with ${prefix}`);
      assert.ok(files.includes(url.slice(prefix.length)), `${url.slice(prefix.length)} is in the tarball`);
    }
  });

  it("type-checks in a strict consumer with skipLibCheck: false (no @types/better-sqlite3 installed)", async () => {
    writeFileSync(join(dir, "consumer.ts"), CONSUMER_TS);
    writeFileSync(join(dir, "wrong.ts"), WRONG_TS);
    const config = (file: string) =>
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ["node"],
        },
        files: [file],
      });
    writeFileSync(join(dir, "tsconfig.json"), config("consumer.ts"));
    writeFileSync(join(dir, "tsconfig.wrong.json"), config("wrong.ts"));
    const ok = await exec(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir }).then(
      () => "",
      (e: { stdout: string }) => e.stdout,
    );
    assert.equal(ok, "", "tsc reported errors");
    const wrong = await exec(process.execPath, [tsc, "-p", "tsconfig.wrong.json"], { cwd: dir }).then(
      () => "",
      (e: { stdout: string }) => e.stdout,
    );
    assert.match(wrong, /nTrial/, "a misspelt option is a type error: the declarations are real types");
  });

  it("runs a study from plain JavaScript and refuses a misspelt option by name", async () => {
    writeFileSync(join(dir, "script.mjs"), SCRIPT_MJS);
    const { stdout } = await exec(process.execPath, ["script.mjs"], { cwd: dir });
    assert.match(stdout, /typo: UnknownOptionError optimize: unknown option "nTrial".*Did you mean "nTrials"\?/);
    const last = JSON.parse(stdout.trim().split("\n").at(-1) as string) as { n: number; best: number };
    assert.equal(last.n, 30);
    assert.ok(last.best >= 0 && last.best < 2, `best ${last.best}`);
  });

  it("installs the parzen bin, which prints the package's version", async () => {
    const { stdout } = await exec(join(dir, "node_modules/.bin/parzen"), ["--version"], { cwd: dir });
    assert.equal(stdout.trim(), pkg.version);
  });

  describe("in a CommonJS project (npm init -y)", () => {
    let cjs: string;
    const parzen = (...args: string[]) =>
      exec(join(dir, "node_modules/.bin/parzen"), args, { cwd: cjs }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    before(() => {
      cjs = join(dir, "cjs");
      mkdirSync(join(cjs, "src"), { recursive: true });
      writeFileSync(join(cjs, "package.json"), JSON.stringify({ name: "cjs", version: "1.0.0", type: "commonjs" }));
      writeFileSync(
        join(cjs, "src/objective.ts"),
        `import { TrialPruned, type Trial } from "${pkg.name}";\n` +
          "export default function objective(trial: Trial): number {\n" +
          '  const x = trial.suggestFloat("x", -2, 2);\n  if (x > 5) throw new TrialPruned();\n  return x * x;\n}\n',
      );
      writeFileSync(
        join(cjs, "src/objective.js"),
        `const { TrialPruned } = require("${pkg.name}");\n` +
          'module.exports = function objective(trial) { const x = trial.suggestFloat("x", -2, 2); if (x > 5) throw new TrialPruned(); return x * x; };\n',
      );
      writeFileSync(join(cjs, "src/esm.js"), 'export default function objective(trial) { return trial.suggestFloat("x", -2, 2) ** 2; }\n');
    });

    for (const file of ["src/objective.ts", "src/objective.js"]) {
      it(`parzen optimize ${file} --jobs 2 runs its trials`, async () => {
        const name = file.replace(/\W/g, "-");
        const r = await parzen("optimize", file, "--jobs", "2", "--n-trials", "4", "--storage", "sqlite:///cjs.db", "--study-name", name, "--no-progress");
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /ran 4 trials, 4 in all/);
        assert.equal(r.stderr.split("\n").filter((l) => /\] Trial \d finished with value: /.test(l)).length, 4, r.stderr);
      });
    }

    it("an ES-syntax .js objective fails before any trial, saying what to change", async () => {
      const r = await parzen("optimize", "src/esm.js", "--jobs", "2", "--n-trials", "4", "--storage", "sqlite:///cjs.db", "--study-name", "esm", "--no-progress");
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error: The objective module .*src\/esm\.js uses ES module syntax but .*package\.json has no "type": "module".*Rename it to \.mjs, or add "type": "module"/);
      const trials = await parzen("trials", "--storage", "sqlite:///cjs.db", "--study-name", "esm", "-f", "json");
      assert.equal(trials.code, 0, trials.stderr);
      assert.deepEqual(JSON.parse(trials.stdout), [], "no trial was created");
    });
  });
});
