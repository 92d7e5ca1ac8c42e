/**
 * Importing parzen and using in-memory studies never loads better-sqlite3, pg nor cli-progress; a
 * sqlite: URL loads the first (not pg), a postgresql: URL loads pg (not better-sqlite3), a
 * progress bar cli-progress.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { it } from "node:test";
import { createStudy, RandomSampler } from "../../src/index.js";
import { freshSchema, serverOrSkip } from "./postgres/server.js";

const require = createRequire(import.meta.url);
const loadedPackage = (name: string): boolean => Object.keys(require.cache).some((k) => k.includes(`/node_modules/${name}/`));
const loaded = (): boolean => loadedPackage("better-sqlite3");

it("loads better-sqlite3 only when an SQLite storage is opened", async () => {
  const mem = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  await mem.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(loaded(), false);
  assert.equal(loadedPackage("pg"), false);
  const s = await createStudy({ storage: "sqlite:///:memory:", sampler: new RandomSampler({ seed: 1 }) });
  await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
  assert.equal(loaded(), true);
  assert.equal(loadedPackage("pg"), false, "an SQLite study does not load pg");
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

// This process already loaded better-sqlite3 (and the server helper may load pg): a child
// process that imports parzen only answers for the PostgreSQL half.
const { server, skip } = await serverOrSkip();
it("loads pg only when a PostgreSQL storage is opened", { skip }, async () => {
  if (!server) return;
  const url = await freshSchema(server);
  const script = `
    import { createRequire } from "node:module";
    const require = createRequire(import.meta.url);
    const has = (p) => Object.keys(require.cache).some((k) => k.includes("/node_modules/" + p + "/"));
    const { createStudy, RandomSampler } = await import(${JSON.stringify(new URL("../../src/index.ts", import.meta.url).href)});
    const before = has("pg");
    const s = await createStudy({ storage: process.argv[1], studyName: "lazy", sampler: new RandomSampler({ seed: 1 }) });
    await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 2 });
    console.log(JSON.stringify({ before, after: has("pg"), sqlite: has("better-sqlite3"), n: s.trials.length }));
    await s.storage.close();`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, url], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}"), { before: false, after: true, sqlite: false, n: 2 });
});
