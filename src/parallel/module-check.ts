/**
 * Why an objective module failed to load, in words that say what to change. optimize loads the
 * module in a worker before it creates any trial, so a missing file or a module in the wrong
 * format (ES syntax in a CommonJS package, or the reverse) fails at once, with no FAIL trials
 * (a missing file is refused earlier, in optimize).
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError, ParzenError } from "../errors.js";

/** The nearest package.json above a file, and its "type". @internal */
export function packageScope(file: string): { path: string; type: "module" | "commonjs" } | undefined {
  let dir = dirname(file);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        const type = (JSON.parse(readFileSync(pkg, "utf8")) as { type?: string }).type;
        return { path: pkg, type: type === "module" ? "module" : "commonjs" };
      } catch {
        return undefined;
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const ESM_IN_CJS = /Cannot use import statement outside a module|Unexpected token 'export'|ERR_REQUIRE_ESM|ERR_REQUIRE_CYCLE_MODULE|ERR_REQUIRE_ASYNC_MODULE|Cannot require\(\) ES Module/;
const CJS_IN_ESM = /(require|module|exports|__dirname|__filename) is not defined in ES module scope/;

/** The error to throw for a module that did not load. @internal */
export function moduleLoadError(url: string, error: Error): Error {
  if (error instanceof ParzenError) return error;
  const text = `${(error as { code?: string }).code ?? ""} ${error.message}`;
  const path = url.startsWith("file:") ? fileURLToPath(url) : url;
  const scope = url.startsWith("file:") ? packageScope(path) : undefined;
  const first = error.message.split("\n")[0];
  const ts = /\.(c|m)?tsx?$/.test(path);
  if (ESM_IN_CJS.test(text)) {
    const why = scope ? `${scope.path} has no "type": "module", so Node loads ${path} as CommonJS` : `Node loads ${path} as CommonJS`;
    return new InvalidArgumentError(
      `The objective module ${path} uses ES module syntax but ${why} (${first}). ` +
        `Rename it to ${ts ? ".mts" : ".mjs"}, or add "type": "module" to ${scope?.path ?? "your package.json"}` +
        (ts ? "." : ", or write it as CommonJS: module.exports = function objective(trial) { … }."),
      { cause: error },
    );
  }
  if (CJS_IN_ESM.test(text)) {
    return new InvalidArgumentError(
      `The objective module ${path} uses CommonJS (require / module.exports) but is loaded as an ES module (${first}). ` +
        `Rename it to ${ts ? ".cts" : ".cjs"}, or use import and export default.`,
      { cause: error },
    );
  }
  return new InvalidArgumentError(`The objective module ${path} failed to load: ${first}`, { cause: error });
}
