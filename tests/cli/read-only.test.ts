// Item 11 of issue 16: commands that only read never create a database.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../src/cli/main.js";
import { createStudy, getAllStudySummaries, StorageError } from "../../src/index.js";
import { resolveStorage } from "../../src/storages/url.js";

async function cli(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, {});
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("read-only commands on a database that does not exist (item 11)", () => {
  const dir = mkdtempSync(join(tmpdir(), "parzen-ro-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = join(dir, "typo", "path.db");
  const url = `sqlite:///${missing}`;
  const commands: string[][] = [
    ["studies"],
    ["trials", "--study-name", "s"],
    ["best-trial", "--study-name", "s"],
    ["best-trials", "--study-name", "s"],
    ["export", "--study-name", "s", "--out", join(dir, "out.csv")],
    ["plot", "history", "--study-name", "s", "--out", join(dir, "h.svg")],
    ["report", "--study-name", "s", "--out", join(dir, "r.html")],
    ["dashboard", "--web", "--port", "0"],
    ["dashboard"],
    ["delete-study", "--study-name", "s"],
    ["copy-study", "--study-name", "s", "--to-storage", `sqlite:///${join(dir, "copy.db")}`],
  ];
  for (const args of commands) {
    it(`\`parzen ${args[0]}\` fails naming the missing file and creates nothing`, { timeout: 60_000 }, async () => {
      const r = await cli([...args, "--storage", url]);
      assert.equal(r.code, 1, r.err);
      assert.equal(r.err, `error: The study database ${missing} does not exist (nor does its folder ${join(dir, "typo")}); nothing was created. ` +
        "Check the storage URL (sqlite:///relative/path.db is relative to the working directory, sqlite:////absolute/path.db is absolute), or create a study there first.");
      assert.deepEqual(readdirSync(dir).filter((f) => f !== "out.csv"), []);
      assert.equal(existsSync(join(dir, "typo")), false);
    });
  }

  it("an empty file is left untouched, and the API's mustExist gives the same typed error", async () => {
    const empty = join(dir, "empty.db");
    writeFileSync(empty, "");
    const r = await cli(["studies", "--storage", `sqlite:///${empty}`]);
    assert.equal(r.code, 1);
    assert.match(r.err, /empty\.db is an empty file, not a study database; it was left untouched/);
    assert.equal(statSync(empty).size, 0);
    await assert.rejects(resolveStorage(`sqlite:///${join(dir, "nope.db")}`, { mustExist: true }), StorageError);
    assert.equal(existsSync(join(dir, "nope.db")), false);
  });

  it("an existing database is read as before", async () => {
    const file = join(dir, "real.db");
    await createStudy({ storage: `sqlite:///${file}`, studyName: "real" });
    const r = await cli(["studies", "--storage", `sqlite:///${file}`, "-f", "json"]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((JSON.parse(r.out) as { name: string }[]).map((s) => s.name), ["real"]);
    assert.equal((await getAllStudySummaries(`sqlite:///${file}`)).length, 1);
  });
});
