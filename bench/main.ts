/**
 * `npm run bench -- <part> [options]`: parzen's benchmark suite. Each part lives in
 * bench/<part>.ts and exports `run(args: string[]): Promise<void>`; with no part, every part runs.
 * Results are printed as tables and written as JSON under bench/results/.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Benches time trials, not stderr: per-trial log lines off unless asked for (child processes inherit it).
process.env.PARZEN_VERBOSITY ??= "warning";

const here = dirname(fileURLToPath(import.meta.url));
const parts = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !["main.ts", "functions.ts", "util.ts", "ranking.ts", "cv-task.ts"].includes(f) && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();

const [part, ...args] = process.argv.slice(2);
if (part === "--help" || part === "-h") {
  console.log(`usage: npm run bench -- [${parts.join("|")}] [options]`);
  process.exit(0);
}
const selected = part === undefined ? parts : [part];
for (const p of selected) {
  if (!parts.includes(p)) {
    console.error(`unknown bench part "${p}"; choose one of: ${parts.join(", ")}`);
    process.exit(2);
  }
  const mod = (await import(join(here, `${p}.ts`))) as { run: (args: string[]) => Promise<void> };
  console.log(`\n=== bench: ${p} ===`);
  await mod.run(args);
}
