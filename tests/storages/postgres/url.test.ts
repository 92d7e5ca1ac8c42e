/** PostgreSQL URLs: the schemes users paste from Optuna, parzen's options, libpq's sslmode; bad input is an InvalidArgumentError naming it. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { InvalidArgumentError } from "../../../src/errors.js";
import { resolveStorage } from "../../../src/storages/url.js";
import { isPostgresUrl, parsePostgresUrl } from "../../../src/storages/postgres/url.js";

it("reads postgresql://, postgres:// and postgresql+psycopg2:// URLs alike", () => {
  for (const scheme of ["postgresql", "postgres", "postgresql+psycopg2"]) {
    const p = parsePostgresUrl(`${scheme}://me:p%40ss@db.example:6543/studies`);
    assert.equal(isPostgresUrl(`${scheme}://x`), true);
    assert.equal(p.connectionString, "postgresql://me:p%40ss@db.example:6543/studies");
    assert.deepEqual([p.host, p.port, p.database, p.user], ["db.example", 6543, "studies", "me"]);
    assert.equal(p.where, "PostgreSQL db.example:6543/studies");
  }
  assert.equal(isPostgresUrl("sqlite:///x.db"), false);
});

it("takes parzen's options from the query string and passes libpq's on; code options win", () => {
  const p = parsePostgresUrl(
    "postgresql://u@h/d?pool_size=8&statement_timeout=30000&heartbeat_interval=10&grace_period=25&retry_timeout=5&sslmode=require&application_name=w1",
    { poolSize: 2 },
  );
  assert.deepEqual(p.options, { poolSize: 2, statementTimeout: 30000, heartbeatInterval: 10, gracePeriod: 25, retryTimeout: 5 });
  const q = new URL(p.connectionString).searchParams;
  assert.equal(q.get("sslmode"), "require");
  assert.equal(q.get("uselibpqcompat"), "true", "sslmode means what libpq says");
  assert.equal(q.get("application_name"), "w1");
  assert.equal(q.get("pool_size"), null);
  assert.deepEqual([p.port, p.database], [5432, "d"]);
});

it("rejects unknown parameters, bad numbers and bad sslmodes with an InvalidArgumentError that hides the password", () => {
  for (const [url, re] of [
    ["postgresql://u:secret@h/d?poolsize=3", /unknown parameter "poolsize"/],
    ["postgresql://u:secret@h/d?constructor=1", /unknown parameter "constructor"/],
    ["postgresql://u:secret@h/d?__proto__=1", /unknown parameter "__proto__"/],
    ["postgresql://u:secret@h/d?toString=1", /unknown parameter "toString"/],
    ["postgresql://u:secret@h/d?pool_size=0", /pool_size must be an integer >= 1/],
    ["postgresql://u:secret@h/d?statement_timeout=abc", /statement_timeout must be a number/],
    ["postgresql://u:secret@h/d?sslmode=maybe", /sslmode must be one of disable/],
  ] as const) {
    assert.throws(() => parsePostgresUrl(url), (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message) && !e.message.includes("secret"));
  }
});

it("an unknown storage URL lists the PostgreSQL form too", async () => {
  await assert.rejects(resolveStorage("mysql://u@h/d"), /postgresql:\/\/user:password@host:port\/database/);
});

it("the resolver and isPostgresUrl agree: a scheme parzen cannot read is an unsupported URL, not a malformed PostgreSQL one", async () => {
  for (const url of ["postgresql+asyncpg://u@h/d", "postgres+psycopg2://u@h/d"]) {
    assert.equal(isPostgresUrl(url), false);
    await assert.rejects(resolveStorage(url), (e: unknown) => e instanceof InvalidArgumentError && /Unsupported storage URL/.test((e as Error).message));
  }
});
