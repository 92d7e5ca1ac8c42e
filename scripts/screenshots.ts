/**
 * Regenerates the dashboard screenshots in docs/images/: fills storage/showcase.db with a study,
 * serves the web dashboard and photographs it in headless Chromium, and photographs a capture of
 * the terminal dashboard (text from tmux, given as the first argument, drawn in a <pre>; its
 * ANSI colours, from `tmux capture-pane -e`, are kept).
 *
 *   tmux new-session -d -s shot -x 80 -y 24 "parzen dashboard --storage sqlite:///storage/showcase.db"
 *   tmux capture-pane -e -p -t shot > /tmp/terminal.txt
 *   npx tsx scripts/screenshots.ts /tmp/terminal.txt
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startWebDashboard } from "../src/cli/dashboard/web.js";
import { createStudy, MedianPruner, TPESampler, TrialPruned } from "../src/index.js";

const storage = "sqlite:///storage/showcase.db";
if (!existsSync("storage/showcase.db")) {
  const study = await createStudy({ storage, studyName: "mixed-hpo", sampler: new TPESampler({ seed: 5 }), pruner: new MedianPruner() });
  await study.optimize((t) => {
    const lr = t.suggestFloat("lr", 1e-5, 1e-1, { log: true });
    const layers = t.suggestInt("layers", 1, 8);
    const act = t.suggestCategorical("act", ["relu", "tanh", "sigmoid"]);
    const dropout = t.suggestFloat("dropout", 0, 0.5);
    const final = (Math.log10(lr) + 3) ** 2 + 0.3 * (layers - 4) ** 2 + { relu: 0, tanh: 0.5, sigmoid: 1.5 }[act] + 4 * (dropout - 0.2) ** 2;
    for (let step = 0; step < 10; step++) {
      t.report(final + 5 / (step + 1), step);
      if (t.shouldPrune()) throw new TrialPruned();
    }
    return final;
  }, { nTrials: 80 });
}
const dir = mkdtempSync(join(tmpdir(), "parzen-shots-"));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
const server = await startWebDashboard({ storage, port: 0 });
await page.goto(`${server.url}#/study/mixed-hpo`);
await page.waitForSelector('body[data-ready="1"][data-plots]', { timeout: 60_000 });
await page.waitForFunction(() => document.querySelectorAll(".plot .chart svg").length === document.querySelectorAll(".plot").length, undefined, { timeout: 60_000 });
await page.waitForTimeout(1500);
await page.screenshot({ path: "docs/images/dashboard-web.png", fullPage: false });
await page.screenshot({ path: "docs/images/dashboard-web-full.png", fullPage: true });
// the trial table with a filter, and a trial's detail view
const best = await page.getAttribute(".cards a", "href");
await page.goto(`${server.url}${best ?? "#/study/mixed-hpo/trial/0"}`);
await page.waitForSelector("body[data-detail]:not([data-detail=''])", { timeout: 30_000 });
await page.waitForSelector("#intermediate-chart svg", { timeout: 30_000 }).catch(() => undefined);
await page.click("#filters-panel summary");
await page.uncheck('input[data-state="PRUNED"]');
await page.waitForTimeout(500);
await page.locator("#detail").scrollIntoViewIfNeeded();
await page.screenshot({ path: "docs/images/dashboard-web-trial.png", fullPage: false });
await server.close();
const capture = process.argv[2];
if (capture) {
  const text = ansiToHtml(readFileSync(capture, "utf8"));
  await page.setViewportSize({ width: 820, height: 520 });
  await page.setContent(
    `<body style="margin:0;background:#1e1e1e"><pre style="margin:0;padding:12px;color:#e6e6e6;font:14px/1.25 'DejaVu Sans Mono',monospace">${text}</pre></body>`,
  );
  await page.screenshot({ path: "docs/images/dashboard-terminal.png" });
}
await ctx.close();
rmSync(dir, { recursive: true, force: true });
console.log("wrote docs/images/dashboard-web.png, dashboard-web-full.png, dashboard-web-trial.png" + (capture ? ", dashboard-terminal.png" : ""));

/** Text with SGR colour codes (the few the terminal dashboard uses) as HTML spans; the rest escaped. */
function ansiToHtml(raw: string): string {
  const colors: Record<string, string> = { "31": "#f47067", "32": "#6bc46d", "33": "#e0b94f", "36": "#56c2d6" };
  let open = 0;
  return raw
    .replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\x1b\[([0-9;]*)m/g, (_, codes: string) => {
      let out = "";
      for (const c of codes.split(";")) {
        if (c === "" || c === "0" || c === "39" || c === "22") {
          out += "</span>".repeat(open);
          open = 0;
        } else {
          const style = colors[c] ? `color:${colors[c]}` : c === "1" ? "font-weight:bold" : c === "2" ? "opacity:.6" : c === "7" ? "background:#e6e6e6;color:#1e1e1e" : "";
          if (style) {
            out += `<span style="${style}">`;
            open++;
          }
        }
      }
      return out;
    })
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}
