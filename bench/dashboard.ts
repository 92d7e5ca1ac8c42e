/**
 * `npm run bench -- dashboard [--trials 20000] [--seconds 30]`: does the web dashboard's trials
 * API stay fast while a big live study's plots refresh? A study of `trials` trials (3 params, 5
 * intermediate values each) on SQLite, `parzen dashboard --web` serving it in its own process,
 * another process adding a trial every 200 ms, and the page's pattern of requests from this one:
 * the plots every second (the server recomputes them on its plot thread as the study grows) and
 * the trials API (`?after=N`, what the page polls) every 50 ms. Each trials answer says in its
 * `x-parzen-plot-jobs` header whether the plot thread was computing; the table splits the
 * latencies by that. For comparison: one plot computation on a main thread (what every request
 * waited for when plots were computed on the request path).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { plotsBody } from "../src/cli/dashboard/plot-data.js";
import { createStudy, loadStudy, RandomSampler } from "../src/index.js";
import { fmt, median, printTable, writeResult } from "./util.js";

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

/** Milliseconds to the whole body, its size and headers; the body is read as bytes and dropped. */
function time(url: string, gzip = false): Promise<{ ms: number; bytes: number; headers: Record<string, unknown>; head: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    get(url, { headers: gzip ? { "accept-encoding": "gzip" } : {} }, (res) => {
      let bytes = 0;
      let head = "";
      res.on("data", (c: Buffer) => {
        if (head.length < 200) head += c.toString("utf8", 0, Math.min(c.length, 200));
        bytes += c.length;
      });
      res.on("end", () =>
        res.statusCode === 200 ? resolve({ ms: performance.now() - t0, bytes, headers: res.headers, head }) : reject(new Error(`${url}: ${res.statusCode} ${head}`)),
      );
    }).on("error", reject);
  });
}

export async function run(args: string[]): Promise<void> {
  const nTrials = Number(arg(args, "trials") ?? 20_000);
  const seconds = Number(arg(args, "seconds") ?? 30);
  const dir = join("bench", "results", "dashboard");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `study-${nTrials}.db`);
  const storage = `sqlite:///${file}`;
  const studyName = "live";
  if (!existsSync(file)) {
    const t0 = performance.now();
    const s = await createStudy({ storage, studyName, sampler: new RandomSampler({ seed: 1 }) });
    await s.optimize((t) => {
      const x = t.suggestFloat("x", -5, 5);
      const y = t.suggestFloat("y", 1e-3, 10, { log: true });
      const c = t.suggestCategorical("c", ["a", "b"]);
      const v = x * x + y + Number(c === "b");
      for (let step = 0; step < 5; step++) t.report(v + 5 - step, step);
      return v;
    }, { nTrials });
    console.log(`built ${file}: ${nTrials} trials in ${((performance.now() - t0) / 1000).toFixed(1)} s (kept for the next run)`);
  }

  // what a request waited for when plots were computed on the request path
  const inline: number[] = [];
  {
    const study = await loadStudy({ storage, studyName });
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      plotsBody(study);
      inline.push(performance.now() - t0);
    }
  }

  const server = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "dashboard", "--web", "--port", "0", "--storage", storage], { stdio: ["ignore", "pipe", "inherit"] });
  const writer = spawn(process.execPath, ["--import", "tsx", "bench/_dashboard-writer.ts", storage, studyName, "200"], { stdio: "inherit" });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      server.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /on (http:\/\/\S+\/)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      server.on("exit", (code) => reject(new Error(`the dashboard exited with ${code}: ${out}`)));
    });
    const base = `${url}api/studies/${studyName}/`;
    // the page's first load: steps of 2000 trials
    const first = { ms: 0, bytes: 0, steps: 0, maxStep: 0 };
    for (let after = 0; after < nTrials; after += 2000) {
      const r = await time(`${base}trials?after=${after}`, true);
      first.ms += r.ms;
      first.bytes += r.bytes;
      first.steps++;
      first.maxStep = Math.max(first.maxStep, r.ms);
    }
    const firstPlots = await time(`${base}plots`);
    let stop = false;
    const versions = new Set<string>();
    const plotTimes: number[] = [];
    const plotsLoop = (async () => {
      while (!stop) {
        // as a browser asks: gzipped (the version is read from the plain body's head)
        const r = await time(`${base}plots`, true);
        plotTimes.push(r.ms);
        versions.add(String(r.headers.etag ?? "?").replace(/"/g, ""));
        await new Promise((res) => setTimeout(res, 1000));
      }
    })();
    const busy: number[] = [];
    const idle: number[] = [];
    let n = nTrials;
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      const r = await time(`${base}trials?after=${n}`);
      (Number(r.headers["x-parzen-plot-jobs"] ?? 0) > 0 ? busy : idle).push(r.ms);
      n = Number(/"nTrials":(\d+)/.exec(r.head)?.[1] ?? n);
      await new Promise((res) => setTimeout(res, 50));
    }
    stop = true;
    await plotsLoop;
    const row = (name: string, xs: number[]): (string | number)[] => [name, String(xs.length), median(xs), quantile(xs, 0.95), xs.length ? Math.max(...xs) : Number.NaN];
    console.log(`\nweb dashboard on a live study of ${nTrials} trials (${n} at the end: another process added ${n - nTrials}), ${seconds} s; ms`);
    printTable(["request", "n", "median", "p95", "max"], [
      row("trials API (?after=N), plot thread busy", busy),
      row("trials API (?after=N), plot thread idle", idle),
      row("plots request (cached or stale: at once)", plotTimes),
      row("one plot computation on a main thread", inline),
    ]);
    console.log(`first plots (computed while the page waits once): ${fmt(firstPlots.ms)} ms, ${(firstPlots.bytes / 1e6).toFixed(1)} MB`);
    console.log(`first load of all ${nTrials} trials (${(first.bytes / 1e6).toFixed(1)} MB) in ${first.steps} steps: ${fmt(first.ms)} ms, the longest step ${fmt(first.maxStep)} ms`);
    console.log(`plot versions served during the run: ${versions.size} (${[...versions].slice(0, 6).join(", ")}${versions.size > 6 ? ", …" : ""})`);
    const path = writeResult("dashboard", { nTrials, seconds, busy, idle, plotTimes, inline, firstPlots: firstPlots.ms, firstLoad: first.ms, firstBytes: first.bytes, end: n, versions: [...versions] });
    console.log(`wrote ${path}`);
  } finally {
    writer.kill("SIGTERM");
    server.kill("SIGINT");
  }
}
