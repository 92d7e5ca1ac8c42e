/**
 * The PostgreSQL backend (loads `pg`). Reached through a dynamic import from `storages/url.ts`
 * and `createPostgresStorage`, so importing `parzen` never loads it.
 * @module
 */
import { PostgresStorage } from "./storage.js";

export { PostgresStorage, type PostgresOpenOptions } from "./storage.js";
export { isPostgresUrl, parsePostgresUrl, type PostgresStorageOptions } from "./url.js";

const open = new Map<string, Promise<PostgresStorage>>();

/**
 * The storage of a URL given as `storage` to createStudy and friends: one shared instance (one
 * pool) per URL in this process.
 * @internal
 */
export function openPostgresUrl(url: string): Promise<PostgresStorage> {
  let s = open.get(url);
  if (!s) {
    s = PostgresStorage.open(url).then((storage) => {
      const close = storage.close.bind(storage);
      storage.close = async () => {
        if (open.get(url) === s) open.delete(url);
        await close();
      };
      return storage;
    });
    const pending = s;
    pending.catch(() => {
      if (open.get(url) === pending) open.delete(url);
    });
    open.set(url, pending);
  }
  return s;
}
