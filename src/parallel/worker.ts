/**
 * The worker-thread entry (piscina): loads the objective module once per thread and runs one
 * trial per task, returning the value or the error as data.
 * @module
 */
import type { ObjectiveFunctionOf, ObjectiveTrial } from "../core/objective.js";
import { InvalidArgumentError, WorkerError } from "../errors.js";
import { serializeError, type TrialTask, type TrialTaskResult } from "./protocol.js";
import { WorkerTrial } from "./worker-trial.js";

/** A module's default export: written against `Trial`, called here with the worker's ObjectiveTrial. */
type ModuleObjective = ObjectiveFunctionOf<ObjectiveTrial>;

const modules = new Map<string, Promise<ModuleObjective>>();
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
      throw new WorkerError(
        "A TypeScript objective module runs on worker threads only when tsx is installed (npm i -D tsx); " +
          "or compile the module to .js.",
        { cause: e },
      );
    }
  })();
  return tsxRegistered;
}

function load(url: string): Promise<ModuleObjective> {
  let p = modules.get(url);
  if (!p) {
    const ready = /\.(c|m)?tsx?$/.test(new URL(url).pathname) ? registerTsx() : Promise.resolve();
    p = ready.then(() => import(url)).then((m: { default?: unknown }) => {
      if (typeof m.default !== "function") {
        throw new InvalidArgumentError(`The objective module ${url} must have a default export that is a function (trial) => number.`);
      }
      return m.default as ModuleObjective;
    });
    modules.set(url, p);
  }
  return p;
}

/** Runs one trial. */
export default async function runTrialTask(task: TrialTask): Promise<TrialTaskResult> {
  try {
    const fn = await load(task.module);
    const value = await fn(new WorkerTrial(task));
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  } finally {
    task.port.close();
  }
}
