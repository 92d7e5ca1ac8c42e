// Item 6 of issue 16: an interrupted or failed copyStudy leaves nothing, so it can be run again.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import {
  copyStudy,
  createSqliteStorage,
  createStudy,
  createTrial,
  DuplicatedStudyError,
  FloatDistribution,
  getAllStudySummaries,
  InMemoryStorage,
  loadStudy,
  StorageError,
} from "../../src/index.js";
import { tempDb } from "../storages/sqlite/helpers.js";

const X = new FloatDistribution(0, 1);

async function bigStudy(storage: string | InMemoryStorage, n: number): Promise<void> {
  const study = await createStudy({ storage, studyName: "big", direction: "maximize" });
  await study.setUserAttr("note", "the source");
  const trials = Array.from({ length: n }, (_, i) =>
    createTrial({ value: i / n, params: { x: (i % 97) / 97 }, distributions: { x: X }, userAttrs: { pad: "p".repeat(200), i } }),
  );
  await study.addTrials(trials);
}

describe("copyStudy is atomic (item 6)", () => {
  it("a copy that fails half-way (the target is full) leaves no study; run again, it copies everything", async () => {
    const source = new InMemoryStorage();
    await bigStudy(source, 2000);
    const { url } = tempDb();
    const capped = await createSqliteStorage(url, { maxPageCount: 60 });
    await assert.rejects(copyStudy({ fromStudyName: "big", fromStorage: source, toStorage: capped }), StorageError);
    assert.deepEqual(await capped.getAllStudies(), [], "no partial study is left");
    await capped.close();

    const target = await createSqliteStorage(url);
    await copyStudy({ fromStudyName: "big", fromStorage: source, toStorage: target });
    const copy = await loadStudy({ storage: target, studyName: "big" });
    assert.equal(copy.trials.length, 2000);
    assert.deepEqual(copy.trials.map((t) => t.number), Array.from({ length: 2000 }, (_, i) => i));
    assert.equal(copy.trials[1999]?.value, 1999 / 2000);
    assert.equal(copy.trials[5]?.userAttrs.i, 5);
    assert.deepEqual(copy.userAttrs, { note: "the source" });
    assert.equal(copy.direction, "maximize");
  });

  it("copying onto an existing name says how to avoid it (no loadIfExists, which copy does not have)", async () => {
    const source = new InMemoryStorage();
    await bigStudy(source, 3);
    const target = new InMemoryStorage();
    await copyStudy({ fromStudyName: "big", fromStorage: source, toStorage: target });
    await assert.rejects(copyStudy({ fromStudyName: "big", fromStorage: source, toStorage: target }), (e: Error) => {
      assert.ok(e instanceof DuplicatedStudyError);
      assert.match(e.message, /choose another target name \(toStudyName, --to-study-name\), or delete the existing study first/);
      assert.doesNotMatch(e.message, /loadIfExists/);
      return true;
    });
    assert.equal((await getAllStudySummaries(target))[0]?.nTrials, 3);
  });

  it("a copy killed with SIGKILL while it runs leaves either nothing or the whole study", async () => {
    const from = tempDb().url;
    const to = tempDb().url;
    await bigStudy(from, 4000);
    const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/copy-study.ts", from, to], { stdio: ["ignore", "pipe", "inherit"] });
    // Listen for the exit at once: under load the copy may end before the kill (then it is whole).
    const exited = new Promise((r) => child.on("exit", r));
    const started = new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("start") && resolve()));
    await Promise.race([started, exited]);
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    await exited;
    const studies = await getAllStudySummaries(to).catch(() => []);
    assert.ok(studies.length === 0 || studies[0]?.nTrials === 4000, `found ${JSON.stringify(studies.map((s) => s.nTrials))}`);
  });
});
