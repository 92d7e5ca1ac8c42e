/**
 * The web dashboard's plot thread: computes a study's report plots off the server's event loop,
 * so that the trials API keeps answering while a 20,000-trial study's plots are recomputed.
 * It opens the storage itself (read-only use), keeps each study it was asked about and
 * refreshes it incrementally, and answers each request with the plots as a JSON string.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { loadStudy } from "../../study/create.js";
import type { Study } from "../../study/study.js";
import { plotsBody, type PlotRequest, type PlotReply } from "./plot-data.js";

const studies = new Map<string, Study>();

async function answer(req: PlotRequest): Promise<PlotReply> {
  try {
    let study = studies.get(req.studyName);
    if (study === undefined) {
      study = await loadStudy({ storage: req.storage, studyName: req.studyName });
      studies.set(req.studyName, study);
    } else await study.refresh();
    return { id: req.id, ok: true, ...plotsBody(study, req.params) };
  } catch (e) {
    return { id: req.id, ok: false, name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) };
  }
}

// one request at a time, in order: each computation is synchronous anyway
let queue = Promise.resolve();
parentPort?.on("message", (req: PlotRequest) => {
  queue = queue.then(async () => parentPort?.postMessage(await answer(req)));
});
