/**
 * The dashboard's plots, computed on a worker thread (plot-worker.ts) and cached per study and
 * parameter choice with the study version they show (trial count / finished count). A request
 * for plots never runs the computation on the server's event loop, so the trials API keeps
 * answering meanwhile. Stale while revalidating: once a study's plots exist, a request for a
 * newer version gets the last plots at once and starts one recomputation in the background: at
 * most one per key at a time, and a pause after each as long as it took (at least 1 s), so a
 * 20,000-trial study that takes seconds to plot keeps at most half a core busy.
 * @module
 */
import { Worker } from "node:worker_threads";
import { ParzenError } from "../../errors.js";
import type { PlotReply, PlotRequest } from "./plot-data.js";

/** A plots answer: the JSON body, plain and gzipped. */
export interface PlotBody {
  readonly version: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
}

const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const workerUrl = new URL(`./plot-worker${ext}`, import.meta.url);

/** Whether plots of version `a` ("trials/finished") show less than the study at version `b`. */
export function olderThan(a: string, b: string): boolean {
  const [an = 0, af = 0] = a.split("/").map(Number);
  const [bn = 0, bf = 0] = b.split("/").map(Number);
  return an < bn || (an === bn && af < bf);
}

/** Plots of one storage's studies, off the event loop. */
export class PlotService {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: PlotBody) => void; reject: (e: Error) => void }>();
  private readonly cache = new Map<string, PlotBody & { doneAt: number; ms: number }>();
  private readonly pending = new Map<string, Promise<PlotBody>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly storage: string) {}

  /** How many computations are running or queued on the plot thread. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /**
   * The plots' JSON body. `version` is the study's current version as the server sees it: a
   * cached body of that version is answered at once; an older one too, while a recomputation
   * runs (its `version` field tells the page). The first request of a key waits for its plots.
   */
  async get(studyName: string, version: string, params?: readonly string[]): Promise<PlotBody> {
    const key = JSON.stringify([studyName, params ?? null]);
    const req = { storage: this.storage, studyName, ...(params !== undefined ? { params } : {}) };
    const cached = this.cache.get(key);
    if (cached && !olderThan(cached.version, version)) return cached;
    if (cached) {
      this.revalidate(key, req);
      return cached;
    }
    return this.pending.get(key) ?? this.run(key, req);
  }

  /** Starts (or schedules) one recomputation of `key`, unless one is pending or scheduled. */
  private revalidate(key: string, req: Omit<PlotRequest, "id">): void {
    if (this.pending.has(key) || this.timers.has(key) || this.closed) return;
    const last = this.cache.get(key);
    const wait = last ? last.doneAt + Math.max(1000, last.ms) - Date.now() : 0;
    if (wait <= 0) return void this.run(key, req).catch(() => undefined);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.run(key, req).catch(() => undefined);
    }, wait);
    timer.unref();
    this.timers.set(key, timer);
  }

  private run(key: string, req: Omit<PlotRequest, "id">): Promise<PlotBody> {
    const t0 = Date.now();
    const job = this.compute(req)
      .then((r) => {
        this.cache.set(key, { ...r, doneAt: Date.now(), ms: Date.now() - t0 });
        return r;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    return job;
  }

  private compute(req: Omit<PlotRequest, "id">): Promise<PlotBody> {
    const id = this.nextId++;
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...req, id } satisfies PlotRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // Under tsx (tests, `npm run` scripts) the thread registers tsx's loader before it imports the
    // TypeScript entry: Node 20 does not carry the parent's module hooks into worker threads.
    const worker =
      ext === ".ts"
        ? new Worker(
            `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((a) => a.register()).then(() => import(${JSON.stringify(workerUrl.href)}))`,
            { eval: true },
          )
        : new Worker(workerUrl);
    worker.unref();
    worker.on("message", (m: PlotReply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
      if (m.ok) w.resolve({ version: m.version, body: bytes(m.body), gzip: bytes(m.gzip) });
      else w.reject(new ParzenError(`${m.name}: ${m.message}`));
    });
    const fail = (e: Error) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      this.worker = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new ParzenError(`The dashboard's plot thread stopped (exit code ${code}); the next request starts a new one.`)));
    this.worker = worker;
    return worker;
  }

  /** Stops the plot thread. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
