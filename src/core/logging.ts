/**
 * parzen's logger, as Optuna's: levels, one verbosity for the process, lines on stderr in
 * Optuna's format (`[I 2026-12-01 22:49:46,123] Trial 3 finished with value: …`), and a
 * handler that can be replaced. The default verbosity is "info", as Optuna's; set it with
 * {@link setVerbosity} or the PARZEN_VERBOSITY environment variable. Warnings go through it too
 * (see warnings.ts).
 * @module
 */
import { InvalidArgumentError } from "../errors.js";

/** A level a record is logged at. */
export type LogLevel = "debug" | "info" | "warning" | "error";

/** The least severe level shown, or "silent" for none. */
export type Verbosity = LogLevel | "silent";

/** One log record. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
  /** A stable code for warnings (e.g. "PARZEN_TRIAL_FAILED"); absent for plain log lines. */
  readonly code?: string;
  readonly time: Date;
}

/** Receives the records that pass the verbosity. */
export type LogHandler = (record: LogRecord) => void;

const RANK: Record<Verbosity, number> = { debug: 10, info: 20, warning: 30, error: 40, silent: 100 };
const VERBOSITIES = Object.keys(RANK) as Verbosity[];

let explicit: Verbosity | undefined;

function parseVerbosity(v: string, where: string): Verbosity {
  const s = v.trim().toLowerCase();
  const alias: Record<string, Verbosity> = { warn: "warning", critical: "error", none: "silent", off: "silent" };
  const out = (VERBOSITIES as string[]).includes(s) ? (s as Verbosity) : alias[s];
  if (out === undefined) {
    throw new InvalidArgumentError(`${where} must be one of ${VERBOSITIES.join(", ")}, got ${JSON.stringify(v)}.`);
  }
  return out;
}

/** The verbosity in effect: the last setVerbosity, else PARZEN_VERBOSITY, else "info". */
export function getVerbosity(): Verbosity {
  if (explicit !== undefined) return explicit;
  const env = process.env.PARZEN_VERBOSITY;
  if (env === undefined || env === "") return "info";
  try {
    return parseVerbosity(env, "PARZEN_VERBOSITY");
  } catch {
    return "info";
  }
}

/**
 * Sets the least severe level shown ("debug" | "info" | "warning" | "error" | "silent").
 * Returns a function that restores the previous setting.
 * @throws {InvalidArgumentError} on another value.
 */
export function setVerbosity(verbosity: Verbosity): () => void {
  const next = parseVerbosity(String(verbosity), "setVerbosity");
  const prev = explicit;
  explicit = next;
  return () => {
    explicit = prev;
  };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** Optuna's line format: `[I 2026-12-01 22:49:46,123] message`, in local time. */
export function formatLogRecord(r: LogRecord): string {
  const t = r.time;
  const stamp =
    `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ` +
    `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())},${pad(t.getMilliseconds(), 3)}`;
  return `[${r.level[0]?.toUpperCase()} ${stamp}] ${r.message}`;
}

const stderrHandler: LogHandler = (r) => {
  process.stderr.write(`${formatLogRecord(r)}\n`);
};

let handler: LogHandler = stderrHandler;

/**
 * Sends the records that pass the verbosity to `next` instead of stderr (undefined: back to
 * stderr). Returns a function that restores the previous handler.
 */
export function setLogHandler(next: LogHandler | undefined): () => void {
  const prev = handler;
  handler = next ?? stderrHandler;
  return () => {
    handler = prev;
  };
}

/** Whether `h` is the default handler (Optuna-format lines on stderr). @internal */
export function isDefaultLogHandler(h: LogHandler): boolean {
  return h === stderrHandler;
}

/** The handler in effect (for wrappers such as the progress bar's). @internal */
export function currentLogHandler(): LogHandler {
  return handler;
}

/** Whether a record at `level` would be shown (to skip building costly messages). */
export function isLogEnabled(level: LogLevel): boolean {
  return RANK[level] >= RANK[getVerbosity()];
}

/** Logs a record. @internal */
export function log(level: LogLevel, message: string, code?: string): void {
  if (!isLogEnabled(level)) return;
  handler({ level, message, ...(code !== undefined ? { code } : {}), time: new Date() });
}
