/**
 * The storage conformance suite against a real PostgreSQL server, raw and inside CachedStorage
 * (what studies use): each test gets a new empty schema (created by parzen on first use), so
 * tests are isolated and cheap.
 */
import { it } from "node:test";
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
} else {
  it("PostgresStorage conformance", { skip }, () => undefined);
}
