import { SqliteStorage } from "../../../src/storages/sqlite/index.js";
import { runStorageSuite } from "../../../src/testing/conformance/storage-suite.js";
import { tempDb } from "./helpers.js";

runStorageSuite({ name: "SqliteStorage (file)", create: async () => new SqliteStorage(tempDb().url) });
runStorageSuite({ name: "SqliteStorage (:memory:)", create: async () => new SqliteStorage("sqlite:///:memory:") });
