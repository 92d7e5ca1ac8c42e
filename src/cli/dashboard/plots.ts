/**
 * The dashboard's plots, computed on a worker thread (plot-worker.ts) and cached per study,
 * parameter choice and version (trial count / finished count). A request for plots never runs
 * the computation on the server's event loop: the trials API keeps answering meanwhile. While a
 * computation for the same plots is pending, later requests wait for it instead of queueing more.
 * @module
 */
import { Worker } from "node:worker_threads";
import { ParzenError } from "../../errors.js";
import type { PlotReply, PlotRequest } from "./plot-data.js";

const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const workerUrl = new URL(`./plot-worker${ext}`, import.meta.url);

/** Plots of one storage's studies, off the event loop. */
export class PlotService {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: { version: string; body: string }) => void; reject: (e: Error) => void }>();
  private readonly cache = new Map<string, { version: string; body: string }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly storage: string) {}

  /** How many computations are running or queued on the plot thread. */
  get inFlight(): number {
    return this.waiting.size;
  }

  /**
   * The plots' JSON body. `version` is the study's current version as the server sees it: a
   * cached body of that version is answered at once.
   */
  async get(studyName: string, version: string, params?: readonly string[]): Promise<string> {
    const key = JSON.stringify([studyName, params ?? null]);
    const cached = this.cache.get(key);
    if (cached && cached.version === version) return cached.body;
    const running = this.pending.get(key);
    if (running) return running;
    const job = this.compute({ storage: this.storage, studyName, ...(params !== undefined ? { params } : {}) }).then((r) => {
      this.cache.set(key, r);
      return r.body;
    });
    this.pending.set(key, job);
    try {
      return await job;
    } finally {
      this.pending.delete(key);
    }
  }

  private compute(req: Omit<PlotRequest, "id">): Promise<{ version: string; body: string }> {
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
      if (m.ok) w.resolve(m);
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
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
