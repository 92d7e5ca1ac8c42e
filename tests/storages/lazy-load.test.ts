/** Importing parzen and using in-memory studies never loads better-sqlite3; a sqlite: URL does. */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { it } from "node:test";
import { createStudy, RandomSampler } from "../../src/index.js";

const require = createRequire(import.meta.url);
const loaded = (): boolean => Object.keys(require.cache).some((k) => k.includes(`${"/"}better-sqlite3${"/"}`));

it("loads better-sqlite3 only when an SQLite storage is opened", async () => {
  const mem = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  await mem.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(loaded(), false);
  const s = await createStudy({ storage: "sqlite:///:memory:", sampler: new RandomSampler({ seed: 1 }) });
  await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(loaded(), true);
  assert.equal(s.trials.length, 2);
});
