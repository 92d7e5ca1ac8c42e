/// <reference lib="dom" />
/**
 * The web dashboard's views in Debian's Chromium (playwright-core): multi-objective values in the
 * trial table, the trial detail view and its permalink, the table's filters and columns, the
 * parameter picker of the plots, plots that fit their cards, tooltips with the trial's params,
 * and a 24-hour timeline. Screenshots go to $PARZEN_SHOTS when set (to look at them).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { startWebDashboard, type WebDashboard } from "../../../src/cli/dashboard/web.js";
import { createStudy, RandomSampler, TrialPruned } from "../../../src/index.js";
import { timelineSpec } from "../../../src/visualization/timeline.js";

const CHROMIUM = "/usr/bin/chromium";
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (missing && process.env.CI === "true") throw new Error(`CI=true but ${missing}`);
const SHOTS = process.env.PARZEN_SHOTS;

interface ApiTrial {
  number: number;
  state: string;
  values: (number | string)[] | null;
  params: Record<string, number | string>;
}

describe("web dashboard views in headless Chromium", { skip: missing }, () => {
  let dir: string;
  let server: WebDashboard;
  let ctx: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const shot = async (name: string, selector?: string) => {
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      const path = join(SHOTS, `${name}.png`);
      if (selector) await page.locator(selector).first().screenshot({ path });
      else await page.screenshot({ path });
    }
  };
  const api = async (path: string) => (await (await fetch(`${server.url}${path}${path.includes("?") ? "&" : "?"}limit=10000`)).json()) as { trials: ApiTrial[] };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-views-"));
    const storage = `sqlite:///${join(dir, "v.db")}`;
    const so = await createStudy({ storage, studyName: "so", sampler: new RandomSampler({ seed: 7 }) });
    await so.optimize((t) => {
      const x = t.suggestFloat("x", 0, 10);
      const lr = t.suggestFloat("lr", 1e-4, 1, { log: true });
      const kind = t.suggestCategorical("kind", ["a", "b"]);
      const depth = kind === "a" ? t.suggestInt("depth", 1, 6) : 0;
      t.setUserAttr("note", `trial ${t.number}`);
      t.setSystemAttr("constraints:memory", x - 5);
      const value = (x - 3) ** 2 + Math.log10(lr) ** 2 + depth;
      for (let step = 0; step < 5; step++) t.report(value + 5 - step, step);
      if (t.number % 9 === 8) throw new TrialPruned();
      return value;
    }, { nTrials: 40 });
    const mo = await createStudy({ storage, studyName: "mo", directions: ["minimize", "maximize"], sampler: new RandomSampler({ seed: 8 }) });
    await mo.optimize((t) => {
      const a = t.suggestFloat("a", 0, 1);
      return [a * 0.123456789, 1 - a * a];
    }, { nTrials: 10 });
    // 7 trials an answer: the page loads the 40-trial study in steps, as it would a big one
    server = await startWebDashboard({ storage, port: 0, trialsPerRequest: 7 });
    const { chromium } = await import("playwright-core");
    ctx = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1300, height: 900 },
      timezoneId: "UTC",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  });
  after(async () => {
    await ctx?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows every objective's value of a multi-objective study, not NaN", async () => {
    await page.goto(`${server.url}#/study/mo`);
    await page.waitForSelector('body[data-ready="1"][data-trials="10"]', { timeout: 30_000 });
    const head = await page.$$eval("#trials th", (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(head.slice(0, 4), ["number", "state", "values_0", "values_1"]);
    const cells = await page.$$eval("#trials tbody tr", (trs) => trs.map((tr) => [Number(tr.children[0]?.textContent), tr.children[2]?.textContent, tr.children[3]?.textContent]));
    const byNumber = new Map((await api("api/studies/mo/trials")).trials.map((t) => [t.number, t.values as number[]]));
    assert.equal(cells.length, 10);
    for (const [n, v0, v1] of cells) {
      const want = byNumber.get(n as number) as number[];
      assert.equal(v0, String(Number(want[0]?.toPrecision(6))));
      assert.equal(v1, String(Number(want[1]?.toPrecision(6))));
      assert.doesNotMatch(`${v0}${v1}`, /NaN/);
    }
    await shot("mo-table", ".tablewrap");
  });

  it("opens a trial's detail view from its row, with a permalink that opens it directly", async () => {
    await page.goto(`${server.url}#/study/so`);
    await page.waitForSelector('body[data-ready="1"][data-trials="40"]', { timeout: 30_000 });
    await page.click('#trials tbody tr[data-number="3"] td:nth-child(2)');
    await page.waitForSelector('body[data-detail="3"]');
    assert.match(page.url(), /#\/study\/so\/trial\/3$/);
    await page.waitForSelector("#intermediate-chart svg", { timeout: 30_000 });
    const t3 = (await api("api/studies/so/trials")).trials.find((t) => t.number === 3) as ApiTrial;
    const text = (await page.textContent("#detail")) ?? "";
    assert.match(text, /Trial #3/);
    assert.match(text, new RegExp(t3.state));
    assert.ok(text.includes(String(Number((t3.values?.[0] as number).toPrecision(6)))), text);
    for (const p of Object.keys(t3.params)) assert.ok(text.includes(p), `param ${p}`);
    assert.match(text, /duration/);
    assert.match(text, /Intermediate values \(5\)/);
    assert.match(text, /User attributes \(1\)note/);
    assert.match(text, /trial 3/);
    assert.match(text, /Constraints · (feasible|infeasible)/);
    assert.match(text, /memory/);
    assert.match(text, /System attributes/);
    const permalink = await page.getAttribute("#detail a.permalink", "href");
    assert.equal(permalink, `${server.url}#/study/so/trial/3`);
    await shot("trial-detail", "#detail");
    // the permalink in a fresh tab opens the same trial
    const other = await ctx.newPage();
    await other.goto(permalink as string);
    await other.waitForSelector('body[data-detail="3"]', { timeout: 30_000 });
    assert.match((await other.textContent("#detail h3")) ?? "", /Trial #3/);
    await other.close();
    // closing returns to the study; a trial that does not exist says so
    await page.click("#detail a.close");
    await page.waitForFunction(() => document.body.dataset.detail === "");
    await page.goto(`${server.url}#/study/so/trial/999`);
    await page.waitForSelector('body[data-detail="missing"]');
  });

  it("filters trials by parameter range, value range and state together, and hides columns", async () => {
    await page.goto(`${server.url}#/study/so`);
    await page.waitForSelector('body[data-ready="1"][data-trials="40"]', { timeout: 30_000 });
    await page.click("#filters-panel summary");
    await page.fill('input[data-key="params.x"][data-bound="min"]', "2");
    await page.fill('input[data-key="params.x"][data-bound="max"]', "7");
    await page.fill('input[data-key="value"][data-bound="max"]', "20");
    await page.uncheck('input[data-state="PRUNED"]');
    await page.uncheck('input[data-key="params.kind"][data-choice="b"]');
    const all = (await api("api/studies/so/trials")).trials;
    const want = all
      .filter((t) => t.state !== "PRUNED")
      .filter((t) => typeof t.params.x === "number" && t.params.x >= 2 && t.params.x <= 7)
      .filter((t) => t.values !== null && (t.values[0] as number) <= 20)
      .filter((t) => t.params.kind === "a")
      .map((t) => t.number)
      .sort((a, b) => b - a);
    assert.ok(want.length > 0 && want.length < 40, `filter keeps ${want.length}`);
    await page.waitForFunction((n) => document.body.dataset.rows === String(n), want.length);
    const shown = await page.$$eval("#trials tbody tr", (trs) => trs.map((tr) => Number(tr.getAttribute("data-number"))));
    assert.deepEqual(shown, want);
    assert.match((await page.textContent("#match-note")) ?? "", new RegExp(`^${want.length} of 40 trials match \\(3 range/choice filters\\)`));
    await shot("filters", ".filters");
    await shot("filtered-table", ".tablewrap");
    // columns: hide lr and the user attribute, then show lr again
    await page.click("#columns-panel summary");
    await page.uncheck('input[data-column="params.lr"]');
    await page.uncheck('input[data-column="user_attrs.note"]');
    let head = await page.$$eval("#trials th", (ths) => ths.map((t) => t.textContent));
    assert.ok(!head.includes("params.lr") && !head.includes("user_attrs.note") && head.includes("params.x"), head.join());
    await page.check('input[data-column="params.lr"]');
    head = await page.$$eval("#trials th", (ths) => ths.map((t) => t.textContent));
    assert.ok(head.includes("params.lr"));
    // filters and columns survive a live update (the page polls every 2 s)
    await page.waitForTimeout(2500);
    assert.deepEqual(await page.$$eval("#trials tbody tr", (trs) => trs.length), want.length);
    await page.click("text=clear filters");
    await page.waitForFunction(() => document.body.dataset.rows === "40");
  });

  it("draws the chosen parameters, fits plots to their cards, and shows params in tooltips", async () => {
    await page.goto(`${server.url}#/study/so`);
    await page.waitForSelector('body[data-ready="1"][data-plots]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll(".plot .chart svg").length === document.querySelectorAll(".plot").length, undefined, { timeout: 60_000 });
    const picked = await page.$$eval("#param-picker input", (xs) => xs.map((x) => [x.getAttribute("data-param"), (x as HTMLInputElement).checked]));
    assert.deepEqual(picked, [["depth", true], ["kind", true], ["lr", true], ["x", true]]);
    // every plot fits its card
    const overflow = await page.$$eval(".plot", (cards) =>
      cards.map((c) => {
        const svg = c.querySelector(".chart svg") as SVGElement;
        return [c.getAttribute("data-title"), svg.getBoundingClientRect().width - c.clientWidth];
      }),
    );
    for (const [title, over] of overflow) assert.ok((over as number) <= 0, `${title} is wider than its card by ${over}px`);
    const pc = (await page.textContent('.plot[data-title="Parallel coordinates"]')) ?? "";
    assert.match(pc, /left out: \d+ COMPLETE trials lack depth/);
    await shot("plots-all");
    await shot("plot-slice", '.plot[data-title="Slice"]');
    await shot("plot-parallel", '.plot[data-title="Parallel coordinates"]');
    // tooltips carry the trial's params
    await page.hover('.plot[data-title="Slice"] .mark-symbol path');
    await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 10_000 });
    const tip = (await page.textContent("#vg-tooltip-element")) ?? "";
    assert.match(tip, /Params/);
    assert.match(tip, /x=[-0-9.e]+/);
    await shot("tooltip");
    // choose x and lr only
    const seq = Number(await page.getAttribute("body", "data-plot-seq"));
    await page.uncheck('#param-picker input[data-param="depth"]');
    await page.uncheck('#param-picker input[data-param="kind"]');
    await page.waitForFunction((s) => Number(document.body.dataset.plotSeq) >= s + 2, seq, { timeout: 60_000 });
    const slice = (await page.textContent('.plot[data-title="Slice"]')) ?? "";
    assert.ok(slice.includes("lr") && !slice.includes("depth") && !slice.includes("kind"), slice.slice(0, 200));
    assert.doesNotMatch((await page.textContent('.plot[data-title="Parallel coordinates"]')) ?? "", /left out/);
    await shot("plots-chosen", '.plot[data-title="Contour"]');
    assert.deepEqual(problems, []);
  });

  it("labels the timeline with a 24-hour clock", async () => {
    const t0 = Date.UTC(2026, 0, 5, 11, 0, 0);
    const bars = Array.from({ length: 12 }, (_, i) => ({ number: i, state: "COMPLETE" as const, start: t0 + i * 20 * 60_000, end: t0 + i * 20 * 60_000 + 15 * 60_000 }));
    const spec = timelineSpec({ bars });
    await page.evaluate(async (s) => {
      const div = document.createElement("div");
      div.id = "tl";
      document.body.append(div);
      await (window as unknown as { vegaEmbed: (e: Element, s: unknown, o: unknown) => Promise<unknown> }).vegaEmbed(div, s, { renderer: "svg", actions: false });
    }, spec);
    const labels = await page.$$eval("#tl .role-axis-label text", (ts) => ts.map((t) => t.textContent ?? ""));
    const times = labels.filter((l) => /:/.test(l));
    assert.ok(times.length >= 3, labels.join(" | "));
    for (const l of times) assert.match(l, /^([01]\d|2[0-3]):[0-5]\d$/);
    assert.ok(!labels.some((l) => /AM|PM/.test(l)), labels.join(" | "));
    assert.ok(times.some((l) => Number(l.slice(0, 2)) >= 13), `an afternoon hour in 24-hour form: ${times.join(" ")}`);
  });
});
