/**
 * The storage conformance suite against a real PostgreSQL server, raw and inside CachedStorage
 * (what studies use): each test gets a new empty schema (created by parzen on first use), so
 * tests are isolated and cheap.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { InvalidArgumentError } from "../../../src/errors.js";
import { CachedStorage } from "../../../src/storages/cached.js";
import { PostgresStorage } from "../../../src/storages/postgres/index.js";
import { runStorageSuite } from "../../../src/testing/conformance/storage-suite.js";
import { freshSchema, serverOrSkip } from "./server.js";

const { server, skip } = await serverOrSkip();
if (server) {
  runStorageSuite({ name: "PostgresStorage", create: async () => PostgresStorage.open(await freshSchema(server)) });
  runStorageSuite({
    name: "PostgresStorage (heartbeats off)",
    create: async () => PostgresStorage.open(await freshSchema(server), { heartbeatInterval: 0 }),
  });
  runStorageSuite({ name: "CachedStorage(PostgresStorage)", create: async () => new CachedStorage(await PostgresStorage.open(await freshSchema(server))) });
  it("createNewTrial with a studyId that is no whole number is an InvalidArgumentError, and writes nothing", async () => {
    const s = await PostgresStorage.open(await freshSchema(server));
    try {
      const id = await s.createNewStudy(["minimize"], "ids");
      for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, "1" as unknown as number]) {
        await assert.rejects(s.createNewTrial(bad), (e: unknown) => e instanceof InvalidArgumentError && /createNewTrial: studyId must be a whole number, got/.test(e.message));
      }
      assert.deepEqual(await s.getAllTrials(id), []);
      assert.equal((await s.createNewTrial(id)).number, 0);
    } finally {
      await s.close();
    }
  });
} else {
  it("PostgresStorage conformance", { skip }, () => undefined);
}
