/**
 * Records keyed by a user's names (params, distributions, attributes) are plain objects, so any
 * string must be safe as a key: `constructor` or `toString` must not be found on the prototype,
 * and `__proto__` must be stored as a key, not change the prototype. Read with {@link own}, write
 * with {@link setOwn} (or spread / computed keys / Object.fromEntries, which define own keys).
 * @module
 */

/** The record's own value of `key`, never an inherited member. */
export function own<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `record[key]` as an own property, also for `__proto__`. */
export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
