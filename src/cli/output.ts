/**
 * CLI output: the same rows as an ASCII table, JSON or CSV. Table cells and headers pass through
 * escapeControl (src/cli/text.ts): a name holding ESC/OSC/BEL is shown escaped, never run by the
 * terminal. JSON and CSV keep the data exact (JSON escapes control characters itself).
 * @module
 */
import { escapeControl } from "./text.js";

/** Output formats of the CLI. */
export type Format = "table" | "json" | "csv";

/** Where a command writes. */
export interface IO {
  out(text: string): void;
  err(text: string): void;
}

/** A cell's text: numbers compactly, dates as "YYYY-MM-DD HH:MM:SS", objects as JSON. */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (v instanceof Date) return v.toISOString().replace("T", " ").slice(0, 19);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** An ASCII table in Optuna's style (numbers right-aligned). */
export function formatTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cells = rows.map((r) => columns.map((c) => escapeControl(cellText(r[c]))));
  const heads = columns.map(escapeControl);
  const widths = heads.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === "number"));
  const sep = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const line = (vals: readonly string[], header = false) =>
    `| ${vals.map((v, i) => (numeric[i] && !header ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join(" | ")} |`;
  return [sep, line(heads, true), sep, ...cells.map((r) => line(r)), sep].join("\n");
}

/** A CSV cell: numbers in full precision (the shortest text that reads back as the same double, as JSON has them). */
function csvCell(v: unknown): string {
  const s = v instanceof Date ? v.toISOString() : typeof v === "number" ? String(v) : cellText(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row. */
export function formatCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return [columns.map(csvCell).join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n");
}

/** JSON-safe value: dates as ISO strings, non-finite numbers as strings. */
function jsonSafe(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

/** Rows as a JSON array of objects keyed by the columns (missing cells are null). */
export function formatJson(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(rows.map((r) => jsonSafe(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))), null, 2);
}

/** Writes rows in the chosen format. */
export function printRows(io: IO, format: Format, columns: readonly string[], rows: readonly Record<string, unknown>[]): void {
  if (format === "json") io.out(formatJson(columns, rows));
  else if (format === "csv") io.out(formatCsv(columns, rows));
  else io.out(rows.length === 0 ? "(no rows)" : formatTable(columns, rows));
}

/** Writes one record (an object) in the chosen format. */
export function printRecord(io: IO, format: Format, record: Record<string, unknown>): void {
  if (format === "json") io.out(JSON.stringify(jsonSafe(record), null, 2));
  else printRows(io, format, Object.keys(record), [record]);
}
