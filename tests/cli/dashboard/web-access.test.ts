/**
 * The web dashboard's access rules and its plot thread, over real HTTP on a random port: the
 * Host header must name the server (DNS rebinding), a non-loopback bind needs the token it
 * printed, a bad --host/--port is a typed error, and the trials API is answered while a plot
 * computation is still pending on the plot thread.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { execFile, spawn } from "node:child_process";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { olderThan } from "../../../src/cli/dashboard/plots.js";
import { startWebDashboard, type WebDashboard } from "../../../src/cli/dashboard/web.js";
import { runCli } from "../../../src/cli/main.js";
import { createStudy, InvalidArgumentError, RandomSampler } from "../../../src/index.js";

const exec = promisify(execFile);

/** A GET with a chosen Host header (fetch does not let a page or a test set it). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

function getBytes(url: string, headers: Record<string, string>): Promise<{ bytes: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ bytes: Buffer.concat(chunks), headers: res.headers }));
    })
      .on("error", reject)
      .end();
  });
}

describe("web dashboard access", () => {
  let dir: string;
  let storage: string;
  let local: WebDashboard;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-access-"));
    storage = `sqlite:///${join(dir, "a.db")}`;
    const s = await createStudy({ storage, studyName: "a", sampler: new RandomSampler({ seed: 1 }) });
    await s.optimize((t) => t.suggestFloat("x", 0, 1), { nTrials: 3 });
    local = await startWebDashboard({ storage, port: 0 });
  });
  after(async () => {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers only the host names it was started for (DNS rebinding gets 421)", async () => {
    const port = new URL(local.url).port;
    const api = `${local.url}api/studies`;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "LOCALHOST", "localhost."]) {
      assert.equal((await get(api, { host })).status, 200, host);
    }
    for (const host of [`evil.example:${port}`, "127.0.0.1.evil.example", "attacker.com", "a b", `127.0.0.1:${port}@evil`]) {
      const r = await get(api, { host });
      assert.equal(r.status, 421, host);
      assert.match(JSON.parse(r.body).error, /does not answer to the host name/);
    }
    assert.equal(local.token, undefined);
    assert.equal(local.public, false);
  });

  it("requires the printed token on a non-loopback bind, and keeps it in a cookie", async () => {
    const pub = await startWebDashboard({ storage, host: "0.0.0.0", port: 0 });
    try {
      assert.equal(pub.public, true);
      assert.match(pub.token ?? "", /^[A-Za-z0-9_-]{24}$/);
      const u = new URL(pub.url);
      assert.equal(u.searchParams.get("token"), pub.token);
      const base = `http://127.0.0.1:${u.port}/`;
      assert.equal((await get(`${base}api/studies`)).status, 401);
      assert.equal((await get(`${base}api/studies?token=wrong`)).status, 403);
      assert.equal((await get(`${base}api/studies`, { authorization: "Bearer nope" })).status, 403);
      assert.equal((await get(`${base}api/studies`, { authorization: `Bearer ${pub.token}` })).status, 200);
      assert.equal((await get(`${base}api/studies`, { "x-parzen-token": pub.token as string })).status, 200);
      const page = await get(`${base}?token=${pub.token}`);
      assert.equal(page.status, 200);
      const cookie = String(page.headers["set-cookie"]);
      assert.match(cookie, /HttpOnly; SameSite=Strict/);
      assert.equal((await get(`${base}api/studies`, { cookie: cookie.split(";")[0] as string })).status, 200);
      // the token does not make another host name acceptable
      assert.equal((await get(`${base}api/studies?token=${pub.token}`, { host: "evil.example" })).status, 421);
      // an independently generated token each start
      const again = await startWebDashboard({ storage, host: "0.0.0.0", port: 0 });
      assert.notEqual(again.token, pub.token);
      await again.close();
    } finally {
      await pub.close();
    }
  });

  it("parzen dashboard --web --host 0.0.0.0 warns, and prints the token once in the URL", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "dashboard", "--web", "--host", "0.0.0.0", "--port", "0", "--storage", storage], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      let err = "";
      child.stderr.on("data", (c: Buffer) => (err += c.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const m = /on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${out} ${err}`)));
      });
      assert.match(err, /^warning: --host 0\.0\.0\.0 serves every study of this storage to the network/);
      assert.match(err, /the token is printed only now/);
      const u = new URL(url);
      const token = u.searchParams.get("token") ?? "";
      assert.match(token, /^[A-Za-z0-9_-]{24}$/);
      assert.equal(out.split(token).length - 1, 1, "the token is printed once");
      assert.ok(!err.includes(token), "not on stderr");
      const api = `http://127.0.0.1:${u.port}/api/studies`;
      assert.equal((await get(api)).status, 401);
      assert.equal((await get(`${api}?token=${token}`)).status, 200);
    } finally {
      child.kill("SIGINT");
    }
  });

  it("refuses a bad host or port with a typed error that says what to pass", async () => {
    await assert.rejects(startWebDashboard({ storage, host: "not a host", port: 0 }), (e: unknown) => e instanceof InvalidArgumentError && /--host "not a host" is not an IP address or host name/.test(e.message));
    await assert.rejects(startWebDashboard({ storage, port: 70000 }), (e: unknown) => e instanceof InvalidArgumentError && /--port 70000 is not a port/.test(e.message));
    await assert.rejects(startWebDashboard({ storage, host: "192.0.2.77", port: 0 }), (e: unknown) => e instanceof InvalidArgumentError && /not an address of this machine/.test(e.message));
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      await assert.rejects(startWebDashboard({ storage, port }), (e: unknown) => e instanceof InvalidArgumentError && new RegExp(`Port ${port} on 127.0.0.1 is already in use: pass another --port`).test(e.message));
      const err: string[] = [];
      const code = await runCli(["dashboard", "--web", "--storage", storage, "--port", String(port)], { out: () => undefined, err: (t) => err.push(t) }, {});
      assert.equal(code, 1);
      assert.match(err.join("\n"), /^error: Port \d+ on 127\.0\.0\.1 is already in use/);
      assert.doesNotMatch(err.join("\n"), /EADDRINUSE|run with --debug/);
    } finally {
      taken.close();
    }
  });
});

describe("web dashboard plots off the request path", () => {
  let dir: string;
  let storage: string;
  let server: WebDashboard;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "parzen-plots-"));
    storage = `sqlite:///${join(dir, "p.db")}`;
    const s = await createStudy({ storage, studyName: "big", sampler: new RandomSampler({ seed: 4 }) });
    await s.optimize((t) => {
      const x = t.suggestFloat("x", -5, 5);
      const lr = t.suggestFloat("lr", 1e-3, 10, { log: true });
      const c = t.suggestCategorical("c", ["a", "b", "c"]);
      if (c === "a") t.suggestInt("only_a", 1, 9);
      t.report(x * x, 0);
      return x * x + Math.log(lr) ** 2 + (c === "b" ? 1 : 0);
    }, { nTrials: 1500 });
    server = await startWebDashboard({ storage, port: 0 });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the trials API while a plot computation is pending", async () => {
    const order: string[] = [];
    const plots = get(`${server.url}api/studies/big/plots`).then((r) => {
      order.push("plots");
      return r;
    });
    // the plot request is on the plot thread now; the trials API does not wait for it
    await new Promise((r) => setTimeout(r, 30));
    const trials = await get(`${server.url}api/studies/big/trials?after=1490`);
    order.push("trials");
    assert.equal(trials.status, 200);
    assert.deepEqual((JSON.parse(trials.body) as { trials: { number: number }[] }).trials.map((t) => t.number), [1490, 1491, 1492, 1493, 1494, 1495, 1496, 1497, 1498, 1499]);
    const p = await plots;
    assert.deepEqual(order, ["trials", "plots"]);
    assert.equal(p.status, 200);
    const body = JSON.parse(p.body) as { version: string; params: string[]; plots: { title: string; spec: unknown }[]; notes: string[] };
    assert.equal(body.version, "1500/1500");
    assert.deepEqual(body.params, ["c", "lr", "only_a", "x"]);
    assert.ok(body.plots.some((q) => q.title === "Slice"));
    // tooltips name the trial's params
    const slice = JSON.stringify(body.plots.find((q) => q.title === "Slice")?.spec);
    assert.ok(slice.includes('"field":"params","type":"nominal","title":"Params"'), "a Params tooltip");
    assert.ok(/"params":"c=[abc], lr=[-0-9.e]+, (only_a=\d, )?x=[-0-9.e]+"/.test(slice), `rows carry the trial's params: ${slice.match(/"params":"[^"]*"/g)?.slice(0, 2).join(" ")}`);
    // the same version comes from the cache, byte for byte; gzipped when the client takes it
    const again = await get(`${server.url}api/studies/big/plots`);
    assert.equal(again.body, p.body);
    const zipped = await getBytes(`${server.url}api/studies/big/plots`, { "accept-encoding": "gzip, deflate" });
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.ok(zipped.bytes.length < p.body.length / 3, `${zipped.bytes.length} gzipped bytes of ${p.body.length}`);
    assert.equal(gunzipSync(zipped.bytes).toString("utf8"), p.body);
    // the version is the ETag: asking again with it costs a 304 and no body
    assert.equal(p.headers.etag, '"1500/1500"');
    const same = await get(`${server.url}api/studies/big/plots`, { "if-none-match": '"1500/1500"' });
    assert.equal(same.status, 304);
    assert.equal(same.body, "");
    // a big study loads in steps
    const step = JSON.parse((await get(`${server.url}api/studies/big/trials?after=100&limit=3`)).body) as { nTrials: number; trials: { number: number }[] };
    assert.deepEqual([step.nTrials, step.trials.map((t) => t.number)], [1500, [100, 101, 102]]);
    assert.equal((JSON.parse((await get(`${server.url}api/studies/big/trials`)).body) as { trials: unknown[] }).trials.length, 1500);
  });

  it("answers a newer version with the last plots at once and recomputes them in the background", async () => {
    const first = JSON.parse((await get(`${server.url}api/studies/big/plots`)).body) as { version: string };
    assert.equal(first.version, "1500/1500");
    await exec(process.execPath, ["--import", "tsx", "tests/fixtures/add-trials.ts", storage, "big", "2"]);
    // the server sees 1502 trials (its study refreshes at most every 300 ms)
    for (let n = 0; n < 100; n++) {
      const t = JSON.parse((await get(`${server.url}api/studies/big/trials?after=1500`)).body) as { nTrials: number };
      if (t.nTrials === 1502) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const stale = JSON.parse((await get(`${server.url}api/studies/big/plots`)).body) as { version: string };
    assert.equal(stale.version, "1500/1500", "the last plots, at once");
    let fresh = stale;
    for (let n = 0; n < 600 && fresh.version !== "1502/1502"; n++) {
      await new Promise((r) => setTimeout(r, 100));
      fresh = JSON.parse((await get(`${server.url}api/studies/big/plots`)).body) as { version: string };
    }
    assert.equal(fresh.version, "1502/1502", "then the recomputed ones");
    assert.equal(olderThan("1500/1500", "1502/1502"), true);
    assert.equal(olderThan("1502/1501", "1502/1502"), true);
    assert.equal(olderThan("1503/1500", "1502/1502"), false);
    assert.equal(olderThan("1502/1502", "1502/1502"), false);
  });

  it("draws the chosen parameters only, and says why parallel coordinates leave trials out", async () => {
    const chosen = JSON.parse((await get(`${server.url}api/studies/big/plots?params=${encodeURIComponent(JSON.stringify(["x", "lr"]))}`)).body) as { plots: { title: string; spec: unknown }[]; notes: string[] };
    const slice = JSON.stringify(chosen.plots.find((q) => q.title === "Slice")?.spec);
    assert.ok(slice.includes('"title":"x"') && slice.includes('"title":"lr"'), "x and lr drawn");
    assert.ok(!slice.includes('"title":"only_a"') && !slice.includes('"title":"c"'), "only_a and c not drawn");
    const all = JSON.parse((await get(`${server.url}api/studies/big/plots`)).body) as { plots: { title: string; spec: unknown }[] };
    // no trial has both only_a and y (added by another process): the plot says so instead of going blank
    const pc = JSON.stringify(all.plots.find((q) => q.title === "Parallel coordinates")?.spec);
    assert.ok(/No COMPLETE trial has every parameter: 1502 COMPLETE trials lack [^"]*only_a/.test(pc), pc.slice(0, 600));
    const none = JSON.parse((await get(`${server.url}api/studies/big/plots?params=${encodeURIComponent("[]")}`)).body) as { notes: string[] };
    assert.ok(none.notes.includes("Slice: no parameter is selected."), none.notes.join("; "));
    assert.equal((await get(`${server.url}api/studies/big/plots?params=x`)).status, 400);
  });
});
