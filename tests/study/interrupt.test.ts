import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadStudy } from "../../src/index.js";

describe("Ctrl-C during optimize", () => {
  for (const nJobs of [1, 3]) {
    it(`marks the running trials FAIL in storage and exits 130 (nJobs ${nJobs})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "parzen-sigint-"));
      const storage = `sqlite:///${join(dir, "s.db")}`;
      try {
        const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/sigint-study.ts", storage, String(nJobs)], { stdio: ["ignore", "pipe", "pipe"] });
        let done = 0;
        await new Promise<void>((resolve) => {
          child.stdout.on("data", (d: Buffer) => {
            done += (d.toString().match(/done/g) ?? []).length;
            if (done >= 2) resolve();
          });
        });
        child.kill("SIGINT");
        const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
        assert.equal(code, 130);
        const study = await loadStudy({ storage, studyName: "interrupt" });
        const states = study.trials.map((t) => t.state);
        assert.ok(!states.includes("RUNNING"), `no trial left RUNNING: ${states.join(",")}`);
        assert.ok(states.filter((s) => s === "COMPLETE").length >= 2);
        assert.ok(states.includes("FAIL"), "the interrupted trial is FAIL");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
