/**
 * The web dashboard's plot thread: computes a study's report plots off the server's event loop,
 * so that the trials API keeps answering while a 20,000-trial study's plots are recomputed.
 * It opens the storage itself (read-only use), keeps each study it was asked about and
 * refreshes it incrementally, and answers each request with the plots as JSON bytes, plain and
 * gzipped: encoding and compressing megabytes happen here too, not on the server's thread.
 * @module
 */
import { setPriority } from "node:os";
import { gzipSync } from "node:zlib";
import { parentPort } from "node:worker_threads";
import { loadStudy } from "../../study/create.js";
import type { Study } from "../../study/study.js";
import { plotsBody, type PlotRequest, type PlotReply } from "./plot-data.js";

const studies = new Map<string, Study>();

// On Linux a nice value belongs to a thread: this lowers the plot thread only, so that on a busy
// machine the server's own thread (the trials API) gets the CPU first. (Elsewhere it would lower
// the whole process: skipped.)
if (process.platform === "linux") {
  try {
    setPriority(10);
  } catch {
    // not permitted: the plot thread keeps the normal priority
  }
}

async function answer(req: PlotRequest): Promise<PlotReply> {
  try {
    let study = studies.get(req.studyName);
    if (study === undefined) {
      study = await loadStudy({ storage: req.storage, studyName: req.studyName });
      studies.set(req.studyName, study);
    } else await study.refresh();
    const { version, body } = plotsBody(study, req.params);
    return { id: req.id, ok: true, version, body: own(Buffer.from(body, "utf8")), gzip: own(gzipSync(body, { level: 4 })) };
  } catch (e) {
    return { id: req.id, ok: false, name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) };
  }
}

/** The bytes in an ArrayBuffer of their own (a Buffer may sit in a shared pool), to transfer. */
function own(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}

// one request at a time, in order: each computation is synchronous anyway
let queue = Promise.resolve();
parentPort?.on("message", (req: PlotRequest) => {
  queue = queue.then(async () => {
    const reply = await answer(req);
    parentPort?.postMessage(reply, reply.ok ? [reply.body.buffer as ArrayBuffer, reply.gzip.buffer as ArrayBuffer] : []);
  });
});
