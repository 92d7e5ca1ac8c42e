/**
 * The web dashboard: a small read-only HTTP server (node:http) on 127.0.0.1 by default.
 * Routes are a fixed table (no file system paths come from a request, so no traversal):
 *
 *   GET /                                  the page (app shell)
 *   GET /assets/<vega|vega-lite|vega-embed|app>.js, /assets/app.css
 *   GET /api/studies                       study summaries
 *   GET /api/studies/<name>/trials?after=N&open=a,b,c&limit=L
 *                                          trials numbered N to N+L-1 (L: 2000 by default), plus
 *                                          trials a,b,c (the ones the page still holds as
 *                                          unfinished): live updates send only what is new or
 *                                          changed, and a big study loads in steps
 *   GET /api/studies/<name>/plots?params=["a","b"]
 *                                          the study's plots as Vega-Lite specs (the parameter
 *                                          plots with the chosen parameters), computed on a worker
 *                                          thread so that the trials API never waits for them;
 *                                          ETag = the version shown (If-None-Match: 304), gzip
 *
 * Every request first passes the access policy (access.ts): the Host header must name this
 * server (DNS rebinding), and a non-loopback bind needs the token printed at start.
 *
 * Every text the page shows is inserted with textContent: names, params and user attributes are
 * never parsed as HTML.
 * @module
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getAllStudySummaries, loadStudy } from "../../study/create.js";
import type { Study } from "../../study/study.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import { libraryFiles } from "../../visualization/render/html.js";
import { AccessPolicy, checkHost, checkPort, isLoopback, listenError, newToken } from "./access.js";
import { plotVersion } from "./plot-data.js";
import { PlotService } from "./plots.js";
import { APP_CSS, APP_HTML, APP_JS } from "./web-client.js";

/** Options of {@link startWebDashboard}. */
export interface WebDashboardOptions {
  storage: string;
  /** Address to bind (default 127.0.0.1). Anything but loopback requires a token. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The token of a non-loopback bind (default: a new random one); ignored on loopback. */
  token?: string;
  /** Most trials in one trials answer unless the request says `limit` (default 2000). */
  trialsPerRequest?: number;
}

/** A running dashboard server. */
export interface WebDashboard {
  /** The URL to open; for a non-loopback bind it carries `?token=`. */
  readonly url: string;
  /** The access token of a non-loopback bind; undefined on loopback. */
  readonly token: string | undefined;
  /** Whether the server listens beyond this machine. */
  readonly public: boolean;
  close(): Promise<void>;
  /** Resolves when the server has closed (Ctrl-C or close()). */
  readonly closed: Promise<void>;
}

const MAX_URL = 4096;

/** A trial as JSON for the page. */
function trialJson(t: FrozenTrial): Record<string, unknown> {
  const finite = (v: number) => (Number.isFinite(v) ? v : String(v));
  return {
    number: t.number,
    state: t.state,
    values: t.values?.map(finite) ?? null,
    params: t.params,
    distributions: Object.fromEntries(Object.entries(t.distributions).map(([k, d]) => [k, d.type])),
    intermediateValues: Object.fromEntries(Object.entries(t.intermediateValues).map(([k, v]) => [k, finite(v)])),
    userAttrs: t.userAttrs,
    systemAttrs: t.systemAttrs,
    // named constraints (value <= 0 is satisfied) where the trial type has them
    constraints: (t as { constraints?: unknown }).constraints ?? null,
    datetimeStart: t.datetimeStart?.toISOString() ?? null,
    datetimeComplete: t.datetimeComplete?.toISOString() ?? null,
    duration: t.duration ?? null,
  };
}

