/**
 * The worker-thread entry (piscina): loads the objective module once per thread and runs one
 * trial per task, returning the value or the error as data.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { ObjectiveFunction } from "../study/optimize.js";
import type { Trial } from "../trial/trial.js";
import { serializeError, type TrialTask, type TrialTaskResult } from "./protocol.js";
import { WorkerTrial } from "./worker-trial.js";

const modules = new Map<string, Promise<ObjectiveFunction>>();
let tsxRegistered: Promise<void> | undefined;

/**
 * Node 20 does not apply the parent's module hooks (tsx) to dynamic imports in worker threads,
 * so a TypeScript objective module registers tsx's loader in the worker first.
 */
function registerTsx(): Promise<void> {
  tsxRegistered ??= (async () => {
    const spec = "tsx/esm/api";
    try {
      const api = (await import(spec)) as { register: () => unknown };
      api.register();
    } catch (e) {
      throw new Error(
        "A TypeScript objective module runs on worker threads only when tsx is installed (npm i -D tsx); " +
          "or compile the module to .js.",
        { cause: e },
      );
    }
  })();
  return tsxRegistered;
}

function load(url: string): Promise<ObjectiveFunction> {
  let p = modules.get(url);
  if (!p) {
    const ready = /\.(c|m)?tsx?$/.test(new URL(url).pathname) ? registerTsx() : Promise.resolve();
    p = ready.then(() => import(url)).then((m: { default?: unknown }) => {
      if (typeof m.default !== "function") {
        throw new InvalidArgumentError(`The objective module ${url} must have a default export that is a function (trial) => number.`);
      }
      return m.default as ObjectiveFunction;
    });
    modules.set(url, p);
  }
  return p;
}

/** Runs one trial. */
export default async function runTrialTask(task: TrialTask): Promise<TrialTaskResult> {
  try {
    const fn = await load(task.module);
    const value = await fn(new WorkerTrial(task) as unknown as Trial);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  } finally {
    task.port.close();
  }
}
