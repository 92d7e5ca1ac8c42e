/// <reference lib="dom" />
/**
 * The offline HTML report in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): one SVG per plot, no console errors or warnings, no script from user text.
 * Skipped with a reason when Chromium is missing, except under CI=true, where that is a failure.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { FloatDistribution } from "../../src/index.js";
import { plotEdf, reportPlots, toHTML, writeReport } from "../../src/visualization/index.js";
import { mixedStudy, studyWith } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (missing && process.env.CI === "true") throw new Error(`CI=true but ${missing}`);

describe("toHTML output", () => {
  test("inlines vega, vega-lite and vega-embed, loads nothing from the network, escapes user text", () => {
    const html = toHTML([{ title: "<b>EDF</b>", spec: plotEdf({ studyName: "s", directions: ["minimize"], getTrials: () => [] }) }], {
      title: "</script><script>alert(1)</script>",
      summary: [["<k>", "<v>&"]],
    });
    assert.ok(!/<script[^>]+src=/i.test(html), "no external scripts");
    assert.ok(!/https?:\/\/(?!vega\.github\.io\/schema)[^"'\s]*\.(js|css)/i.test(html), "no remote assets");
    assert.equal((html.match(/<\/script>/gi) ?? []).length, (html.match(/<script>/gi) ?? []).length, "every script closes once");
    assert.ok(html.includes("&#60;/script&#62;&#60;script&#62;alert(1)"));
    assert.ok(html.includes("<td>&#60;k&#62;</td><td>&#60;v&#62;&#38;</td>"));
    assert.ok(html.includes('aria-label="&#60;b&#62;EDF&#60;/b&#62;"'));
    assert.ok(html.length > 700_000, "the libraries are inlined");
  });
});

describe("the HTML report in headless Chromium", { skip: missing }, () => {
  let dir: string;
  let close: () => Promise<void> = async () => {};
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "parzen-report-"));
  });
  after(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("one SVG per plot, its title drawn, no console errors, user text inert", async () => {
    const study = await mixedStudy(40, 5);
    const evil = '</script><img src=x onerror="alert(1)">';
    await study.setUserAttr("note", evil);
    const file = join(dir, "report.html");
    await writeReport(study, file, { title: `Report ${evil}` });
    const { plots } = reportPlots(study);
    assert.equal(plots.length, 9, "every single-objective plot applies to this study");
    assert.ok(readFileSync(file, "utf8").includes("&#60;/script&#62;&#60;img"));

    const { chromium } = await import("playwright-core");
    const ctx = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    close = () => ctx.close();
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
    const result = await page.evaluate(() => ({
      svgs: [...document.querySelectorAll("div.vega")].map((d) => d.querySelectorAll("svg").length),
      titles: [...document.querySelectorAll("div.vega svg")].map((s) => s.querySelector(".role-title-text")?.textContent ?? ""),
      errors: document.querySelectorAll(".error").length,
      heading: document.querySelector("h1")?.textContent ?? "",
      imgs: document.querySelectorAll("img").length,
      summary: [...document.querySelectorAll("table.summary td")].map((td) => td.textContent ?? ""),
    }));
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [], "works offline");
    assert.deepEqual(result.svgs, plots.map(() => 1));
    assert.equal(result.errors, 0);
    assert.deepEqual(result.titles, [
      "Optimization History",
      "Hyperparameter Importances",
      "Slice Plot",
      "Parallel Coordinate Plot",
      "Contour Plot",
      "Rank Plot",
      "Empirical Distribution Function",
      "Intermediate Values",
      "Timeline Plot",
    ]);
    assert.equal(result.heading, `Report ${evil}`);
    assert.equal(result.imgs, 0, "HTML in user text is not parsed");
    assert.ok(result.summary.includes(JSON.stringify(evil)));
  });

  test("a multi-objective report starts with the Pareto front", async () => {
    const d = { x: new FloatDistribution(0, 1) };
    const study = await studyWith(
      [0, 1, 2, 3].map((i) => ({ params: { x: i / 4 }, distributions: d, values: [i, 3 - i] })),
      ["minimize", "minimize"],
    );
    const { plots, notes } = reportPlots(study);
    assert.equal(plots[0]?.title, "Pareto front");
    assert.ok(notes.some((n) => n.startsWith("Intermediate values")));
  });
});
