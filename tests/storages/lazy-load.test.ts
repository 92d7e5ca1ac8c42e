/**
 * Importing parzen and using in-memory studies never loads better-sqlite3 nor cli-progress; a
 * sqlite: URL loads the first, a progress bar the second.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { it } from "node:test";
import { createStudy, RandomSampler } from "../../src/index.js";

const require = createRequire(import.meta.url);
const loadedPackage = (name: string): boolean => Object.keys(require.cache).some((k) => k.includes(`/node_modules/${name}/`));
const loaded = (): boolean => loadedPackage("better-sqlite3");

it("loads better-sqlite3 only when an SQLite storage is opened", async () => {
  const mem = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  await mem.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(loaded(), false);
  const s = await createStudy({ storage: "sqlite:///:memory:", sampler: new RandomSampler({ seed: 1 }) });
  await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(loaded(), true);
  assert.equal(s.trials.length, 2);
});

it("loads cli-progress only when a progress bar is shown", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
  await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(loadedPackage("cli-progress"), false);
  const restore = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await study.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2, showProgressBar: true });
  } finally {
    process.stderr.write = restore;
  }
  assert.equal(loadedPackage("cli-progress"), true);
  assert.equal(study.trials.length, 4);
});
