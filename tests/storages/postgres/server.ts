/**
 * The real PostgreSQL server the tests (and `npm run bench -- storage --postgres`) use:
 *
 * 1. PARZEN_TEST_POSTGRES_URL (a superuser URL, e.g. postgresql://postgres:pw@127.0.0.1:55432/postgres),
 *    which .ci/run exports after starting its cluster; or
 * 2. a private cluster started here in a temp dir, when Debian's binaries exist
 *    (PARZEN_TEST_POSTGRES_BIN, else the newest /usr/lib/postgresql/N/bin): initdb with password
 *    (scram) auth on 127.0.0.1 and a free port, as the postgres user when run as root; stopped at exit.
 *
 * Tests that must control the server (pg_ctl restart) always take a private cluster.
 * When neither is possible, `testServer` returns the reason to skip (a failure under CI=true).
 */
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type pg from "pg";

/** pg, imported on first use (the lazy-load test checks that parzen alone does not load it). */
const client = async (connectionString: string): Promise<pg.Client> => {
  const { default: m } = await import("pg");
  const c = new m.Client({ connectionString });
  await c.connect();
  return c;
};

export interface TestServer {
  /** A superuser URL to the postgres database. */
  adminUrl: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** pg_ctl restart (private clusters only). */
  restart?: () => void;
  /** The server log (private clusters only). */
  log?: string;
}

function pgBin(): string | undefined {
  const env = process.env.PARZEN_TEST_POSTGRES_BIN;
  if (env) return existsSync(join(env, "initdb")) ? env : undefined;
  if (!existsSync("/usr/lib/postgresql")) return undefined;
  const versions = readdirSync("/usr/lib/postgresql")
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    .sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v ? `/usr/lib/postgresql/${v}/bin` : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

function run(cmd: string, args: string[], asPostgres: boolean): { status: number | null; out: string } {
  const r = asPostgres ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

const started: Array<() => void> = [];
process.on("exit", () => {
  for (const stop of started) stop();
});

/** Starts a private cluster. @returns the server, or why it cannot. */
export async function startCluster(): Promise<TestServer | string> {
  const bin = pgBin();
  if (!bin) return "no PostgreSQL server binaries (apt-get install postgresql)";
  const root = process.getuid?.() === 0;
  if (root && spawnSync("id", ["postgres"]).status !== 0) return "running as root but there is no postgres user";
  const dir = mkdtempSync(join(tmpdir(), "parzen-pg-"));
  const password = randomBytes(9).toString("hex");
  writeFileSync(join(dir, "pw"), password);
  if (root) {
    chownSync(dir, Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout), Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout));
    chownSync(join(dir, "pw"), Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout), 0);
  }
  const data = join(dir, "data");
  const init = run(join(bin, "initdb"), ["-D", data, "--auth-local=trust", "--auth-host=scram-sha-256", `--pwfile=${join(dir, "pw")}`, "-U", "postgres", "--no-sync", "-E", "UTF8"], root);
  if (init.status !== 0) return `initdb failed: ${init.out.trim().split("\n").at(-1)}`;
  const log = join(dir, "server.log");
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300`;
    const start = run(join(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-o", opts, "start"], root);
    if (start.status !== 0) continue;
    const stop = (): void => {
      run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], root);
      rmSync(dir, { recursive: true, force: true });
    };
    started.push(stop);
    return {
      adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
      host: "127.0.0.1",
      port,
      user: "postgres",
      password,
      log,
      restart: () => {
        const r = run(join(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-m", "fast", "-o", opts, "restart"], root);
        if (r.status !== 0) throw new Error(`pg_ctl restart failed: ${r.out}`);
      },
    };
  }
  return "pg_ctl start failed 5 times (see the server log)";
}

let shared: Promise<TestServer | string> | undefined;

/** The server of this test process: PARZEN_TEST_POSTGRES_URL, else a private cluster. */
export function testServer(): Promise<TestServer | string> {
  shared ??= (async () => {
    const url = process.env.PARZEN_TEST_POSTGRES_URL;
    if (url) {
      const u = new URL(url);
      return { adminUrl: url, host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
    }
    return startCluster();
  })();
  return shared;
}

/** Runs SQL as the superuser on a database of the server. */
export async function admin(server: TestServer, sql: string, database = "postgres"): Promise<pg.QueryResultRow[]> {
  const u = new URL(server.adminUrl);
  u.pathname = `/${database}`;
  const c = await client(u.toString());
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

let counter = 0;

/** A new empty database. @returns its parzen URL (postgresql://…) and name. */
export async function freshDatabase(server: TestServer, prefix = "parzen_test"): Promise<{ url: string; name: string }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin(server, `CREATE DATABASE ${name}`);
  const u = new URL(server.adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), name };
}

let schemaDb: Promise<string> | undefined;

/** A new empty schema in one test database (cheaper than a database). @returns its URL. */
export async function freshSchema(server: TestServer): Promise<string> {
  schemaDb ??= freshDatabase(server, "parzen_schemas").then((d) => d.url);
  const base = await schemaDb;
  const name = `s_${process.pid}_${counter++}`;
  const c = await client(base);
  await c.query(`CREATE SCHEMA ${name}`);
  await c.end();
  return `${base}?options=${encodeURIComponent(`-csearch_path=${name}`)}`;
}

/** Why PostgreSQL tests skip (undefined: they run). Under CI=true a missing server is a failure, not a skip. */
export async function serverOrSkip(): Promise<{ server?: TestServer; skip?: string }> {
  const s = await testServer();
  if (typeof s !== "string") return { server: s };
  if (process.env.CI === "true") throw new Error(`CI=true needs a PostgreSQL server: ${s}. .ci/run starts one and exports PARZEN_TEST_POSTGRES_URL.`);
  return { skip: `no PostgreSQL server: ${s}` };
}
