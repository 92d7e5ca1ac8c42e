/**
 * The worker-thread entry (piscina): loads the objective module once per thread and runs one
 * trial per task, returning the value or the error as data.
 * @module
 */
import type { ObjectiveFunctionOf, ObjectiveTrial } from "../core/objective.js";
import { InvalidArgumentError, WorkerError } from "../errors.js";
import { type LoadTask, serializeError, type TrialTask, type TrialTaskResult } from "./protocol.js";
import { WorkerTrial } from "./worker-trial.js";

/** A module's default export: written against `Trial`, called here with the worker's ObjectiveTrial. */
type ModuleObjective = ObjectiveFunctionOf<ObjectiveTrial>;

const modules = new Map<string, Promise<ModuleObjective>>();
let tsx: Promise<TsImport> | undefined;

type TsImport = (specifier: string, parentURL: string) => Promise<unknown>;

/**
 * Node 20 does not apply the parent's module hooks (tsx) to dynamic imports in worker threads,
 * so a TypeScript objective module is imported through tsx's `tsImport`, which compiles it in
 * the format of its package (ESM, or CommonJS in a "type": "commonjs" project).
 */
function tsxImport(): Promise<TsImport> {
  tsx ??= (async () => {
    const spec = "tsx/esm/api";
    try {
      return ((await import(spec)) as { tsImport: TsImport }).tsImport;
    } catch (e) {
      throw new WorkerError(
        "A TypeScript objective module runs on worker threads only when tsx is installed (npm i -D tsx); " +
          "or compile the module to .js.",
        { cause: e },
      );
    }
  })();
  return tsx;
}

/**
 * The objective in a loaded module: its default export; in a CommonJS module, `module.exports`
 * when it is a function, or the `default` export TypeScript compiled to `exports.default`.
 */
function objectiveOf(m: { default?: unknown }): ModuleObjective | undefined {
  const d = m.default;
  if (typeof d === "function") return d as ModuleObjective;
  const inner = (d as { default?: unknown } | undefined)?.default;
  return typeof inner === "function" ? (inner as ModuleObjective) : undefined;
}

/** Loads (once per thread) the objective of a module. @internal */
export function load(url: string): Promise<ModuleObjective> {
  let p = modules.get(url);
  if (!p) {
    const imported = /\.(c|m)?tsx?$/.test(new URL(url).pathname)
      ? tsxImport().then((tsImport) => tsImport(url, import.meta.url))
      : import(url);
    p = imported.then((m) => {
      const fn = objectiveOf(m as { default?: unknown });
      if (fn === undefined) {
        throw new InvalidArgumentError(`The objective module ${url} must have a default export that is a function (trial) => number.`);
      }
      return fn;
    });
    modules.set(url, p);
  }
  return p;
}

/** Runs one trial (or, for a LoadTask, only loads the module). */
export default async function runTrialTask(task: TrialTask | LoadTask): Promise<TrialTaskResult> {
  if ("load" in task) {
    try {
      await load(task.load);
      return { ok: true, value: null };
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  }
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
