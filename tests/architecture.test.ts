/**
 * The walls of src/, checked on every test run: no import circles (type-only imports count, since
 * they couple the files as much for a reader), no arrow from a lower floor to a higher one, and no
 * file over 450 lines. Floors, from the ground up (docs/architecture.md draws them):
 *
 *   0 ground    errors, warnings, messages, random/, distributions/, core/, multi-objective/,
 *               trial/state, trial/frozen
 *   1 rooms     samplers/, pruners/, storages/, importance/, parallel/, trial/ (the rest)
 *   2 study     study/
 *   3 edge      cli/, visualization/, testing/, index.ts
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const files = walk(src).map((p) => relative(src, p));

/** The src/ files a file imports (static, type-only, re-exports and dynamic imports of literals). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(src, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const specs = [
    ...text.matchAll(/(?:^|\s)(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']/g),
    ...text.matchAll(/(?:^|\s)import\s*["']([^"']+)["']/g),
    ...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1] as string);
  const out = new Set<string>();
  for (const s of specs) {
    if (!s.startsWith(".")) continue;
    const target = relative(src, resolve(src, dirname(file), s.replace(/\.js$/, ".ts")));
    if (files.includes(target)) out.add(target);
    else if (files.includes(join(target, "index.ts"))) out.add(join(target, "index.ts"));
    else assert.fail(`${file} imports ${s}, which is not a file of src/`);
  }
  return [...out];
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** The src/ files a file imports at load time (value imports; no `import type`, no dynamic import). */
function staticImports(file: string): string[] {
  const text = readFileSync(join(src, file), "utf8");
  return [...text.matchAll(/^(?:import|export) (?!type )[^;]*?from "(\.[^"]+)";/gm)]
    .map((m) => relative(src, resolve(src, dirname(file), (m[1] as string).replace(/\.js$/, ".ts"))))
    .filter((t) => files.includes(t));
}

function floor(file: string): number {
  const top = file.split("/")[0] as string;
  if (["errors.ts", "warnings.ts", "messages.ts", "random", "distributions", "core", "multi-objective"].includes(top)) return 0;
  if (file === "trial/state.ts" || file === "trial/frozen.ts") return 0;
  if (["samplers", "pruners", "storages", "importance", "parallel", "trial"].includes(top)) return 1;
  if (top === "study") return 2;
  return 3;
}

/** Every elementary circle's first file chain, found by depth-first search (Tarjan would do too). */
function circles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe("architecture of src/", () => {
  it("finds the files and their imports", () => {
    assert.ok(files.length > 50);
    assert.ok(graph.get("index.ts")?.includes("errors.ts"));
  });

  it("has no import circles", () => {
    assert.deepEqual(circles().map((c) => c.join(" → ")), []);
  });

  it("has no arrow from a lower floor to a higher one", () => {
    const up: string[] = [];
    for (const [f, deps] of graph) for (const d of deps) if (floor(d) > floor(f)) up.push(`${f} (floor ${floor(f)}) → ${d} (floor ${floor(d)})`);
    assert.deepEqual(up, []);
  });

  it("keeps samplers, pruners, importance and parallel free of study/", () => {
    const bad = [...graph].flatMap(([f, deps]) =>
      /^(samplers|pruners|importance|parallel)\//.test(f) ? deps.filter((d) => d.startsWith("study/")).map((d) => `${f} → ${d}`) : [],
    );
    assert.deepEqual(bad, []);
  });

  it("has no file over 450 lines", () => {
    const long = files
      .map((f) => [f, readFileSync(join(src, f), "utf8").split("\n").length] as const)
      .filter(([, n]) => n > 450)
      .map(([f, n]) => `${f}: ${n} lines`);
    assert.deepEqual(long, []);
  });

  it("keeps warning codes and texts in messages.ts: no warn(\"CODE\", …) elsewhere", () => {
    const literal = files.filter((f) => f !== "messages.ts" && /\bwarn\(\s*["'`]/.test(readFileSync(join(src, f), "utf8")));
    assert.deepEqual(literal, []);
  });

  it("does not load cli-progress, piscina, better-sqlite3 or pg statically from the entry points", () => {
    const heavy = ["cli-progress", "piscina", "better-sqlite3", "pg"];
    const seen = new Set<string>();
    const visit = (f: string): void => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const g of staticImports(f)) visit(g);
    };
    visit("index.ts");
    const bad = [...seen].filter((f) => heavy.some((h) => new RegExp(`^import (?!type )(?:[^;]*?from )?"${h}"`, "m").test(readFileSync(join(src, f), "utf8"))));
    assert.deepEqual(bad, []);
  });

  it("keeps the runtime out of the public Study: no @internal member, no session type in its signature but the constructor", () => {
    const text = readFileSync(join(src, "study/study.ts"), "utf8");
    assert.doesNotMatch(text, /@internal/);
    assert.match(text, /readonly #session: StudySession;/);
  });

  it("has no `as unknown as Trial` cast", () => {
    assert.deepEqual(files.filter((f) => readFileSync(join(src, f), "utf8").includes("as unknown as Trial")), []);
  });
});
