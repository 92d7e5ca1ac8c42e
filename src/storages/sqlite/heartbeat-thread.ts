/**
 * Heartbeats from a thread of their own. A timer on the main event loop cannot fire while a
 * synchronous objective blocks that loop, so a busy process would look dead to the others and
 * its live trial would be failed. This worker thread has its own SQLite connection to the same
 * file and its own event loop: it beats every running trial of this process every interval,
 * whatever the main thread does. It dies with the process (a killed process stops beating, as
 * it should) and never keeps the process alive (unref).
 *
 * The worker's code is a few lines of plain JavaScript evaluated in the thread (no file to
 * resolve, so it runs the same from src/ under tsx and from dist/); it loads the same
 * better-sqlite3 the storage uses, by its resolved path.
 * @module
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * The worker: every `intervalMs`, beat the trials in `ids` in one write transaction, on a
 * connection opened for that beat only — so the storage's own connection is the last one when it
 * closes (SQLite then folds the -wal file back into the database).
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const SQL = "INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?) ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat";
const ids = new Set();
const stamp = () => { const s = new Date().toISOString(); return s.slice(0, 10) + " " + s.slice(11, 23) + "000"; };
const beat = () => {
  if (ids.size === 0) return;
  let db;
  try {
    db = new Database(workerData.path, { timeout: workerData.busyTimeout });
    const upsert = db.prepare(SQL);
    const now = stamp();
    db.transaction(() => { for (const id of ids) upsert.run(id, now); })();
  } catch { /* busy or gone: the next beat retries */ } finally { if (db) db.close(); }
};
const timer = setInterval(beat, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m.op === "add") ids.add(m.id);
  else if (m.op === "remove") ids.delete(m.id);
  else if (m.op === "close") { clearInterval(timer); parentPort.close(); }
});
`;

/** One heartbeat thread per storage; see the module doc. @internal */
export class HeartbeatThread {
  private readonly worker: Worker;
  private closed = false;

  constructor(path: string, intervalSeconds: number, busyTimeout: number) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { driver, path, intervalMs: intervalSeconds * 1000, busyTimeout },
    });
    this.worker.unref();
    // A failing thread (the file vanished, …) must not crash the process: the main thread's own
    // first beat and the stale check still work, and the next storage call reports the problem.
    this.worker.on("error", () => undefined);
  }

  /** Beat this trial from now on. */
  add(trialId: number): void {
    if (!this.closed) this.worker.postMessage({ op: "add", id: trialId });
  }

  /** Stop beating this trial. */
  remove(trialId: number): void {
    if (!this.closed) this.worker.postMessage({ op: "remove", id: trialId });
  }

  /** Closes the thread's connection and ends it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ended = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.ref(); // wait for the thread to end, though it never kept the process alive before
    this.worker.postMessage({ op: "close" });
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    timer.unref();
    await ended;
    clearTimeout(timer);
  }
}
