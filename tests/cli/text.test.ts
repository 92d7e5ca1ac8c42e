/**
 * Control characters in user text (study, parameter and attribute names) never reach the
 * terminal raw: CLI tables, messages and errors show them escaped; JSON and CSV keep the data.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../../src/cli/main.js";
import { formatTable } from "../../src/cli/output.js";
import { escapeControl, escapeLines } from "../../src/cli/text.js";
import { createStudy, RandomSampler } from "../../src/index.js";

const HOSTILE = "\u001b]0;TITLE\u0007\u001b[2J";
// ESC, BEL, other C0, DEL and C1 (0x9b is an 8-bit CSI)
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("escapeControl", () => {
  it("shows control characters as visible escapes and leaves printable text alone", () => {
    assert.equal(escapeControl(HOSTILE), "\\x1b]0;TITLE\\x07\\x1b[2J");
    assert.equal(escapeControl("a\tb\nc\rd\u009b31m\u007f"), "a\\tb\\nc\\rd\\x9b31m\\x7f");
    assert.equal(escapeControl("abc\u202eevil"), "abc\\u202eevil");
    assert.equal(escapeControl("lr η=0.1 · 学习率 ✓"), "lr η=0.1 · 学习率 ✓");
    assert.equal(escapeLines(`one ${HOSTILE}\ntwo`), "one \\x1b]0;TITLE\\x07\\x1b[2J\ntwo");
  });

  it("escapes table cells and headers, keeping the columns aligned", () => {
    const table = formatTable(["name", `p_${HOSTILE}`], [{ name: HOSTILE, [`p_${HOSTILE}`]: 1 }, { name: "ok", [`p_${HOSTILE}`]: 22 }]);
    assert.doesNotMatch(table, RAW);
    const lines = table.split("\n");
    assert.ok(lines.every((l) => l.length === (lines[0] as string).length), table);
    assert.match(table, /\| \\x1b\]0;TITLE\\x07\\x1b\[2J \|/);
  });
});

describe("CLI output with a hostile study name", () => {
  let dir: string;
  let storage: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-text-"));
    storage = `sqlite:///${join(dir, "t.db")}`;
    const s = await createStudy({ storage, studyName: HOSTILE, sampler: new RandomSampler({ seed: 1 }) });
    await s.optimize((t) => {
      t.setUserAttr(`note${HOSTILE}`, `v${HOSTILE}`);
      t.suggestCategorical("c", [`a${HOSTILE}`]);
      return t.suggestFloat(`x${HOSTILE}`, 0, 1);
    }, { nTrials: 2 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints studies and trials tables without a raw control character", async () => {
    const studies = await cli(["studies", "--storage", storage]);
    assert.equal(studies.code, 0, studies.err);
    assert.doesNotMatch(studies.out, RAW);
    assert.ok(studies.out.includes("\\x1b]0;TITLE\\x07\\x1b[2J"), studies.out);
    const trials = await cli(["trials", "--storage", storage, "--study-name", HOSTILE]);
    assert.equal(trials.code, 0, trials.err);
    assert.doesNotMatch(trials.out, RAW);
    assert.ok(trials.out.includes("x\\x1b]0;TITLE"), trials.out);
    assert.ok(trials.out.includes("a\\x1b]0;TITLE"), trials.out);
  });

  it("escapes names in errors too", async () => {
    const missing = await cli(["trials", "--storage", storage, "--study-name", `nope${HOSTILE}`]);
    assert.equal(missing.code, 1);
    assert.doesNotMatch(missing.err, RAW);
    assert.match(missing.err, /nope/);
  });

  it("keeps JSON and CSV exact", async () => {
    const json = await cli(["studies", "--storage", storage, "-f", "json"]);
    assert.deepEqual((JSON.parse(json.out) as { name: string }[]).map((r) => r.name), [HOSTILE]);
    const csv = await cli(["trials", "--storage", storage, "--study-name", HOSTILE, "-f", "csv"]);
    assert.ok(csv.out.split("\n")[0]?.includes(`params_x${HOSTILE}`), csv.out);
  });
});
