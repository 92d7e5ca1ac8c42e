/// <reference lib="dom" />
/**
 * The web dashboard driven by playwright-core in Debian's Chromium: it loads, shows the plots and
 * the trials, updates when another process adds a trial, shows a hostile study name as text, and
 * answers only GET on its fixed routes. Skipped with a reason without Chromium, except under CI.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { startWebDashboard, type WebDashboard } from "../../../src/cli/dashboard/web.js";
import { createStudy, RandomSampler } from "../../../src/index.js";

const CHROMIUM = "/usr/bin/chromium";
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (missing && process.env.CI === "true") throw new Error(`CI=true but ${missing}`);
const EVIL = "<img src=x onerror=alert(1)>";
const exec = promisify(execFile);

describe("web dashboard: HTTP", () => {
  let dir: string;
  let server: WebDashboard;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-web-"));
    const storage = `sqlite:///${join(dir, "w.db")}`;
    const s = await createStudy({ storage, studyName: "a", sampler: new RandomSampler({ seed: 1 }) });
    await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 3 });
    server = await startWebDashboard({ storage, port: 0 });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("binds to 127.0.0.1 and serves the API on fixed routes only", async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const list = (await (await fetch(`${server.url}api/studies`)).json()) as { name: string; nTrials: number }[];
    assert.deepEqual(list.map((s) => [s.name, s.nTrials]), [["a", 3]]);
    const trials = (await (await fetch(`${server.url}api/studies/a/trials?after=2`)).json()) as { trials: { number: number }[]; nTrials: number };
    assert.equal(trials.nTrials, 3);
    assert.deepEqual(trials.trials.map((t) => t.number), [2]);
    const open = (await (await fetch(`${server.url}api/studies/a/trials?after=3&open=0`)).json()) as { trials: { number: number }[] };
    assert.deepEqual(open.trials.map((t) => t.number), [0]);
    assert.equal((await fetch(`${server.url}api/studies/nope/trials`)).status, 404);
    assert.equal((await fetch(`${server.url}assets/..%2F..%2Fpackage.json`)).status, 404);
    assert.equal((await fetch(`${server.url}..%2Fpackage.json`)).status, 404);
    assert.equal((await fetch(`${server.url}api/studies`, { method: "POST", body: "x" })).status, 405);
    assert.equal((await fetch(`${server.url}?${"a".repeat(5000)}`)).status, 414);
    const page = await fetch(server.url);
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  });
});

describe("web dashboard in headless Chromium", { skip: missing }, () => {
  let dir: string;
  let storage: string;
  let server: WebDashboard;
  let closeBrowser: () => Promise<void> = async () => {};
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-webui-"));
    storage = `sqlite:///${join(dir, "w.db")}`;
    const evil = await createStudy({ storage, studyName: EVIL, sampler: new RandomSampler({ seed: 2 }) });
    await evil.optimize((t) => {
      t.setUserAttr("<b>note</b>", "<script>alert(2)</script>");
      return t.suggestFloat("<i>x</i>", 0, 1);
    }, { nTrials: 4 });
    const live = await createStudy({ storage, studyName: "live", sampler: new RandomSampler({ seed: 3 }) });
    await live.optimize((t) => {
      const x = t.suggestFloat("x", 0, 1);
      const y = t.suggestFloat("y", 0, 1);
      t.report(x, 0);
      return x + y;
    }, { nTrials: 12 });
    server = await startWebDashboard({ storage, port: 0 });
  });
  after(async () => {
    await closeBrowser();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists studies, shows plots and trials, updates live, and keeps hostile names as text", async () => {
    const { chromium } = await import("playwright-core");
    const ctx = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    closeBrowser = () => ctx.close();
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });

    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    const names = await page.$$eval("a.study", (as) => as.map((a) => a.textContent));
    assert.deepEqual(names.sort(), [EVIL, "live"].sort());
    assert.equal(await page.$$eval("img", (x) => x.length), 0, "the name is text, not an <img>");

    await page.click(`a.study:text-is("${EVIL}")`);
    await page.waitForSelector('body[data-ready="1"][data-trials="4"]', { timeout: 30_000 });
    const head = await page.$$eval("#trials th", (ths) => ths.map((t) => t.textContent));
    assert.ok(head.includes("params.<i>x</i>") && head.includes("user_attrs.<b>note</b>"));
    assert.equal(await page.$$eval("main i, main b, main script", (x) => x.length), 0);
    assert.equal(await page.textContent("h2"), EVIL);

    await page.goto(`${server.url}#/study/live`);
    await page.waitForSelector('body[data-ready="1"][data-plots]', { timeout: 60_000 });
    const nPlots = Number(await page.getAttribute("body", "data-plots"));
    assert.ok(nPlots >= 8, `plots: ${nPlots}`);
    await page.waitForFunction((n) => document.querySelectorAll(".plot svg").length >= n, nPlots, { timeout: 60_000 });
    assert.equal(await page.$$eval("#trials tbody tr", (r) => r.length), 12);

    // another process adds two trials: the page picks them up without a reload
    await exec(process.execPath, ["--import", "tsx", "tests/fixtures/add-trials.ts", storage, "live", "2"]);
    await page.waitForSelector('body[data-trials="14"]', { timeout: 30_000 });
    assert.equal(await page.$$eval("#trials tbody tr", (r) => r.length), 14);

    // sorting by value puts the smallest first when ascending
    await page.click('#trials th:text-is("value")');
    const values = await page.$$eval("#trials tbody tr td:nth-child(3)", (tds) => tds.map((t) => Number(t.textContent)));
    assert.deepEqual(values, [...values].sort((a, b) => a - b));
    assert.deepEqual(problems, []);
  });
});
