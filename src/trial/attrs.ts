/**
 * The check of one attribute (user or system, of a trial or a study) before it is stored.
 * @module
 */
import { checkJsonValue, checkStoredString } from "../validate.js";
import type { JsonValue } from "./state.js";

/**
 * @param call the API call, for the message (e.g. "setUserAttr").
 * @throws {InvalidArgumentError} a key that is not a well-formed string, or a value that is not JSON.
 */
export function checkAttr(call: string, key: string, value: JsonValue): void {
  checkStoredString(`${call}: the key`, key);
  checkJsonValue(`${call}(${JSON.stringify(key)})`, value);
}

/** Checks every entry of an attribute record (createTrial, enqueueTrial). */
export function checkAttrs(call: string, attrs: Readonly<Record<string, JsonValue>> | undefined): void {
  if (attrs === undefined) return;
  for (const k of Object.keys(attrs)) checkAttr(call, k, attrs[k] as JsonValue);
}
