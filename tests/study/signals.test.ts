// Items 2 and 3 of issue 16: SIGTERM is handled like SIGINT; with a listener of its own, the
// program keeps the process and every running trial finishes and is told.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadStudy } from "../../src/index.js";

function start(fixture: string, args: string[]): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

const untilDone = (get: () => string, n: number): Promise<void> =>
  new Promise((resolve) => {
    const timer = setInterval(() => {
      if ((get().match(/^done /gm) ?? []).length >= n) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });

const exited = (child: ChildProcess): Promise<number | null> => new Promise((r) => child.on("exit", (c) => r(c)));

describe("signals during optimize", () => {
  it("SIGTERM, with no listener of the program, fails the running trials and exits 143 (item 3)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-sigterm-"));
    const storage = `sqlite:///${join(dir, "s.db")}`;
    try {
      const { child, out } = start("tests/fixtures/sigint-study.ts", [storage, "3"]);
      await untilDone(out, 2);
      child.kill("SIGTERM");
      assert.equal(await exited(child), 143, out());
      const states = (await loadStudy({ storage, studyName: "interrupt" })).trials.map((t) => t.state);
      assert.ok(!states.includes("RUNNING"), `no trial left RUNNING: ${states.join(",")}`);
      assert.ok(states.filter((s) => s === "COMPLETE").length >= 2);
      assert.ok(states.includes("FAIL"), "the interrupted trials are FAIL");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} with the program's own listener: no trial starts, the running ones finish and are told, optimize returns (item 2)`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "parzen-listener-"));
      const storage = `sqlite:///${join(dir, "s.db")}`;
      try {
        const { child, out } = start("tests/fixtures/signal-listener-study.ts", [storage, signal]);
        await untilDone(out, 2);
        child.kill(signal);
        assert.equal(await exited(child), 0, out());
        const text = out();
        assert.match(text, new RegExp(`program got ${signal}`));
        assert.doesNotMatch(text, /UpdateFinishedTrialError|Error/);
        const trials = (await loadStudy({ storage, studyName: "listener" })).trials;
        assert.deepEqual([...new Set(trials.map((t) => t.state))], ["COMPLETE"], "every trial, the running ones too, is COMPLETE");
        assert.ok(trials.length < 10, `no trial started after the signal (${trials.length} trials)`);
        assert.equal((text.match(/^done \d+ COMPLETE$/gm) ?? []).length, trials.length, "every trial was told and reached the callbacks");
        assert.match(text, new RegExp(`optimize returned after ${trials.length} trials, signals 1`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
