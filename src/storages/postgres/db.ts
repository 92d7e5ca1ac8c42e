/**
 * The connection pool and the one way SQL runs: `run(fn)` takes a connection, runs `fn` in a
 * transaction (or alone), and runs it again after a dropped connection, a server restart, a
 * deadlock or a serialization failure — until `retryTimeout` — when the caller says it is safe.
 * Any other failure becomes a StorageError with a fix-it message (errors.ts).
 * @module
 */
import pg from "pg";
import { StorageError } from "../../errors.js";
import { isTransient, neverReachedServer, storageError } from "./errors.js";
import type { ParsedPostgresUrl } from "./url.js";

/**
 * When a failed call may run again. `always`: idempotent; `unreached`: only if the server never
 * saw it (or rolled it back: deadlock); `open`: only while the server starts up (a wrong host or
 * port fails at once); `never`.
 */
export type RetryPolicy = "always" | "unreached" | "open" | "never";

/** Something that runs SQL: a pooled connection inside `run`. */
export type Sql = pg.PoolClient;

const guarded = new WeakSet<pg.PoolClient>();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Db {
  readonly pool: pg.Pool;
  readonly where: string;
  private readonly retryMs: number;
  private closed = false;

  constructor(readonly url: ParsedPostgresUrl) {
    this.where = url.where;
    this.retryMs = (url.options.retryTimeout ?? 60) * 1000;
    const config: pg.PoolConfig = {
      connectionString: url.connectionString,
      max: url.options.poolSize ?? 4,
      idleTimeoutMillis: 30000,
      connectionTimeoutMillis: (url.options.connectTimeout ?? 10) * 1000,
      keepAlive: true,
      // Idle connections do not keep the process alive (a CLI command exits when it is done).
      allowExitOnIdle: true,
      application_name: "parzen",
    };
    if (url.options.statementTimeout) config.statement_timeout = url.options.statementTimeout;
    this.pool = new pg.Pool(config);
    // An idle connection the server closed (restart, pg_terminate_backend) is dropped from the
    // pool; the next call opens a new one. Without a listener node would crash the process.
    this.pool.on("error", () => undefined);
  }

  /** The StorageError for a failure. */
  error(e: unknown): Error {
    return storageError(e, this.where, this.url);
  }

  /**
   * Runs `fn` on one connection; with `transaction`, between BEGIN and COMMIT (rolled back on
   * any error). Retries per `retry`, for at most retryTimeout; `firstTry` = false on reruns.
   */
  async run<T>(fn: (c: Sql, firstTry: boolean) => Promise<T>, opts: { transaction?: boolean; retry?: RetryPolicy } = {}): Promise<T> {
    const started = Date.now();
    let delay = 50;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new StorageError(`${this.where}: the storage was closed; open it again.`);
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        // The server may close a checked-out connection between two statements (restart,
        // pg_terminate_backend): the next query fails and is retried; the event itself is harmless.
        if (!guarded.has(client)) {
          guarded.add(client);
          client.on("error", () => undefined);
        }
        if (!opts.transaction) {
          const out = await fn(client, attempt === 0);
          client.release();
          return out;
        }
        await client.query("BEGIN");
        try {
          const out = await fn(client, attempt === 0);
          await client.query("COMMIT");
          client.release();
          return out;
        } catch (e) {
          if (!isTransient(e)) await client.query("ROLLBACK").catch(() => undefined);
          throw e;
        }
      } catch (e) {
        // A broken connection is destroyed; a healthy one goes back to the pool.
        client?.release(isTransient(e) ? (e as Error) : undefined);
        const policy = opts.retry ?? "never";
        const may =
          policy === "always"
            ? isTransient(e)
            : policy === "unreached"
              ? neverReachedServer(e) || isDeadlock(e)
              : policy === "open"
                ? code(e) === "57P03" || isDeadlock(e)
                : false;
        if (!may || Date.now() - started + delay > this.retryMs || this.closed) throw this.error(e);
        await sleep(delay * (0.5 + Math.random()));
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  /** One statement, retried when transient (reads and idempotent writes). */
  async query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.run(async (c) => (await c.query<R>(sql, params)).rows, { retry: "always" });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }
}

function code(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
}

function isDeadlock(e: unknown): boolean {
  return code(e) === "40P01" || code(e) === "40001";
}
