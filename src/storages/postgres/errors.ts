/**
 * What a PostgreSQL failure means: retry it (a dropped connection, a server restart, a deadlock
 * or a serialization failure — the transaction was rolled back), or turn it into a StorageError
 * that says what happened and what to do (wrong password, missing database, statement timeout …).
 * ParzenErrors pass through unchanged.
 * @module
 */
import { ParzenError, StorageError } from "../../errors.js";

function field(e: unknown, name: string): string {
  return typeof e === "object" && e !== null && name in e ? String((e as Record<string, unknown>)[name]) : "";
}

/** SQLSTATEs after which the transaction was rolled back and may simply be run again. */
const RETRY_CODES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown: pg_terminate_backend, pg_ctl stop/restart
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting up or shutting down
  "53300", // too_many_connections (another process will free one)
]);
const NET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** Whether an error is a connection drop, restart, deadlock or serialization failure. @internal */
export function isTransient(e: unknown): boolean {
  if (e instanceof ParzenError) return false;
  const code = field(e, "code");
  if (RETRY_CODES.has(code) || code.startsWith("08") || NET_CODES.has(code)) return true;
  const msg = e instanceof Error ? e.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed|terminating connection/i.test(
    msg,
  );
}

/** Whether an error can only come from the server never having been reached (safe to retry any write). @internal */
export function neverReachedServer(e: unknown): boolean {
  const code = field(e, "code");
  return code === "ECONNREFUSED" || code === "57P03" || code === "53300" || /timeout exceeded when trying to connect/i.test(String(e));
}

/** The StorageError for a failure at `where` (host:port/database). @internal */
export function storageError(e: unknown, where: string, context: { user: string; database: string; host: string; port: number }): Error {
  if (e instanceof ParzenError) return e;
  const code = field(e, "code");
  const msg = e instanceof Error ? e.message : String(e);
  const { user, database, host, port } = context;
  let text: string;
  if (code === "28P01" || code === "28000") {
    text =
      `${where}: the server refused user "${user}" (${msg}). Check the user name and password in the URL ` +
      "(postgresql://user:password@host:port/database; a password with special characters must be percent-encoded), " +
      "or the server's pg_hba.conf.";
  } else if (code === "3D000") {
    text = `${where}: the database "${database}" does not exist. Create it first (createdb -h ${host} -p ${port} -U ${user} ${database}) or name an existing database in the URL.`;
  } else if (code === "ECONNREFUSED") {
    text = `${where}: nothing accepts connections at ${host}:${port} (connection refused). Check that the server is running and the URL's host and port.`;
  } else if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    text = `${where}: the host name "${host}" cannot be resolved. Check the URL's host.`;
  } else if (code === "57014") {
    text = `${where}: a statement ran longer than the statement timeout and was cancelled (${msg}); nothing it wrote was kept. Raise statement_timeout in the URL (milliseconds, 0 = none) or find what holds a lock for so long (pg_stat_activity).`;
  } else if (code === "42501") {
    text = `${where}: user "${user}" lacks a privilege (${msg}). Grant it CREATE and USAGE on the schema (GRANT ALL ON SCHEMA public TO ${user}) or use the database's owner.`;
  } else if (code === "53300") {
    text = `${where}: the server has no free connection slots (${msg}). Lower pool_size in the URL or raise max_connections on the server.`;
  } else if (code === "25006") {
    text = `${where} is read-only (${msg}): a standby or default_transaction_read_only. Point the URL at the primary.`;
  } else if (isTransient(e)) {
    text = `${where}: the connection kept failing (${msg}) for longer than the retry timeout. Check that the server is up and reachable; raise retry_timeout in the URL to wait longer.`;
  } else if (/SSL|self.signed|certificate/i.test(msg)) {
    text = `${where}: SSL failed (${msg}). Set sslmode in the URL (disable, require, verify-ca, verify-full) to match the server, and sslrootcert for a private CA.`;
  } else {
    text = `${where}: ${msg}${code ? ` (SQLSTATE ${code})` : ""}`;
  }
  return new StorageError(text, { cause: e });
}