/** Starts the server; resolves once it listens. */
export async function startWebDashboard(options: WebDashboardOptions): Promise<WebDashboard> {
  const storage = options.storage;
  const host = checkHost(options.host ?? "127.0.0.1");
  const port = checkPort(options.port ?? 8080);
  const perRequest = Math.max(1, Math.floor(options.trialsPerRequest ?? 2000));
  const studies = new Map<string, { study: Study; refreshed: number }>();
  const plotService = new PlotService(storage);
  let access: AccessPolicy | undefined;
  const libs = libraryFiles();
  const assets: Record<string, { type: string; body: () => string }> = {
    "/assets/vega.js": { type: "text/javascript", body: () => readFileSync(libs.vega, "utf8") },
    "/assets/vega-lite.js": { type: "text/javascript", body: () => readFileSync(libs.vegaLite, "utf8") },
    "/assets/vega-embed.js": { type: "text/javascript", body: () => readFileSync(libs.vegaEmbed, "utf8") },
    "/assets/app.js": { type: "text/javascript", body: () => APP_JS },
    "/assets/app.css": { type: "text/css", body: () => APP_CSS },
  };
  const assetCache = new Map<string, string>();

  const getStudy = async (name: string): Promise<Study> => {
    let entry = studies.get(name);
    if (!entry) {
      entry = { study: await loadStudy({ storage, studyName: name }), refreshed: Date.now() };
      studies.set(name, entry);
    } else if (Date.now() - entry.refreshed > 300) {
      await entry.study.refresh();
      entry.refreshed = Date.now();
    }
    return entry.study;
  };

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      ...extra,
      // how many plot computations the plot thread has (for monitoring and the bench)
      "x-parzen-plot-jobs": String(plotService.inFlight),
      "content-type": `${type}; charset=utf-8`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "content-security-policy":
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, v: unknown) => send(res, status, "application/json", JSON.stringify(v));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawUrl = req.url ?? "/";
    if (rawUrl.length > MAX_URL) return json(res, 414, { error: "URL too long." });
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return json(res, 405, { error: "The dashboard is read-only: only GET is allowed." });
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > 0 || req.headers["transfer-encoding"]) return json(res, 413, { error: "Requests take no body." });
    const url = new URL(rawUrl, "http://localhost");
    if (access === undefined) return json(res, 503, { error: "The dashboard is starting; retry in a moment." });
    const decision = access.check(req, url);
    if (!decision.ok) return json(res, decision.status, { error: decision.error });
    const path = url.pathname;
    if (path === "/" || path === "/index.html") return send(res, 200, "text/html", APP_HTML, decision.setCookie ? { "set-cookie": decision.setCookie } : {});
    if (path === "/favicon.ico") {
      res.writeHead(204, { "cache-control": "max-age=86400" });
      return void res.end();
    }
    const asset = assets[path];
    if (asset) {
      let body = assetCache.get(path);
      if (body === undefined) {
        body = asset.body();
        assetCache.set(path, body);
      }
      return send(res, 200, asset.type, body);
    }
    if (path === "/api/studies") {
      const list = (await getAllStudySummaries(storage)).map((s) => ({
        name: s.studyName,
        directions: s.directions,
        nTrials: s.nTrials,
        bestValue: s.bestTrial?.value ?? null,
        bestNumber: s.bestTrial?.number ?? null,
        lastUpdate: s.lastUpdate?.toISOString() ?? null,
      }));
      return json(res, 200, list);
    }
    const m = /^\/api\/studies\/([^/]+)\/(trials|plots)$/.exec(path);
    if (m) {
      let name: string;
      try {
        name = decodeURIComponent(m[1] as string);
      } catch {
        return json(res, 400, { error: "Bad study name encoding." });
      }
      const study = await getStudy(name);
      const trials = study.trials;
      if (m[2] === "trials") {
        const after = Math.max(0, Number(url.searchParams.get("after") ?? 0) || 0);
        // at most `limit` trials from `after` on (the page loads a big study in steps, so that
        // no single answer holds the server thread for long)
        const limit = Math.min(10_000, Math.max(1, Number(url.searchParams.get("limit") ?? perRequest) || perRequest));
        const open = new Set(
          (url.searchParams.get("open") ?? "")
            .split(",")
            .filter((s) => s !== "")
            .map(Number)
            .filter(Number.isInteger),
        );
        const changed = trials.filter((t) => (t.number >= after && t.number < after + limit) || open.has(t.number));
        return json(res, 200, {
          studyName: study.studyName,
          directions: study.directions,
          userAttrs: study.userAttrs,
          nTrials: trials.length,
          trials: changed.map(trialJson),
        });
      }
      let params: string[] | undefined;
      const raw = url.searchParams.get("params");
      if (raw !== null) {
        try {
          params = JSON.parse(raw) as string[];
        } catch {
          params = undefined;
        }
        if (!Array.isArray(params) || !params.every((p) => typeof p === "string")) {
          return json(res, 400, { error: 'params must be a JSON array of parameter names, e.g. ?params=["x","y"].' });
        }
      }
      const plots = await plotService.get(name, plotVersion(trials), params);
      // the page asks every few seconds: an unchanged version is a 304 without a body
      const etag = `"${plots.version}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag, "cache-control": "no-cache", vary: "accept-encoding", "x-parzen-plot-jobs": String(plotService.inFlight) });
        return void res.end();
      }
      // megabytes for a big study: gzipped once on the plot thread, sent as bytes
      const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      return send(res, 200, "application/json", gzip ? plots.gzip : plots.body, { etag, vary: "accept-encoding", ...(gzip ? { "content-encoding": "gzip" } : {}) });
    }
    return json(res, 404, { error: `No route for ${path}.` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof Error && e.name === "StudyNotFoundError" ? 404 : 500;
      if (!res.headersSent) json(res, status, { error: e instanceof Error ? e.message : String(e) });
      else res.end();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) => reject(listenError(e, host, port)));
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const open = !isLoopback(host) && !isLoopback(addr.address);
  const token = open ? (options.token ?? newToken()) : undefined;
  access = new AccessPolicy(host, addr.port, token);
  const shownHost = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  server.on("close", () => resolveClosed());
  server.on("close", () => void plotService.close());
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  const url = `http://${shownHost}:${addr.port}/${token !== undefined ? `?token=${token}` : ""}`;
  return { url, token, public: open, close, closed };
}
