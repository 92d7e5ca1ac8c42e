import { InMemoryStorage } from "../../src/storages/in-memory.js";
import { runStorageSuite } from "../../src/testing/conformance/storage-suite.js";

runStorageSuite({ name: "InMemoryStorage", create: async () => new InMemoryStorage() });
