/**
 * PostgreSQL storage URLs, as users write them for Optuna: `postgresql://user:password@host:port/db`,
 * also `postgres://…` and SQLAlchemy's `postgresql+psycopg2://…`. The query string carries
 * parzen's options (pool_size, statement_timeout, heartbeat_interval, grace_period,
 * retry_timeout, connect_timeout) and libpq's connection parameters that node-postgres reads
 * (sslmode, sslrootcert, sslcert, sslkey, application_name, options, host for a Unix socket).
 * No I/O here: this file never loads `pg`.
 * @module
 */
import { own as ownKey } from "../../core/own.js";
import { InvalidArgumentError } from "../../errors.js";

const SCHEMES = ["postgresql://", "postgres://", "postgresql+psycopg2://", "postgresql+pg8000://", "postgresql+psycopg://"];

/** Whether a URL names a PostgreSQL storage. */
export function isPostgresUrl(url: string): boolean {
  return SCHEMES.some((s) => url.startsWith(s));
}

/** Options of a PostgreSQL storage (the URL's query string sets the same ones). */
export interface PostgresStorageOptions {
  /** Connections this process keeps open (URL: pool_size). Default 4. */
  poolSize?: number;
  /** Milliseconds after which the server cancels a statement (URL: statement_timeout). Default 0: none. */
  statementTimeout?: number;
  /**
   * Seconds between heartbeats of this process's RUNNING trials (URL: heartbeat_interval).
   * Default 60; 0 or null turns heartbeats and the failing of stale trials off.
   */
  heartbeatInterval?: number | null;
  /** Seconds without heartbeat after which a RUNNING trial is stale (URL: grace_period). Default 2 × heartbeatInterval. */
  gracePeriod?: number;
  /**
   * Seconds a call keeps retrying after a dropped connection, a server restart or a deadlock
   * before it fails with a StorageError (URL: retry_timeout). Default 60.
   */
  retryTimeout?: number;
  /** Seconds to wait for a connection (URL: connect_timeout, as libpq). Default 10. */
  connectTimeout?: number;
}

/** A parsed URL: what node-postgres gets, what error messages show, and parzen's options. @internal */
export interface ParsedPostgresUrl {
  /** A postgresql:// connection string for node-postgres, without parzen's own parameters. */
  connectionString: string;
  /** host:port/database, for messages (never the password). */
  where: string;
  host: string;
  port: number;
  database: string;
  user: string;
  options: PostgresStorageOptions;
}

const OWN: Record<string, keyof PostgresStorageOptions> = {
  pool_size: "poolSize",
  statement_timeout: "statementTimeout",
  heartbeat_interval: "heartbeatInterval",
  grace_period: "gracePeriod",
  retry_timeout: "retryTimeout",
  connect_timeout: "connectTimeout",
};

/** libpq / node-postgres parameters passed through unchanged. */
const PASSED = new Set(["sslmode", "sslrootcert", "sslcert", "sslkey", "application_name", "options", "host", "port", "user", "password", "dbname"]);

const SSLMODES = ["disable", "prefer", "require", "verify-ca", "verify-full", "no-verify", "allow"];

function malformed(url: string, why: string): InvalidArgumentError {
  const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
  return new InvalidArgumentError(
    `Malformed PostgreSQL URL ${JSON.stringify(shown)}: ${why}. Use postgresql://user:password@host:port/database` +
      "[?pool_size=4&statement_timeout=30000&heartbeat_interval=60&sslmode=require].",
  );
}

/**
 * Parses a PostgreSQL storage URL; options given in code override the URL's.
 * @throws {InvalidArgumentError} a malformed URL or option, naming it.
 */
export function parsePostgresUrl(url: string, overrides: PostgresStorageOptions = {}): ParsedPostgresUrl {
  const scheme = SCHEMES.find((s) => url.startsWith(s));
  if (!scheme) throw malformed(url, "it must start with postgresql://, postgres:// or postgresql+psycopg2://");
  let u: URL;
  try {
    u = new URL(`postgresql://${url.slice(scheme.length)}`);
  } catch {
    throw malformed(url, "it cannot be parsed as a URL");
  }
  const options: Record<string, number | null> = {};
  const passed = new URLSearchParams();
  for (const [k, v] of u.searchParams) {
    const own = ownKey(OWN, k);
    if (own) {
      const n = Number(v);
      if (v === "" || !Number.isFinite(n) || n < 0) throw malformed(url, `${k} must be a number >= 0, got ${JSON.stringify(v)}`);
      options[own] = n;
    } else if (PASSED.has(k)) {
      if (k === "sslmode" && !SSLMODES.includes(v)) throw malformed(url, `sslmode must be one of ${SSLMODES.join(", ")}, got ${JSON.stringify(v)}`);
      passed.append(k, v);
    } else {
      throw malformed(url, `unknown parameter ${JSON.stringify(k)} (parzen reads ${Object.keys(OWN).join(", ")}; libpq's ${[...PASSED].join(", ")})`);
    }
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || passed.get("dbname") || "postgres";
  const socketHost = passed.get("host");
  const host = decodeURIComponent(u.hostname) || socketHost || "localhost";
  const port = Number(u.port || passed.get("port") || 5432);
  const user = decodeURIComponent(u.username) || passed.get("user") || process.env.PGUSER || process.env.USER || "postgres";
  // libpq's meaning of sslmode (require = encrypted, not verified), not node-postgres' older one.
  if (passed.has("sslmode")) passed.set("uselibpqcompat", "true");
  u.search = passed.toString();
  const merged = { ...options, ...definedOnly(overrides) } as PostgresStorageOptions;
  validate(merged, url);
  return { connectionString: u.toString(), where: `PostgreSQL ${host}:${port}/${database}`, host, port, database, user, options: merged };
}

function definedOnly(o: PostgresStorageOptions): PostgresStorageOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as PostgresStorageOptions;
}

function validate(o: PostgresStorageOptions, url: string): void {
  if (o.poolSize !== undefined && !(Number.isInteger(o.poolSize) && o.poolSize >= 1)) {
    throw malformed(url, `pool_size must be an integer >= 1, got ${o.poolSize}`);
  }
  if (o.statementTimeout !== undefined && !Number.isInteger(o.statementTimeout)) {
    throw malformed(url, `statement_timeout must be an integer of milliseconds, got ${o.statementTimeout}`);
  }
  if (o.gracePeriod !== undefined && !(o.gracePeriod > 0)) throw malformed(url, `grace_period must be > 0 seconds, got ${o.gracePeriod}`);
  const hb = o.heartbeatInterval;
  if (hb !== undefined && hb !== null && !(typeof hb === "number" && hb >= 0 && Number.isFinite(hb))) {
    throw malformed(url, `heartbeat_interval must be a number of seconds >= 0 (0: off), got ${String(hb)}`);
  }
}
