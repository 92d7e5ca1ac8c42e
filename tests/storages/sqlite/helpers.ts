/** Temp folders and paths for the SQLite tests (real files, removed at exit). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dirs: string[] = [];
process.on("exit", () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A new empty temp folder. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "parzen-sqlite-"));
  dirs.push(d);
  return d;
}

/** A fresh database path in a new temp folder, and its URL. */
export function tempDb(name = "study.db"): { path: string; url: string } {
  const path = join(tempDir(), name);
  return { path, url: `sqlite:///${path}` };
}
